/* shm_stat.c: what a segment reports about itself, and the list of segments. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "shm_int.h"

/* Where the system keeps POSIX shared-memory objects as files. */
#define SHM_DIR "/dev/shm"

static int32_t
load32(const int32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static int
alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

/* The sequence, size and length of one published update, read together. */
static int
current(struct ipc_shm *shm, uint64_t *seq, uint64_t *size, uint64_t *length)
{
	for (unsigned tries = 0;; tries++) {
		uint64_t s = shm_load(&shm_hdr(shm)->seq);
		int e = ipc__shm_remap(shm);
		if (e < 0)
			return e;
		e = ipc__shm_bufinfo(shm, (unsigned)s, size, length);
		*seq = s;
		int ok = ipc__shm_settled(shm, s, tries);
		if (ok != 0)
			return ok < 0 ? ok : e;
	}
}

int
ipc_shm_stat(ipc_shm *shm, struct ipc_shm_stat *st)
{
	struct stat sb;
	if (fstat(shm->fd, &sb) < 0)
		return -errno;
	uint64_t seq = 0, size = 0, length = 0;
	int e = current(shm, &seq, &size, &length);
	if (e < 0)
		return e;
	struct shm_hdr *h = shm_hdr(shm);
	memset(st, 0, sizeof *st);
	st->size = (size_t)size;
	st->length = (size_t)length;
	st->seq = seq;
	st->recoveries = __atomic_load_n(&h->recoveries, __ATOMIC_RELAXED);
	st->torn = (__atomic_load_n(&h->flags, __ATOMIC_RELAXED) & SHM_F_TORN) != 0;
	st->holder = load32(&h->holder);
	st->holder_alive = alive(st->holder);
	st->last_writer = load32(&h->last_writer);
	st->mtime_ns = __atomic_load_n(&h->mtime_ns, __ATOMIC_RELAXED);
	st->footprint = sb.st_size;
	st->mode = sb.st_mode & 07777;
	st->uid = sb.st_uid;
	st->gid = sb.st_gid;
	return 0;
}

/* ---- listing ---- */

struct entry {
	char *name;
	struct ipc_shm_stat st;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static int
entries_add(struct entries *es, const char *name, const struct ipc_shm_stat *st)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 16;
		struct entry *v = realloc(es->v, cap * sizeof *v);
		if (v == NULL)
			return -ENOMEM;
		es->v = v;
		es->cap = cap;
	}
	char *copy = strdup(name);
	if (copy == NULL)
		return -ENOMEM;
	es->v[es->n].name = copy;
	es->v[es->n].st = *st;
	es->n++;
	return 0;
}

static void
entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].name);
	free(es->v);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Adds name when it is a segment of ours that we may read; skips anything else. */
static int
consider(struct entries *es, const char *name)
{
	struct ipc_shm *shm;
	struct ipc_shm_stat st;
	if (ipc_name_check(name) < 0 || ipc__shm_open(&shm, name, IPC_SHM_RDONLY, 1) < 0)
		return 0;
	int e = ipc_shm_stat(shm, &st);
	ipc_shm_close(shm);
	return e < 0 ? 0 : entries_add(es, name, &st);
}

static int
collect(struct entries *es)
{
	DIR *d = opendir(SHM_DIR);
	if (d == NULL)
		return errno == ENOENT ? -ENOTSUP : -errno;
	int e = 0;
	struct dirent *de;
	errno = 0;
	while (e == 0 && (de = readdir(d)) != NULL) {
		e = consider(es, de->d_name);
		errno = 0;
	}
	if (e == 0 && errno != 0)
		e = -errno;
	closedir(d);
	return e;
}

int
ipc_shm_list(int (*fn)(const char *name, const struct ipc_shm_stat *st, void *arg),
    void *arg)
{
	struct entries es = { NULL, 0, 0 };
	int e = collect(&es);
	if (e == 0 && es.n > 0)
		qsort(es.v, es.n, sizeof *es.v, by_name);
	for (size_t i = 0; e == 0 && i < es.n; i++)
		e = fn(es.v[i].name, &es.v[i].st, arg);
	entries_free(&es);
	return e;
}
