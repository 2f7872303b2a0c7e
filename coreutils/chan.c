/* chan.c: the chan utility: create, send to, receive from, close, inspect and remove channels. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/chan.h"
#include "sys.h"
#include "utilities.h"

static const char PROG[] = "chan";

static const char USAGE[] =
    "Usage: chan create [-m MODE] [--type TYPE] [--capacity SIZE] NAME\n"
    "       chan send [-0|--raw] [--nowait|--timeout SECONDS] NAME [MESSAGE...]\n"
    "       chan recv [-n COUNT] [-0|--raw] [--nowait|--timeout SECONDS] NAME\n"
    "       chan close NAME\n"
    "       chan stat [--json] NAME\n"
    "       chan ls [--json]\n"
    "       chan rm NAME...\n"
    "Typed message channels in shared memory: many senders, one receiver.\n"
    "\n"
    "  create     make channel NAME (/dev/shm/ipc-chan.NAME)\n"
    "  send       send each MESSAGE, or each line of standard input, as one\n"
    "             sender that closes when done\n"
    "  recv       print messages, one per line, until every sender has closed\n"
    "             (or COUNT messages, or none came in time)\n"
    "  close      close the channel for every sender; the receiver gets what\n"
    "             was sent, then the end\n"
    "  stat, ls   show one channel, or all\n"
    "  rm         remove channels\n"
    "\n"
    "  -m, --mode=MODE        permissions, as chmod(1) takes them, from 0600\n"
    "      --type=TYPE        bytes (the default), line, int, json or record:SIZE\n"
    "      --capacity=SIZE    bytes of messages it holds (K, M, G; default 64K)\n"
    "  -n, --count=COUNT      receive COUNT messages, then stop\n"
    "  -0, --null             messages end with NUL instead of newline\n"
    "      --raw              standard input is one message; received messages\n"
    "                         are written with nothing after them\n"
    "  -t, --timeout=SECONDS  wait at most this long for each message, or for\n"
    "                         room for each message\n"
    "      --nowait           do not wait at all\n"
    "      --json             stat and ls print JSON\n"
    "      --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "Exit status: 0 success; 1 nothing received (empty, timed out, closed) or\n"
    "nothing sent (full, timed out, closed); 2 usage or bad input (a message\n"
    "that does not fit the channel's type); 3 no such channel; 4 permission\n"
    "denied; 5 any other failure; 128+N when stopped by signal N.\n";

enum {
	OPT_RAW = 256, OPT_NOWAIT, OPT_TYPE, OPT_CAPACITY, OPT_JSON, OPT_HELP, OPT_VERSION,
};

static const struct cli_option options[] = {
	{ "mode", 'm', CLI_ARG }, { "type", OPT_TYPE, CLI_ARG },
	{ "capacity", OPT_CAPACITY, CLI_ARG }, { "count", 'n', CLI_ARG },
	{ "null", '0', CLI_NOARG }, { "raw", OPT_RAW, CLI_NOARG },
	{ "timeout", 't', CLI_ARG }, { "nowait", OPT_NOWAIT, CLI_NOARG },
	{ "json", OPT_JSON, CLI_NOARG }, { "help", OPT_HELP, CLI_NOARG },
	{ "version", OPT_VERSION, CLI_NOARG }, { NULL, 0, 0 },
};

/* Everything a verb may be given; each verb says which options it takes. */
struct args {
	const char *verb;
	const int *allowed;       /* the option keys this verb takes, 0-terminated */
	char **operands;
	int noperands;
	mode_t mode;
	int type;
	size_t record_size;
	size_t capacity;
	long count;               /* -1: no -n */
	int timeout_ms;           /* IPC_FOREVER unless --timeout or --nowait */
	enum cli_split split;
	int raw, json, help, version;
};

/* ---- errors ---- */

/* The library's error codes in the words a chan user needs. */
static int
chan_fail(const char *name, int err)
{
	const char *why = NULL;
	switch (-err) {
	case ENOENT: why = "no such channel"; break;
	case EEXIST: why = "channel exists"; break;
	case EPROTO: why = "not a channel (or made by an incompatible libipc)"; break;
	case EUSERS: why = "too many senders have it open"; break;
	case ENOSPC: why = "no room left in shared memory"; break;
	case EIDRM: why = "the channel was removed"; break;
	case EPIPE: why = "the channel is closed"; break;
	case EAGAIN: why = "the channel is full"; break;
	case ETIMEDOUT: why = "timed out"; break;
	}
	if (why == NULL)
		return cli_fail(PROG, name, err);
	cli_error(PROG, name, "%s", why);
	return cli_status_of(err);
}

static int
check_name(const char *name)
{
	if (ipc_name_check(name) > 0)
		return 0;
	cli_error(PROG, name, "not a valid channel name (letters, digits, '.', '_' "
	    "and '-', not first '.' or '-', at most %d)", IPC_NAME_MAX);
	return CLI_USAGE;
}

/* ---- options ---- */

static int
take_option(struct args *a, int key, const char *arg)
{
	int r = 0;
	switch (key) {
	case 'm':
		r = cli_parse_mode(arg, 0600, 0, &a->mode);
		return r < 0 ? cli_usage_error(PROG, "invalid mode '%s'", arg) : 0;
	case OPT_TYPE:
		r = ipc_chan_type_parse(arg, &a->type, &a->record_size);
		return r < 0 ? cli_usage_error(PROG, "unknown type '%s' (bytes, line, int, "
		    "json or record:SIZE)", arg) : 0;
	case OPT_CAPACITY:
		r = cli_parse_size(arg, &a->capacity);
		return r < 0 || a->capacity == 0 ? cli_usage_error(PROG, "invalid capacity '%s'", arg) : 0;
	case 'n':
		r = cli_parse_long(arg, 1, 0x7fffffffL, &a->count);
		return r < 0 ? cli_usage_error(PROG, "invalid count '%s'", arg) : 0;
	case 't':
		r = cli_parse_seconds(arg, &a->timeout_ms);
		return r < 0 ? cli_usage_error(PROG, "invalid timeout '%s'", arg) : 0;
	case OPT_NOWAIT: a->timeout_ms = 0; return 0;
	case '0': a->split = CLI_NUL; return 0;
	case OPT_RAW: a->split = CLI_RAW; a->raw = 1; return 0;
	case OPT_JSON: a->json = 1; return 0;
	case OPT_HELP: a->help = 1; return 0;
	case OPT_VERSION: a->version = 1; return 0;
	}
	return CLI_USAGE;
}

static int
allowed(const struct args *a, int key)
{
	if (key == OPT_HELP || key == OPT_VERSION)
		return 1;
	for (const int *k = a->allowed; *k != 0; k++)
		if (*k == key)
			return 1;
	return 0;
}

static const char *
option_text(int key, char *buf, size_t len)
{
	for (const struct cli_option *o = options; o->key != 0; o++)
		if (o->key == key) {
			snprintf(buf, len, "--%s", o->name);
			return buf;
		}
	return "?";
}

/* Parses argv[2..] into a; operands go to a->operands (which the caller frees). */
static int
parse(struct args *a, int argc, char **argv)
{
	struct cli_parser p;
	const char *arg;
	int key;
	a->operands = calloc((size_t)argc, sizeof *a->operands);
	if (a->operands == NULL)
		return cli_fail(PROG, NULL, -ENOMEM);
	cli_parser_init(&p, PROG, argc, argv, 2);
	while ((key = cli_next(&p, options, &arg)) != CLI_END) {
		if (key == CLI_BAD)
			return CLI_USAGE;
		if (key == CLI_OPERAND) {
			a->operands[a->noperands++] = (char *)arg;
			continue;
		}
		if (!allowed(a, key)) {
			char buf[32];
			return cli_usage_error(PROG, "'%s' does not take %s", a->verb,
			    option_text(key, buf, sizeof buf));
		}
		int r = take_option(a, key, arg);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Checks the operand count: exactly want, or at least want when more is set. */
static int
operands(const struct args *a, int want, int more)
{
	if (a->noperands < want)
		return cli_usage_error(PROG, "'%s' needs a channel NAME", a->verb);
	if (!more && a->noperands > want)
		return cli_usage_error(PROG, "'%s' takes one NAME; extra operand '%s'",
		    a->verb, a->operands[want]);
	return check_name(a->operands[0]);
}

/* ---- create, close, rm ---- */

static int
do_create(struct args *a)
{
	int r = operands(a, 1, 0);
	if (r != 0)
		return r;
	char why[160];
	size_t cap = a->capacity ? a->capacity : IPC_CHAN_DEFAULT_CAPACITY;
	if (ipc_chan_attr_check(a->type, a->record_size, cap, why, sizeof why) < 0) {
		cli_error(PROG, a->operands[0], "%s", why);
		return CLI_USAGE;
	}
	r = ipc_chan_create(a->operands[0], a->type, a->record_size, cap, a->mode);
	return r < 0 ? chan_fail(a->operands[0], r) : CLI_OK;
}

static int
do_close(struct args *a)
{
	int r = operands(a, 1, 0);
	if (r != 0)
		return r;
	ipc_chan *ch;
	if ((r = ipc_chan_open(a->operands[0], IPC_CHAN_OBSERVER, &ch)) < 0)
		return chan_fail(a->operands[0], r);
	r = ipc_chan_shutdown(ch);
	ipc_chan_close(ch);
	return r < 0 ? chan_fail(a->operands[0], r) : CLI_OK;
}

static int
do_rm(struct args *a)
{
	int r = operands(a, 1, 1), status = CLI_OK;
	if (r != 0)
		return r;
	for (int i = 0; i < a->noperands; i++) {
		const char *name = a->operands[i];
		r = check_name(name);
		if (r == 0 && (r = ipc_chan_unlink(name)) < 0)
			r = chan_fail(name, r);
		if (r != 0 && status == CLI_OK)
			status = r;
	}
	return status;
}

/* ---- send ---- */

/*
 * Sends one message, waiting up to the per-message timeout. A signal
 * (-EINTR) either stops us (the caller returns 128+sig) or, when the shell
 * says it was nothing for us, the send is retried with the time left.
 */
static int
send_one(ipc_chan *ch, const struct args *a, const char *msg, size_t len, int *sig)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, a->timeout_ms);
	for (;;) {
		int r = ipc_chan_send_text(ch, msg, len, a->timeout_ms == 0 ? 0
		    : ipc__deadline_left_ms(&d));
		if (r != -EINTR)
			return r;
		if ((*sig = cli_pending_signal()) != 0)
			return r;
		if (a->timeout_ms > 0 && ipc__deadline_left_ms(&d) == 0)
			return -ETIMEDOUT;
	}
}

static int
send_failed(ipc_chan *ch, const char *name, long n, int err, int sig)
{
	if (sig != 0)
		return 128 + sig;
	if (err == -EINVAL || err == -EMSGSIZE) {
		cli_error(PROG, name, "message %ld: %s", n, ipc_chan_type_error(ch));
		return CLI_USAGE;
	}
	if (err == -ETIMEDOUT) {
		cli_error(PROG, name, "message %ld: timed out waiting for room", n);
		return CLI_NOTHING;
	}
	return chan_fail(name, err);
}

/* Each record of standard input is a message: lines, NUL-ended, or all.
 * Returns 0, a failed send's error, or (with *read_err set) a read error. */
static int
send_stdin(ipc_chan *ch, const struct args *a, long *n, int *sig, int *read_err)
{
	struct cli_reader rd;
	const char *rec;
	size_t len;
	int r;
	cli_reader_init(&rd, STDIN_FILENO, a->split);
	while ((r = cli_reader_next(&rd, &rec, &len)) > 0) {
		++*n;
		if ((r = send_one(ch, a, rec, len, sig)) < 0) {
			cli_reader_free(&rd);
			return r;
		}
	}
	cli_reader_free(&rd);
	*read_err = r;   /* 0 at the end of input */
	return 0;
}

static int
do_send(struct args *a)
{
	int r = operands(a, 1, 1), sig = 0, read_err = 0;
	if (r != 0)
		return r;
	const char *name = a->operands[0];
	ipc_chan *ch;
	/* Registered before reading anything: this command is one sender
	 * from now until its input ends. */
	if ((r = ipc_chan_open(name, IPC_CHAN_SENDER, &ch)) < 0)
		return chan_fail(name, r);
	long n = 0;
	if (a->noperands > 1) {
		for (int i = 1; i < a->noperands && r >= 0; i++)
			r = send_one(ch, a, a->operands[i], strlen(a->operands[i]), &sig), n++;
	} else {
		r = send_stdin(ch, a, &n, &sig, &read_err);
	}
	int status = read_err ? cli_fail(PROG, "standard input", read_err)
	    : r < 0 ? send_failed(ch, name, n, r, sig) : CLI_OK;
	ipc_chan_close(ch);
	return status;
}

/* ---- recv ---- */

static int
print_msg(const struct args *a, int type, const void *msg, size_t len)
{
	if (type == IPC_CHAN_INT) {
		int64_t v;
		memcpy(&v, msg, sizeof v);
		printf("%" PRId64, v);
	} else if (len > 0) {
		fwrite(msg, 1, len, stdout);
	}
	if (!a->raw)
		putchar(a->split == CLI_NUL ? '\0' : '\n');
	return ferror(stdout) ? -(errno ? errno : EIO) : 0;
}

/*
 * How long recv keeps a closed channel under watch before it believes it.
 * `a | chan send q & b | chan send q & chan recv q` starts two senders at
 * once, but if a is short its sender may open, send and close before b's
 * sender has even opened the channel: for that moment every sender that
 * opened it has closed. A new sender within the grace reopens the channel
 * and recv goes on. The library itself reports Closed exactly.
 */
#define CLOSE_GRACE_MS 250

static int
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	return nanosleep(&ts, NULL) < 0 ? -errno : 0;
}

/*
 * Waits for the next message: its length, or IPC_CHAN_EMPTY (--nowait),
 * IPC_CHAN_CLOSED (closed for the whole grace), -ETIMEDOUT, -EINTR with
 * *sig set, or another error. What is already printed is flushed before
 * any wait, so a reader downstream sees messages as they come while a busy
 * channel still gets buffered output.
 */
static ssize_t
recv_one(ipc_chan *ch, const struct args *a, const void **msg, int *sig)
{
	ssize_t n = ipc_chan_recv_begin(ch, msg, 0);
	if (n >= 0 || a->timeout_ms == 0 || (n != IPC_CHAN_EMPTY && n != IPC_CHAN_CLOSED))
		return n;
	fflush(stdout);
	struct ipc__deadline d;
	ipc__deadline_start(&d, a->timeout_ms);
	int64_t closed_at = 0;
	for (;;) {
		int left = ipc__deadline_left_ms(&d);
		if (n == IPC_CHAN_CLOSED) {
			int64_t now = ipc__now_ns();
			closed_at = closed_at ? closed_at : now;
			int grace = CLOSE_GRACE_MS - (int)((now - closed_at) / 1000000);
			if (grace <= 0 || left == 0)
				return n;
			n = nap_ms(left > 0 && left < 5 ? left : 5);
			if (n == 0)
				n = ipc_chan_recv_begin(ch, msg, 0);
		} else if (n == IPC_CHAN_EMPTY) {
			closed_at = 0;
			n = ipc_chan_recv_begin(ch, msg, left);
		}
		if (n == -EINTR && (*sig = cli_pending_signal()) == 0) {
			n = ipc_chan_recv_begin(ch, msg, 0);
			continue;
		}
		if (n != IPC_CHAN_EMPTY && n != IPC_CHAN_CLOSED)
			return n;
		if (n == IPC_CHAN_EMPTY && ipc__deadline_left_ms(&d) == 0)
			return -ETIMEDOUT;
	}
}

static int
busy_error(const char *name)
{
	ipc_chan *ob = NULL;
	struct ipc_chan_stat st;
	if (ipc_chan_open(name, IPC_CHAN_OBSERVER, &ob) == 0 && ipc_chan_stat(ob, &st) == 0 &&
	    st.receiver != 0)
		cli_error(PROG, name, "another receiver has it open (pid %ld)", (long)st.receiver);
	else
		cli_error(PROG, name, "another receiver has it open");
	ipc_chan_close(ob);
	return CLI_FAIL;
}

static int
do_recv(struct args *a)
{
	int r = operands(a, 1, 0), sig = 0;
	if (r != 0)
		return r;
	const char *name = a->operands[0];
	ipc_chan *ch;
	if ((r = ipc_chan_open(name, IPC_CHAN_RECEIVER, &ch)) < 0)
		return r == -EBUSY ? busy_error(name) : chan_fail(name, r);
	int type = ipc_chan_type(ch, NULL);
	long got = 0;
	ssize_t n = 0;
	const void *msg;
	while (a->count < 0 || got < a->count) {
		if ((n = recv_one(ch, a, &msg, &sig)) < 0)
			break;
		if ((r = print_msg(a, type, msg, (size_t)n)) < 0) {
			ipc_chan_close(ch);
			cli_error(PROG, NULL, "write error: %s", ipc_strerror(r));
			return CLI_FAIL;
		}
		ipc_chan_recv_end(ch);
		got++;
	}
	ipc_chan_close(ch);
	if (sig != 0)
		return 128 + sig;
	if (n == -EIDRM || n == -EPROTO)
		return chan_fail(name, (int)n);
	if (n < 0 && n != IPC_CHAN_EMPTY && n != IPC_CHAN_CLOSED && n != -ETIMEDOUT)
		return chan_fail(name, (int)n);
	return got > 0 && (a->count < 0 || got == a->count) ? CLI_OK : CLI_NOTHING;
}

/* ---- stat and ls ---- */

struct row {
	char name[IPC_NAME_MAX + 1];
	int err;                    /* opening or stat failed */
	struct ipc_chan_stat st;
};

static void
stat_row(struct row *row, const char *name)
{
	ipc_chan *ch;
	snprintf(row->name, sizeof row->name, "%s", name);
	row->err = ipc_chan_open(name, IPC_CHAN_OBSERVER, &ch);
	if (row->err == 0) {
		row->err = ipc_chan_stat(ch, &row->st);
		ipc_chan_close(ch);
	}
}

static const char *
state_text(const struct ipc_chan_stat *st)
{
	return st->shut ? "shut" : st->closed ? "closed" : "open";
}

static void
type_text(const struct ipc_chan_stat *st, char *buf, size_t len)
{
	if (ipc_chan_type_name(st->type, st->record_size, buf, len) < 0)
		snprintf(buf, len, "?");
}

static void
json_row(const struct row *row)
{
	const struct ipc_chan_stat *st = &row->st;
	if (row->err != 0) {
		printf("{\"name\":\"%s\",\"error\":\"%s\"}", row->name, ipc_strerror(row->err));
		return;
	}
	char type[32];
	type_text(st, type, sizeof type);
	printf("{\"name\":\"%s\",\"type\":\"%s\",\"record_size\":%zu,\"capacity\":%zu,"
	    "\"max_message\":%zu,\"used\":%zu,\"queued\":%" PRIu64 ",\"sent\":%" PRIu64
	    ",\"received\":%" PRIu64 ",\"senders\":%u,\"receiver\":",
	    row->name, type, st->record_size, st->capacity, st->max_msg, st->used,
	    st->queued, st->sent, st->received, st->senders);
	if (st->receiver != 0)
		printf("%ld", (long)st->receiver);
	else
		printf("null");
	printf(",\"state\":\"%s\",\"closed\":%s,\"mode\":\"%04o\",\"uid\":%lu,\"gid\":%lu}",
	    state_text(st), st->closed ? "true" : "false", (unsigned)st->mode,
	    (unsigned long)st->uid, (unsigned long)st->gid);
}

static int
do_stat(struct args *a)
{
	int r = operands(a, 1, 0);
	if (r != 0)
		return r;
	struct row row;
	stat_row(&row, a->operands[0]);
	if (row.err != 0)
		return chan_fail(row.name, row.err);
	if (a->json) {
		json_row(&row);
		putchar('\n');
		return CLI_OK;
	}
	const struct ipc_chan_stat *st = &row.st;
	char type[32];
	type_text(st, type, sizeof type);
	printf("name      %s\ntype      %s\ncapacity  %zu bytes (longest message %zu)\n"
	    "used      %zu bytes, %" PRIu64 " messages queued\nsent      %" PRIu64
	    "\nreceived  %" PRIu64 "\nsenders   %u\n",
	    row.name, type, st->capacity, st->max_msg, st->used, st->queued, st->sent,
	    st->received, st->senders);
	if (st->receiver != 0)
		printf("receiver  pid %ld\n", (long)st->receiver);
	else
		printf("receiver  none\n");
	printf("state     %s\nmode      %04o\nowner     uid %lu, gid %lu\n", state_text(st),
	    (unsigned)st->mode, (unsigned long)st->uid, (unsigned long)st->gid);
	return CLI_OK;
}

struct listing {
	struct row *rows;
	size_t n, cap;
};

static int
collect(const char *name, void *arg)
{
	struct listing *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct row *rows = realloc(l->rows, cap * sizeof *rows);
		if (rows == NULL)
			return -ENOMEM;
		l->rows = rows;
		l->cap = cap;
	}
	stat_row(&l->rows[l->n++], name);
	return 0;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(((const struct row *)x)->name, ((const struct row *)y)->name);
}

static void
table_row(const struct row *row)
{
	const struct ipc_chan_stat *st = &row->st;
	if (row->err != 0) {
		printf("%-20s %s\n", row->name, ipc_strerror(row->err));
		return;
	}
	char type[32], rx[24];
	type_text(st, type, sizeof type);
	snprintf(rx, sizeof rx, st->receiver ? "%ld" : "-", (long)st->receiver);
	printf("%-20s %-12s %10zu %10zu %8" PRIu64 " %7u %8s  %s\n", row->name, type,
	    st->capacity, st->used, st->queued, st->senders, rx, state_text(st));
}

static int
do_ls(struct args *a)
{
	if (a->noperands > 0)
		return cli_usage_error(PROG, "'ls' takes no operand ('%s')", a->operands[0]);
	struct listing l = { 0 };
	int r = ipc_chan_list(collect, &l);
	if (r < 0) {
		free(l.rows);
		return cli_fail(PROG, NULL, r);
	}
	qsort(l.rows, l.n, sizeof *l.rows, by_name);
	if (a->json)
		printf("{\"channels\":[");
	else
		printf("%-20s %-12s %10s %10s %8s %7s %8s  %s\n", "NAME", "TYPE", "CAPACITY",
		    "USED", "QUEUED", "SENDERS", "RECEIVER", "STATE");
	for (size_t i = 0; i < l.n; i++) {
		if (a->json) {
			printf(i ? "," : "");
			json_row(&l.rows[i]);
		} else {
			table_row(&l.rows[i]);
		}
	}
	if (a->json)
		printf("]}\n");
	free(l.rows);
	return CLI_OK;
}

/* ---- dispatch ---- */

static const int create_opts[] = { 'm', OPT_TYPE, OPT_CAPACITY, 0 };
static const int send_opts[] = { '0', 't', OPT_RAW, OPT_NOWAIT, 0 };
static const int recv_opts[] = { 'n', '0', 't', OPT_RAW, OPT_NOWAIT, 0 };
static const int json_opts[] = { OPT_JSON, 0 };
static const int no_opts[] = { 0 };

static const struct verb {
	const char *name;
	const int *allowed;
	int (*run)(struct args *);
} verbs[] = {
	{ "create", create_opts, do_create },
	{ "send", send_opts, do_send },
	{ "recv", recv_opts, do_recv },
	{ "close", no_opts, do_close },
	{ "stat", json_opts, do_stat },
	{ "ls", json_opts, do_ls },
	{ "rm", no_opts, do_rm },
};

static int
run_verb(const struct verb *v, int argc, char **argv)
{
	struct args a = {
		.verb = v->name, .allowed = v->allowed, .type = IPC_CHAN_BYTES,
		.count = -1, .timeout_ms = IPC_FOREVER, .split = CLI_LINES,
	};
	int r = parse(&a, argc, argv);
	if (r == 0 && a.help)
		fputs(USAGE, stdout);
	else if (r == 0 && a.version)
		cli_version(PROG);
	else if (r == 0)
		r = v->run(&a);
	free(a.operands);
	return r;
}

int
chan_main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(PROG, "missing verb (create, send, recv, close, stat, ls or rm)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(USAGE, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		cli_version(PROG);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return run_verb(&verbs[i], argc, argv);
	return cli_usage_error(PROG, "unknown verb '%s'", argv[1]);
}

#ifdef CLI_STANDALONE
int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, chan_main);
}
#endif
