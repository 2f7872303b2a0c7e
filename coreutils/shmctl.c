/* shmctl.c: the shared-memory utility: its verbs, options and one exit. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipc/core.h"
#include "shmctl.h"
#include "utilities.h"

static const char USAGE[] =
"Usage: shmctl VERB [OPTION]... NAME [ARG]...\n"
"Named shared-memory segments with the synchronisation built in. A segment\n"
"NAME is the POSIX shared-memory object /NAME (on Linux, /dev/shm/NAME).\n"
"\n"
"Verbs:\n"
"  create [-m MODE] NAME SIZE    make a segment of SIZE bytes (K, M, G suffixes)\n"
"  write [--offset N] NAME       write each input line (or each --data STR) as\n"
"                                one all-or-nothing update\n"
"  read [--offset N] [--length N] NAME\n"
"                                copy the content to standard output\n"
"  wait [--since SEQ] NAME       wait for an update after SEQ, print its sequence\n"
"  stat [--json] NAME            show sizes, sequence, lock and recoveries\n"
"  ls [--json]                   list the segments\n"
"  rm NAME...                    remove segments\n"
"  resize NAME SIZE              change the data size, keeping the content\n"
"  lock NAME [--] CMD [ARG]...   run CMD while holding the lock\n"
"\n"
"Options:\n"
"  -m, --mode=MODE     permissions of a new segment, as chmod (default 0600)\n"
"      --offset=N      write or read at byte N (write: patch, keep the rest)\n"
"      --length=N      read N bytes (default: to the end of the content)\n"
"      --data=STR      write STR instead of reading standard input\n"
"  -0, --null          input records end with NUL instead of newline\n"
"      --raw           all of standard input is one update\n"
"      --since=SEQ     wait for an update after SEQ (default: the current one)\n"
"  -t, --timeout=S     give up after S seconds (wait, write, resize, lock)\n"
"      --nowait        do not wait at all\n"
"      --json          print JSON\n"
"      --help          show this help and exit\n"
"      --version       show version information and exit\n"
"\n"
"Exit status: 0 success; 1 nothing new (timed out); 2 usage or bad input;\n"
"3 no such segment; 4 permission denied; 5 other failure. lock exits with\n"
"the command's status, or 128+N when it was killed by signal N.\n";

enum {
	OPT_OFFSET = 256, OPT_LENGTH, OPT_DATA, OPT_RAW, OPT_SINCE, OPT_NOWAIT,
	OPT_JSON, OPT_HELP, OPT_VERSION,
};

static const struct cli_option o_mode = { "mode", 'm', CLI_ARG };
static const struct cli_option o_offset = { "offset", OPT_OFFSET, CLI_ARG };
static const struct cli_option o_length = { "length", OPT_LENGTH, CLI_ARG };
static const struct cli_option o_data = { "data", OPT_DATA, CLI_ARG };
static const struct cli_option o_null = { "null", '0', CLI_NOARG };
static const struct cli_option o_raw = { "raw", OPT_RAW, CLI_NOARG };
static const struct cli_option o_since = { "since", OPT_SINCE, CLI_ARG };
static const struct cli_option o_timeout = { "timeout", 't', CLI_ARG };
static const struct cli_option o_nowait = { "nowait", OPT_NOWAIT, CLI_NOARG };
static const struct cli_option o_json = { "json", OPT_JSON, CLI_NOARG };

/* One verb: its options, how many operands, and what it does. */
struct verb {
	const char *name;
	const struct cli_option *opts[8];
	int min_ops, max_ops;   /* max -1: any number */
	int (*run)(const struct shmctl_args *);
};

int
shmctl_fail(const char *name, int err)
{
	switch (err) {
	case -EBADMSG:
		cli_error(SHMCTL, name, "not a segment of this layout (wrong magic, version or size)");
		return CLI_FAIL;
	case -ESRCH:
		cli_error(SHMCTL, name, "the lock lent to this command was released or its holder died");
		return CLI_FAIL;
	case -ETIMEDOUT:
		cli_error(SHMCTL, name, "timed out waiting for the lock");
		return CLI_NOTHING;
	default:
		return cli_fail(SHMCTL, name, err);
	}
}

void
shmctl_recovered(const char *name, int flags)
{
	if (flags & IPC_SHM_RECOVERED)
		cli_error(SHMCTL, name, "warning: recovered the lock of a process that died "
		    "holding it%s", (flags & IPC_SHM_TORN) ?
		    "; its session was cut short, the content may be torn" : "");
}

int
shmctl_sliced(ipc_shm *shm, int (*op)(ipc_shm *, void *, int), void *arg, int timeout_ms,
    int *sig)
{
	enum { SLICE_MS = 200 };
	int left = timeout_ms;
	for (;;) {
		int slice = left < 0 || left > SLICE_MS ? SLICE_MS : left;
		int r = op(shm, arg, slice);
		if (r != -ETIMEDOUT)
			return r;
		if (left >= 0 && (left -= slice) <= 0)
			return r;
		if ((*sig = cli_pending_signal()) != 0)
			return -EINTR;
	}
}

/* Opens for writing, joining a lock that `shmctl lock` lends us, if any. */
static int
open_writer(const char *name, ipc_shm **shm)
{
	int e = ipc_shm_open(shm, name, IPC_SHM_RDWR);
	if (e < 0)
		return e;
	ipc_shm_join(*shm, getenv(IPC_SHM_LOCKED_ENV));   /* -ESRCH: not lent, lock */
	return 0;
}

static int
size_arg(const char *s, size_t *size)
{
	int e = cli_parse_size(s, size);
	if (e == 0 && *size == 0)
		e = -EINVAL;
	if (e == 0 && *size > ipc_shm_size_max())
		e = -EFBIG;
	if (e == -EINVAL)
		return cli_usage_error(SHMCTL, "invalid size '%s'", s);
	if (e < 0)
		return cli_usage_error(SHMCTL, "size '%s' is larger than %zu bytes", s,
		    ipc_shm_size_max());
	return 0;
}

/* ---- create, resize, rm ---- */

static int
run_create(const struct shmctl_args *a)
{
	size_t size;
	if (size_arg(a->ops[1], &size) != 0)
		return CLI_USAGE;
	ipc_shm *shm = NULL;
	int e = ipc_shm_create(&shm, a->ops[0], size, a->mode);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	ipc_shm_close(shm);
	return CLI_OK;
}

static int
resize_op(ipc_shm *shm, void *arg, int slice_ms)
{
	return ipc_shm_resize(shm, *(size_t *)arg, slice_ms);
}

static int
run_resize(const struct shmctl_args *a)
{
	size_t size;
	if (size_arg(a->ops[1], &size) != 0)
		return CLI_USAGE;
	ipc_shm *shm = NULL;
	int sig = 0, e = open_writer(a->ops[0], &shm);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	e = shmctl_sliced(shm, resize_op, &size, a->timeout_ms, &sig);
	ipc_shm_close(shm);
	if (sig != 0)
		return 128 + sig;
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	shmctl_recovered(a->ops[0], e);
	return CLI_OK;
}

static int
run_rm(const struct shmctl_args *a)
{
	int status = CLI_OK;
	for (int i = 0; i < a->nops; i++) {
		int e = ipc_shm_unlink(a->ops[i]);
		if (e < 0 && status == CLI_OK)
			status = shmctl_fail(a->ops[i], e);
		else if (e < 0)
			shmctl_fail(a->ops[i], e);
	}
	return status;
}

/* ---- write ---- */

struct write_job {
	size_t off;
	const char *rec;
	size_t len;
	int flags;
};

static int
write_op(ipc_shm *shm, void *arg, int slice_ms)
{
	struct write_job *w = arg;
	return ipc_shm_write(shm, w->off, w->rec, w->len, w->flags, slice_ms);
}

/* One update; the status for the record, or -1 to go on. */
static int
write_one(const struct shmctl_args *a, ipc_shm *shm, const char *rec, size_t len)
{
	struct write_job w = { a->offset, rec, len, a->has_offset ? 0 : IPC_SHM_TRUNC };
	int sig = 0;
	int r = shmctl_sliced(shm, write_op, &w, a->timeout_ms, &sig);
	if (sig != 0)
		return 128 + sig;
	if (r == -EMSGSIZE) {
		struct ipc_shm_stat st;
		ipc_shm_stat(shm, &st);
		cli_error(SHMCTL, a->ops[0], "%zu bytes at offset %zu do not fit in %zu bytes",
		    len, a->offset, st.size);
		return CLI_USAGE;
	}
	if (r < 0)
		return shmctl_fail(a->ops[0], r);
	shmctl_recovered(a->ops[0], r);
	return -1;
}

static int
write_input(const struct shmctl_args *a, ipc_shm *shm)
{
	struct ipc_shm_stat st;
	int e = ipc_shm_stat(shm, &st);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	struct cli_reader r;
	cli_reader_init(&r, STDIN_FILENO, a->split);
	/* Read no further than what could fit (one byte more, to tell). */
	r.max = st.size > a->offset ? st.size - a->offset : 0;
	r.max = r.max ? r.max : 1;
	const char *rec;
	size_t len;
	int status = -1;
	while (status < 0 && (e = cli_reader_next(&r, &rec, &len)) == 1)
		status = write_one(a, shm, rec, len);
	cli_reader_free(&r);
	if (status >= 0)
		return status;
	if (e == -EMSGSIZE) {
		cli_error(SHMCTL, a->ops[0], "input record longer than the %zu bytes that fit "
		    "at offset %zu", st.size > a->offset ? st.size - a->offset : 0, a->offset);
		return CLI_USAGE;
	}
	return e < 0 ? cli_fail(SHMCTL, "standard input", e) : CLI_OK;
}

static int
run_write(const struct shmctl_args *a)
{
	ipc_shm *shm = NULL;
	int e = open_writer(a->ops[0], &shm);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	int status = -1;
	for (int i = 0; i < a->ndata && status < 0; i++)
		status = write_one(a, shm, a->data[i], strlen(a->data[i]));
	if (a->ndata == 0)
		status = write_input(a, shm);
	ipc_shm_close(shm);
	return status < 0 ? CLI_OK : status;
}

/* ---- read, wait ---- */

static int
run_read(const struct shmctl_args *a)
{
	ipc_shm *shm = NULL;
	struct ipc_shm_stat st;
	int e = ipc_shm_open(&shm, a->ops[0], IPC_SHM_RDONLY);
	if (e == 0)
		e = ipc_shm_stat(shm, &st);
	if (e < 0) {
		ipc_shm_close(shm);
		return shmctl_fail(a->ops[0], e);
	}
	size_t want = a->has_length && a->length < st.size ? a->length : st.size;
	char *buf = malloc(want ? want : 1);
	ssize_t n = buf == NULL ? -ENOMEM : ipc_shm_read(shm, a->offset, buf, want,
	    a->has_length ? 0 : IPC_SHM_CONTENT, NULL);
	ipc_shm_close(shm);
	int status = CLI_OK;
	if (n == -EINVAL)
		status = cli_usage_error(SHMCTL, "offset %zu is past the end of %s (%zu bytes)",
		    a->offset, a->ops[0], st.size);
	else if (n < 0)
		status = shmctl_fail(a->ops[0], (int)n);
	else if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
		status = cli_fail(SHMCTL, "standard output", -errno);
	free(buf);
	return status;
}

/* Waiting needs only read permission; read-write lets the portable backend
 * sleep on its condition variable rather than poll. */
static int
open_reader(const char *name, ipc_shm **shm)
{
	int e = open_writer(name, shm);   /* joined: never waits for a lent lock */
	if (e == -EACCES || e == -EPERM || e == -EROFS)
		e = ipc_shm_open(shm, name, IPC_SHM_RDONLY);
	return e;
}

static int
run_wait(const struct shmctl_args *a)
{
	ipc_shm *shm = NULL;
	int e = open_reader(a->ops[0], &shm);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	uint64_t since = a->has_since ? a->since : ipc_shm_seq(shm), seq = 0;
	int64_t end = a->timeout_ms < 0 ? 0 : (int64_t)a->timeout_ms;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int sig = 0;
	for (;;) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		int64_t spent = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		int left = a->timeout_ms < 0 ? -1 : spent >= end ? 0 : (int)(end - spent);
		e = ipc_shm_wait(shm, since, left, &seq);
		if (e != -EINTR || (sig = cli_pending_signal()) != 0)
			break;
	}
	ipc_shm_close(shm);
	if (sig != 0)
		return 128 + sig;
	if (e == -ETIMEDOUT)
		return CLI_NOTHING;
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	printf("%llu\n", (unsigned long long)seq);
	return CLI_OK;
}

/* ---- the command line ---- */

static const struct verb VERBS[] = {
	{ "create", { &o_mode }, 2, 2, run_create },
	{ "write", { &o_offset, &o_data, &o_null, &o_raw, &o_timeout, &o_nowait }, 1, 1, run_write },
	{ "read", { &o_offset, &o_length }, 1, 1, run_read },
	{ "wait", { &o_since, &o_timeout, &o_nowait }, 1, 1, run_wait },
	{ "stat", { &o_json }, 1, 1, shmctl_stat },
	{ "ls", { &o_json }, 0, 0, shmctl_ls },
	{ "rm", { NULL }, 1, -1, run_rm },
	{ "resize", { &o_timeout, &o_nowait }, 2, 2, run_resize },
	{ "lock", { &o_timeout, &o_nowait }, 1, 1, shmctl_lock },
};

/* The verb's options plus --help and --version, zero-terminated. */
static void
option_table(const struct verb *v, struct cli_option *t)
{
	int n = 0;
	for (int i = 0; i < 8 && v->opts[i] != NULL; i++)
		t[n++] = *v->opts[i];
	t[n++] = (struct cli_option){ "help", OPT_HELP, CLI_NOARG };
	t[n++] = (struct cli_option){ "version", OPT_VERSION, CLI_NOARG };
	t[n] = (struct cli_option){ NULL, 0, 0 };
}

static int
number_arg(const char *what, const char *s, size_t *out)
{
	int e = cli_parse_size(s, out);
	if (e < 0)
		return cli_usage_error(SHMCTL, "invalid %s '%s'", what, s);
	return 0;
}

/* Applies one option; nonzero is an exit status (or -1 for --help/--version done). */
static int
apply(struct shmctl_args *a, int key, const char *arg)
{
	int ms;
	size_t v;
	switch (key) {
	case 'm':
		if (cli_parse_mode(arg, 0600, 0, &a->mode) < 0)
			return cli_usage_error(SHMCTL, "invalid mode '%s'", arg);
		return 0;
	case OPT_OFFSET:
		a->has_offset = 1;
		return number_arg("offset", arg, &a->offset);
	case OPT_LENGTH:
		a->has_length = 1;
		return number_arg("length", arg, &a->length);
	case OPT_SINCE:
		a->has_since = 1;
		if (number_arg("sequence", arg, &v) != 0)
			return CLI_USAGE;
		a->since = v;
		return 0;
	case OPT_DATA: a->data[a->ndata++] = arg; return 0;
	case '0': a->split = CLI_NUL; return 0;
	case OPT_RAW: a->split = CLI_RAW; return 0;
	case OPT_NOWAIT: a->timeout_ms = 0; return 0;
	case OPT_JSON: a->json = 1; return 0;
	case 't':
		if (cli_parse_seconds(arg, &ms) < 0)
			return cli_usage_error(SHMCTL, "invalid timeout '%s'", arg);
		a->timeout_ms = ms;
		return 0;
	case OPT_HELP: fputs(USAGE, stdout); return -1;
	case OPT_VERSION: cli_version(SHMCTL); return -1;
	default: return CLI_USAGE;
	}
}

/* Where lock's command starts: after the first "--", or after NAME. */
static int
command_start(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return -1;
}

/* Parses argv[2...]; lock's operands end at "--" or after NAME. */
static int
parse(const struct verb *v, int argc, char **argv, struct shmctl_args *a)
{
	struct cli_option table[12];
	option_table(v, table);
	int dd = v->run == shmctl_lock ? command_start(argc, argv) : -1;
	if (dd >= 0)
		a->cmd = argv + dd + 1;
	struct cli_parser p;
	cli_parser_init(&p, SHMCTL, dd >= 0 ? dd : argc, argv, 2);
	const char *arg;
	int key;
	while ((key = cli_next(&p, table, &arg)) != CLI_END) {
		if (key == CLI_BAD)
			return CLI_USAGE;
		if (key != CLI_OPERAND) {
			int st = apply(a, key, arg);
			if (st != 0)
				return st;
			continue;
		}
		a->ops[a->nops++] = arg;
		if (v->run == shmctl_lock && dd < 0) {
			a->cmd = argv + p.idx;   /* no "--": the command follows NAME */
			break;
		}
	}
	if (a->nops < v->min_ops || (v->max_ops >= 0 && a->nops > v->max_ops))
		return cli_usage_error(SHMCTL, "%s takes %s", v->name,
		    v->min_ops == 0 ? "no operand" : v->max_ops < 0 ? "one or more NAMEs" :
		    v->min_ops == 2 ? "NAME and SIZE" : "one NAME");
	if (v->run == shmctl_lock && (a->cmd == NULL || *a->cmd == NULL))
		return cli_usage_error(SHMCTL, "lock needs a command to run");
	for (int i = 0; i < a->nops && (v->min_ops != 2 || i == 0); i++)
		if (ipc_name_check(a->ops[i]) < 0)
			return cli_usage_error(SHMCTL, "invalid name '%s'", a->ops[i]);
	return 0;
}

static const struct verb *
find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0]; i++)
		if (strcmp(VERBS[i].name, name) == 0)
			return &VERBS[i];
	return NULL;
}

int
shmctl_main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(SHMCTL, "missing verb");
	if (strcmp(argv[1], "--help") == 0) {
		fputs(USAGE, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		cli_version(SHMCTL);
		return CLI_OK;
	}
	const struct verb *v = find_verb(argv[1]);
	if (v == NULL)
		return cli_usage_error(SHMCTL, "unknown verb '%s'", argv[1]);
	struct shmctl_args a = { .mode = 0600, .split = CLI_LINES, .timeout_ms = -1 };
	/* Operands and --data values are at most one per argument. */
	a.ops = calloc((size_t)argc, sizeof *a.ops);
	a.data = calloc((size_t)argc, sizeof *a.data);
	int status = a.ops == NULL || a.data == NULL ? cli_fail(SHMCTL, NULL, -ENOMEM)
	    : parse(v, argc, argv, &a);
	if (status == 0)
		status = v->run(&a);
	free(a.ops);
	free(a.data);
	return status < 0 ? CLI_OK : status;
}

#ifdef CLI_STANDALONE
int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, shmctl_main);
}
#endif
