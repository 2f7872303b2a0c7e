/* shmctl_show.c: `shmctl stat` and `shmctl ls`, as a table or as JSON. */
#include <config.h>

#include <stdio.h>
#include <time.h>

#include "ipc/core.h"
#include "shmctl.h"

static const char *
lock_state(const struct ipc_shm_stat *st)
{
	return st->holder == 0 ? "free" : st->holder_alive ? "held" : "dead";
}

/* ISO 8601 in UTC with milliseconds, or "-" when never written. */
static const char *
when(int64_t ns, char *buf, size_t len)
{
	if (ns <= 0)
		return "-";
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL)
		return "-";
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03dZ", (int)(ns / 1000000 % 1000));
	return buf;
}

/* Names are [A-Za-z0-9._-] (ipc_name_check), so they need no JSON escaping. */
static void
json_one(const char *name, const struct ipc_shm_stat *st)
{
	printf("{\"name\":\"%s\",\"size\":%zu,\"length\":%zu,\"seq\":%llu,"
	    "\"mode\":\"%04o\",\"uid\":%lu,\"gid\":%lu,\"footprint\":%lld,"
	    "\"mtime_ns\":%lld,", name, st->size, st->length,
	    (unsigned long long)st->seq, (unsigned)st->mode, (unsigned long)st->uid,
	    (unsigned long)st->gid, (long long)st->footprint, (long long)st->mtime_ns);
	if (st->last_writer > 0)
		printf("\"last_writer\":%ld,", (long)st->last_writer);
	else
		printf("\"last_writer\":null,");
	if (st->holder > 0)
		printf("\"holder\":%ld,", (long)st->holder);
	else
		printf("\"holder\":null,");
	printf("\"lock\":\"%s\",\"recoveries\":%llu,\"torn\":%s}", lock_state(st),
	    (unsigned long long)st->recoveries, st->torn ? "true" : "false");
}

static void
table_one(const char *name, const struct ipc_shm_stat *st)
{
	char t[64];
	printf("name:        %s\n", name);
	printf("size:        %zu\n", st->size);
	printf("length:      %zu\n", st->length);
	printf("sequence:    %llu\n", (unsigned long long)st->seq);
	printf("mode:        %04o\n", (unsigned)st->mode);
	printf("owner:       %lu:%lu\n", (unsigned long)st->uid, (unsigned long)st->gid);
	printf("footprint:   %lld\n", (long long)st->footprint);
	printf("modified:    %s\n", when(st->mtime_ns, t, sizeof t));
	if (st->last_writer > 0)
		printf("last writer: %ld\n", (long)st->last_writer);
	else
		printf("last writer: -\n");
	if (st->holder == 0)
		printf("lock:        free\n");
	else
		printf("lock:        held by %ld%s\n", (long)st->holder, st->holder_alive ? ""
		    : ", which is dead (the next locker recovers it)");
	printf("recoveries:  %llu\n", (unsigned long long)st->recoveries);
	printf("torn:        %s\n", st->torn ? "yes" : "no");
}

int
shmctl_stat(const struct shmctl_args *a)
{
	ipc_shm *shm = NULL;
	struct ipc_shm_stat st;
	int e = ipc_shm_open(&shm, a->ops[0], IPC_SHM_RDONLY);
	if (e == 0) {
		e = ipc_shm_stat(shm, &st);
		ipc_shm_close(shm);
	}
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	if (a->json) {
		json_one(ipc_name_bare(a->ops[0]), &st);
		putchar('\n');
	} else {
		table_one(ipc_name_bare(a->ops[0]), &st);
	}
	return CLI_OK;
}

struct ls_state {
	int json;
	int count;
};

static int
ls_one(const char *name, const struct ipc_shm_stat *st, void *arg)
{
	struct ls_state *ls = arg;
	if (ls->json) {
		fputs(ls->count ? "," : "", stdout);
		json_one(name, st);
	} else {
		if (ls->count == 0)
			printf("%-24s %12s %12s %10s %4s %6s %4s %4s\n", "NAME", "SIZE",
			    "LENGTH", "SEQ", "MODE", "UID", "LOCK", "TORN");
		printf("%-24s %12zu %12zu %10llu %04o %6lu %4s %4s\n", name, st->size,
		    st->length, (unsigned long long)st->seq, (unsigned)st->mode,
		    (unsigned long)st->uid, lock_state(st), st->torn ? "yes" : "no");
	}
	ls->count++;
	return 0;
}

int
shmctl_ls(const struct shmctl_args *a)
{
	struct ls_state ls = { a->json, 0 };
	if (a->json)
		fputs("{\"segments\":[", stdout);
	int e = ipc_shm_list(ls_one, &ls);
	if (a->json)
		fputs("]}\n", stdout);
	return e < 0 ? shmctl_fail("/dev/shm", e) : CLI_OK;
}
