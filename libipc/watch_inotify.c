/* watch_inotify.c: the Linux change watch: inotify on the directory and on the file. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "watch.h"

/* The directory watch sees the name come and go (create, rename, delete)
 * and, for a child, its writes and attribute changes; the file watch sees
 * the file itself changed through any name (a hard link, a symlink's target). */
#define NAME_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
#define FILE_EVENTS (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
#define DIR_EVENTS (NAME_EVENTS | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | \
	IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

enum { NOTHING, CHANGED, RENAMED };

/* Points the file watch at whatever the name holds now (none when absent).
 * Removing the old watch fails harmlessly when its inode is already gone. */
static void
follow_file(struct ipc_file_watch *w)
{
	int wd = inotify_add_watch(w->fd, w->path, FILE_EVENTS);
	if (w->wd_file >= 0 && wd != w->wd_file)
		(void)inotify_rm_watch(w->fd, w->wd_file);
	w->wd_file = wd < 0 ? -1 : wd;
}

static int
ino_open(struct ipc_file_watch *w)
{
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	w->wd_dir = inotify_add_watch(w->fd, w->dir, DIR_EVENTS);
	if (w->wd_dir < 0) {
		int e = -errno;
		ipc__close_quiet(w->fd);
		return e;
	}
	follow_file(w);
	return 0;
}

/* What one event means for the watched name. Events of a watch already
 * replaced are stale; a lost-events overflow could hide anything. */
static int
classify(struct ipc_file_watch *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW)
		return RENAMED;
	if (ev->wd == w->wd_file)
		return CHANGED;
	if (ev->wd != w->wd_dir)
		return NOTHING;
	if (ev->mask & IN_IGNORED) {
		w->wd_dir = -1;   /* the directory is gone */
		return CHANGED;
	}
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
		return CHANGED;
	if (ev->len == 0 || strcmp(ev->name, w->base) != 0)
		return NOTHING;
	return ev->mask & NAME_EVENTS ? RENAMED : CHANGED;
}

/* Reads every queued event: 1 when one concerns the file, 0 if none, -errno. */
static int
drain(struct ipc_file_watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0, renamed = 0;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0)
			return -errno;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			p += sizeof *ev + ev->len;
			int what = classify(w, ev);
			changed |= what != NOTHING;
			renamed |= what == RENAMED;
		}
	}
	if (renamed && w->wd_dir >= 0)
		follow_file(w);
	return changed;
}

static int
ino_wait(struct ipc_file_watch *w, const struct ipc__deadline *d)
{
	for (;;) {
		if (w->wd_dir < 0)
			return -ENOENT;
		int r = drain(w);
		if (r != 0)
			return r < 0 ? r : 0;
		r = ipc__poll_fd(w->fd, POLLIN, d);
		if (r < 0)
			return r;
	}
}

static void
ino_close(struct ipc_file_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
}

const struct ipc__watch_ops ipc__watch_inotify = { ino_open, ino_wait, ino_close };
