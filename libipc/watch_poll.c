/* watch_poll.c: the portable change watch: stat the file until its stamp moves. */
#include <config.h>

#include <errno.h>
#include <sys/stat.h>

#include "watch.h"

/* The longest pause between two looks: the most a waiter lags a change. */
#define POLL_MAX_MS 50

static void
take_stamp(const char *path, struct ipc__stamp *s)
{
	struct stat st;
	*s = (struct ipc__stamp){ 0 };
	if (stat(path, &st) < 0) {
		s->err = errno;
		return;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mode = st.st_mode;
	s->nlink = st.st_nlink;
	s->mtime = st.st_mtim;
	s->ctime = st.st_ctim;
}

static int
same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static int
same_stamp(const struct ipc__stamp *a, const struct ipc__stamp *b)
{
	return a->err == b->err && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mode == b->mode && a->nlink == b->nlink &&
	    same_time(a->mtime, b->mtime) && same_time(a->ctime, b->ctime);
}

static int
poll_open(struct ipc_file_watch *w)
{
	/* As with inotify, the directory must exist. */
	struct stat st;
	if (stat(w->dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	take_stamp(w->path, &w->seen);
	return 0;
}

static int
poll_wait(struct ipc_file_watch *w, const struct ipc__deadline *d)
{
	for (int step = 1;;) {
		struct ipc__stamp now;
		take_stamp(w->path, &now);
		if (!same_stamp(&now, &w->seen)) {
			w->seen = now;
			return 0;
		}
		int ms = ipc__backoff_ms(&step, POLL_MAX_MS, d);
		if (ms == 0)
			return -ETIMEDOUT;
		int e = ipc__pause_ms(ms);
		if (e < 0)
			return e;
	}
}

static void
poll_close(struct ipc_file_watch *w)
{
	(void)w;
}

const struct ipc__watch_ops ipc__watch_poll = { poll_open, poll_wait, poll_close };
