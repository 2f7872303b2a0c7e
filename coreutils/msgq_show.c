/* msgq_show.c: `msgq stat` and `msgq ls`: a queue's state as a table or as JSON. */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "ipc/msgq.h"
#include "msgq_cli.h"

/*
 * JSON strings here are queue names as the library accepted them (letters,
 * digits, '.', '_', '-', and "key:"/"id:" forms), which need no escaping.
 * Keys are stable: the same in stat and in each element of ls's "queues".
 */
static void
json_time(const char *key, int64_t t)
{
	if (t == 0)
		printf(",\"%s\":null", key);
	else
		printf(",\"%s\":%lld", key, (long long)t);
}

static void
json_queue(const char *name, const struct ipc_msgq_stat *st)
{
	printf("{\"queue\":\"%s\",\"key\":%lu,\"key_hex\":\"0x%08lx\",\"id\":%d",
	    name, (unsigned long)(uint32_t)st->key, (unsigned long)(uint32_t)st->key, st->id);
	printf(",\"messages\":%zu,\"bytes\":%zu,\"max_bytes\":%zu,\"mode\":\"%04o\"",
	    st->messages, st->bytes, st->max_bytes, (unsigned)st->mode);
	printf(",\"uid\":%lu,\"gid\":%lu,\"cuid\":%lu,\"cgid\":%lu",
	    (unsigned long)st->uid, (unsigned long)st->gid,
	    (unsigned long)st->cuid, (unsigned long)st->cgid);
	printf(",\"last_send_pid\":%ld,\"last_recv_pid\":%ld",
	    (long)st->last_send_pid, (long)st->last_recv_pid);
	json_time("send_time", st->send_time);
	json_time("recv_time", st->recv_time);
	json_time("change_time", st->change_time);
	putchar('}');
}

/* "user:group" by name where the system knows them, else by number. */
static void
print_owner(const char *label, uid_t uid, gid_t gid)
{
	char buf[1024];
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	getpwuid_r(uid, &pw, buf, sizeof buf / 2, &pwp);
	getgrgid_r(gid, &gr, buf + sizeof buf / 2, sizeof buf / 2, &grp);
	printf("%-12s", label);
	pwp ? printf("%s", pwp->pw_name) : printf("%lu", (unsigned long)uid);
	grp ? printf(":%s\n", grp->gr_name) : printf(":%lu\n", (unsigned long)gid);
}

static void
print_time(const char *label, int64_t t, pid_t pid)
{
	char when[64];
	time_t tt = (time_t)t;
	struct tm tm;
	if (t == 0 || localtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0) {
		printf("%-12s%s\n", label, t == 0 ? "never" : "?");
		return;
	}
	if (pid > 0)
		printf("%-12s%s by pid %ld\n", label, when, (long)pid);
	else
		printf("%-12s%s\n", label, when);
}

static void
print_stat(const char *name, const struct ipc_msgq_stat *st)
{
	printf("%-12s%s\n", "queue", name);
	printf("%-12s0x%08lx\n", "key", (unsigned long)(uint32_t)st->key);
	printf("%-12s%d\n", "id", st->id);
	printf("%-12s%zu\n", "messages", st->messages);
	printf("%-12s%zu\n", "bytes", st->bytes);
	printf("%-12s%zu\n", "max-bytes", st->max_bytes);
	printf("%-12s%04o\n", "mode", (unsigned)st->mode);
	print_owner("owner", st->uid, st->gid);
	print_owner("creator", st->cuid, st->cgid);
	print_time("last-send", st->send_time, st->last_send_pid);
	print_time("last-recv", st->recv_time, st->last_recv_pid);
	print_time("changed", st->change_time, 0);
}

/* Opens and stats one queue; 0 or -errno. */
static int
stat_queue(const char *name, struct ipc_msgq_stat *st)
{
	ipc_msgq *q;
	int e = ipc_msgq_open(name, &q);
	if (e < 0)
		return e;
	e = ipc_msgq_stat(q, st);
	ipc_msgq_close(q);
	return e;
}

int
msgq_stat(const struct msgq_args *a)
{
	const char *name = a->operands[0];
	struct ipc_msgq_stat st;
	int e = stat_queue(name, &st);
	if (e < 0)
		return msgq_fail(name, e);
	if (a->json) {
		json_queue(name, &st);
		putchar('\n');
	} else {
		print_stat(name, &st);
	}
	return CLI_OK;
}

/* ---- ls ---- */

struct names {
	char **v;
	size_t n, cap;
};

static int
add_name(const char *name, void *arg)
{
	struct names *ns = arg;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		char **v = realloc(ns->v, cap * sizeof *v);
		if (v == NULL)
			return -ENOMEM;
		ns->v = v;
		ns->cap = cap;
	}
	if ((ns->v[ns->n] = strdup(name)) == NULL)
		return -ENOMEM;
	ns->n++;
	return 0;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
free_names(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* One queue's line or JSON element; a name whose queue is gone (removed
 * by ipcrm, or by rm meanwhile) is left out. 0 or the error status. */
static int
ls_one(const char *name, int json, int *first)
{
	struct ipc_msgq_stat st;
	int e = stat_queue(name, &st);
	if (e == -EIDRM || e == -ENOENT)
		return CLI_OK;
	if (e < 0)
		return msgq_fail(name, e);
	if (json) {
		fputs(*first ? "" : ",", stdout);
		json_queue(name, &st);
	} else {
		printf("%-24s 0x%08lx %10d %4s%04o %9zu %9zu %9zu\n", name,
		    (unsigned long)(uint32_t)st.key, st.id, "", (unsigned)st.mode,
		    st.messages, st.bytes, st.max_bytes);
	}
	*first = 0;
	return CLI_OK;
}

int
msgq_ls(const struct msgq_args *a)
{
	struct names ns = { 0 };
	int e = ipc_msgq_list(add_name, &ns);
	if (e < 0) {
		free_names(&ns);
		return msgq_fail(NULL, e);
	}
	if (ns.n > 1)
		qsort(ns.v, ns.n, sizeof *ns.v, by_name);
	if (a->json)
		fputs("{\"queues\":[", stdout);
	else
		printf("%-24s %-10s %10s %8s %9s %9s %9s\n", "NAME", "KEY", "ID", "MODE",
		    "MESSAGES", "BYTES", "MAX-BYTES");
	int status = CLI_OK, first = 1;
	for (size_t i = 0; i < ns.n; i++) {
		int st = ls_one(ns.v[i], a->json, &first);
		if (status == CLI_OK)
			status = st;
	}
	if (a->json)
		fputs("]}\n", stdout);
	free_names(&ns);
	return status;
}
