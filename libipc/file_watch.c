/* file_watch.c: waiting for a file to change, over the configured backend. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "watch.h"

/* The directory part of path ("." when there is none), newly allocated. */
static char *
dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (slash == NULL)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
ipc__watch_open_with(const struct ipc__watch_ops *ops, const char *path,
    ipc_file_watch **out)
{
	if (path == NULL || out == NULL)
		return -EINVAL;
	ipc_file_watch *w = calloc(1, sizeof *w);
	if (w == NULL)
		return -ENOMEM;
	w->ops = ops;
	w->fd = w->wd_dir = w->wd_file = -1;
	w->path = strdup(path);
	w->dir = w->path ? dir_of(w->path, &w->base) : NULL;
	int e = w->dir == NULL ? -ENOMEM : *w->base == '\0' ? -EINVAL : ops->open(w);
	if (e < 0) {
		free(w->dir);
		free(w->path);
		free(w);
		return e;
	}
	*out = w;
	return 0;
}

int
ipc_file_watch_open(const char *path, ipc_file_watch **out)
{
	return ipc__watch_open_with(&IPC__WATCH_DEFAULT, path, out);
}

int
ipc_file_watch_wait(ipc_file_watch *w, int timeout_ms)
{
	if (w == NULL)
		return -EINVAL;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	return w->ops->wait(w, &d);
}

void
ipc_file_watch_close(ipc_file_watch *w)
{
	if (w == NULL)
		return;
	w->ops->close(w);
	free(w->dir);
	free(w->path);
	free(w);
}
