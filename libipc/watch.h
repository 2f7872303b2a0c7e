/* watch.h: the change-watch backends behind ipc_file_watch (inotify, polling). */
#ifndef IPC_WATCH_H
#define IPC_WATCH_H

#include <sys/types.h>
#include <time.h>

#include "ipc/file.h"
#include "sys.h"

/* What polling compares: the file at the name, its size, times and mode. */
struct ipc__stamp {
	int err;             /* 0, or the errno of stat (ENOENT: no file) */
	dev_t dev;
	ino_t ino;
	off_t size;
	mode_t mode;
	nlink_t nlink;
	struct timespec mtime, ctime;
};

struct ipc__watch_ops;

struct ipc_file_watch {
	const struct ipc__watch_ops *ops;
	char *path;          /* the file, as given */
	char *dir;           /* its directory (inotify) */
	const char *base;    /* its last part, inside path (inotify) */
	int fd;              /* inotify descriptor, or -1 */
	int wd_dir, wd_file; /* inotify watches, or -1 */
	struct ipc__stamp seen;   /* polling: the file at the last look */
};

/* A backend: open sets up w (path is filled in), wait returns 0 on a change
 * since open or the last wait, close releases what open took. */
struct ipc__watch_ops {
	int (*open)(struct ipc_file_watch *w);
	int (*wait)(struct ipc_file_watch *w, const struct ipc__deadline *d);
	void (*close)(struct ipc_file_watch *w);
};

/* Polling is always built (and tested); inotify where configure found it. */
extern const struct ipc__watch_ops ipc__watch_poll;
extern const struct ipc__watch_ops ipc__watch_inotify;

#if HAVE_SYS_INOTIFY_H
#define IPC__WATCH_DEFAULT ipc__watch_inotify
#else
#define IPC__WATCH_DEFAULT ipc__watch_poll
#endif

/* ipc_file_watch_open with a chosen backend (the tests try both). */
int ipc__watch_open_with(const struct ipc__watch_ops *ops, const char *path,
    ipc_file_watch **out);

#endif
