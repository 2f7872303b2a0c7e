/* portctl.c: the ports utility: create, send, recv, call, serve, grant, revoke, lookup, ls, rm, status. */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/core.h"
#include "ipc/port.h"
#include "portctl.h"
#include "utilities.h"

static const char usage[] =
"Usage: portctl [--system] VERB [OPTION]... [NAME] [ARG]...\n"
"Message ports served by portd: every message says who sent it, and only\n"
"holders of a right can send or receive.\n"
"\n"
"  create [--public] NAME...      create ports (--public: anyone may send)\n"
"  send [-t TYPE] NAME [MSG]...   send each MSG, else each line of standard input\n"
"  recv [-n N] [--json] NAME      receive N messages (1); creates NAME if missing\n"
"  call [-t TYPE] NAME [MSG]      send MSG (else standard input) and print the\n"
"                                 reply, through a port made for the answer\n"
"  serve [-n N] NAME -- CMD [ARG]...\n"
"                                 run CMD for each message, the message on its\n"
"                                 standard input, its output the reply\n"
"  grant NAME --send|--recv|--manage... --user USER|--group GROUP\n"
"  revoke NAME --send|--recv|--manage... --user USER|--group GROUP\n"
"  lookup [--no-start] NAME       show the port (starts its service if any)\n"
"  ls [-a] [--json]               list ports (-a: anonymous ones too)\n"
"  rm NAME...                     remove ports and their queues\n"
"  status [--json]                the broker: pid, clients, ports, queued bytes\n"
"\n"
"Options:\n"
"  -0                  records are NUL-terminated, in and out\n"
"      --raw           all of standard input is one message; output is bare\n"
"  -n COUNT            how many messages to receive or serve\n"
"  -t, --type TYPE     the message type to send (0)\n"
"      --json          JSON output (recv: one object per line)\n"
"      --timeout SECONDS  give up after that long\n"
"      --nowait        do not wait: take what is there\n"
"      --system        the system broker (/run/ipc) rather than the user's\n"
"      --help          display this help and exit\n"
"      --version       output version information and exit\n"
"\n"
"Exit status: 0 success; 1 nothing received (timed out); 2 usage; 3 no such\n"
"port, or no responder; 4 permission denied; 5 other failure; serve: the last\n"
"command's status, 128+N when it was killed by signal N.\n";

enum {
	OPT_SYSTEM = 256, OPT_TIMEOUT, OPT_NOWAIT, OPT_JSON, OPT_RAW, OPT_PUBLIC,
	OPT_SEND, OPT_RECV, OPT_MANAGE, OPT_USER, OPT_GROUP, OPT_NOSTART,
	OPT_HELP, OPT_VERSION,
};

static const struct cli_option options[] = {
	{ "system", OPT_SYSTEM, CLI_NOARG },
	{ "timeout", OPT_TIMEOUT, CLI_ARG },
	{ "nowait", OPT_NOWAIT, CLI_NOARG },
	{ "json", OPT_JSON, CLI_NOARG },
	{ "raw", OPT_RAW, CLI_NOARG },
	{ NULL, '0', CLI_NOARG },
	{ NULL, 'n', CLI_ARG },
	{ "type", 't', CLI_ARG },
	{ "all", 'a', CLI_NOARG },
	{ "public", OPT_PUBLIC, CLI_NOARG },
	{ "send", OPT_SEND, CLI_NOARG },
	{ "recv", OPT_RECV, CLI_NOARG },
	{ "manage", OPT_MANAGE, CLI_NOARG },
	{ "user", OPT_USER, CLI_ARG },
	{ "group", OPT_GROUP, CLI_ARG },
	{ "no-start", OPT_NOSTART, CLI_NOARG },
	{ "help", OPT_HELP, CLI_NOARG },
	{ "version", OPT_VERSION, CLI_NOARG },
	{ 0, 0, 0 },
};

/* ---- shared helpers ---- */

static int64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
portctl_left(const struct portctl *x)
{
	if (x->timeout_ms < 0)
		return -1;
	int64_t left = x->deadline_ns - now_ns();
	return left <= 0 ? 0 : (int)((left + 999999) / 1000000);
}

int
portctl_interrupted(void)
{
	int sig = cli_pending_signal();
	return sig ? 128 + sig : 0;
}

int
portctl_fail(const struct portctl *x, const char *object, int err)
{
	const char *why = x->c ? ipc_port_errmsg(x->c) : "";
	if (err == -ECONNRESET || err == -EPIPE) {
		cli_error(PORTCTL, object, "lost the connection to portd (the broker exited)");
		return CLI_FAIL;
	}
	if (why[0] != '\0') {
		cli_error(PORTCTL, object, "%s", why);
		return cli_status_of(err);
	}
	return cli_fail(PORTCTL, object, err);
}

int
portctl_connect(struct portctl *x, int flags)
{
	int ms = portctl_left(x);
	int e = ipc_port_connect(&x->c, flags | (x->system ? IPC_PORT_SYSTEM : 0),
	    ms < 0 || ms > 10000 ? 10000 : ms);
	if (e == 0)
		return 0;
	x->c = NULL;
	if (e == -ECONNREFUSED && (x->system || (flags & IPC_PORT_NOSTART))) {
		cli_error(PORTCTL, "portd", "%s broker is not running",
		    x->system ? "the system" : "the");
		return CLI_NOENT;
	}
	if (e == -ENOENT && !x->system) {
		cli_error(PORTCTL, "portd", "cannot start the broker: portd not found "
		    "(set IPC_PORTD to its path)");
		return CLI_FAIL;
	}
	return cli_fail(PORTCTL, "portd", e);
}

/* ---- JSON ---- */

/* Length of the UTF-8 sequence at p (at most n bytes), 0 when invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] < 0xc2 ? 0 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : p[0] < 0xf5 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xed && p[1] > 0x9f) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return len;
}

/* A JSON string: valid UTF-8 passes, other bytes become \u00XX. */
static void
json_str(const void *data, size_t len)
{
	const unsigned char *p = data;
	putchar('"');
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t u = c >= 0x80 ? utf8_len(p + i, len - i) : 0;
		if (u > 0) {
			fwrite(p + i, 1, u, stdout);
			i += u;
			continue;
		}
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
		i++;
	}
	putchar('"');
}

static const char *
user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];
	if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res != NULL)
		snprintf(buf, len, "%s", pw.pw_name);
	else
		snprintf(buf, len, "%u", (unsigned)uid);
	return buf;
}

static const char *
group_name(gid_t gid, char *buf, size_t len)
{
	struct group gr, *res = NULL;
	char tmp[4096];
	if (getgrgid_r(gid, &gr, tmp, sizeof tmp, &res) == 0 && res != NULL)
		snprintf(buf, len, "%s", gr.gr_name);
	else
		snprintf(buf, len, "%u", (unsigned)gid);
	return buf;
}

/* ---- receiving and printing messages ---- */

/* A received message, or a whole stream of chunks gathered for JSON. */
struct got {
	char *buf;
	size_t len, cap;
	int in_stream, aborted;
};

static int
got_add(struct got *g, const void *data, size_t len)
{
	if (g->len + len > g->cap || g->buf == NULL) {
		size_t cap = g->cap ? g->cap : 4096;
		while (cap < g->len + len)
			cap *= 2;
		char *b = realloc(g->buf, cap);
		if (b == NULL)
			return -ENOMEM;
		g->buf = b;
		g->cap = cap;
	}
	if (len > 0)
		memcpy(g->buf + g->len, data, len);
	g->len += len;
	return 0;
}

static void
print_sep(const struct portctl *x)
{
	if (x->split == CLI_LINES)
		putchar('\n');
	else if (x->split == CLI_NUL)
		putchar('\0');
}

static void
print_json(const char *name, const ipc_port_msg *m, const void *data, size_t len,
    int aborted)
{
	char user[256];
	printf("{\"port\":");
	json_str(name, strlen(name));
	printf(",\"type\":%u,\"uid\":%u,\"user\":", ipc_port_msg_type(m),
	    (unsigned)ipc_port_msg_uid(m));
	user_name(ipc_port_msg_uid(m), user, sizeof user);
	json_str(user, strlen(user));
	printf(",\"gid\":%u,\"pid\":%ld,\"sender\":%u,\"bytes\":%zu,\"data\":",
	    (unsigned)ipc_port_msg_gid(m), (long)ipc_port_msg_pid(m),
	    ipc_port_msg_sender(m), len);
	json_str(data, len);
	if (aborted)
		printf(",\"aborted\":true");
	printf("}\n");
}

/*
 * Prints one message, or one piece of a stream: streams are written as they
 * come and end with one separator (gathered whole only for JSON). Returns 1
 * when a message is complete, 0 when more pieces follow, -errno.
 */
static int
print_msg(const struct portctl *x, const char *name, const ipc_port_msg *m,
    struct got *g)
{
	size_t len;
	const void *data = ipc_port_msg_data(m, &len);
	int flags = ipc_port_msg_flags(m);
	int last = !(flags & IPC_PORT_CHUNK) || (flags & IPC_PORT_LAST);
	if (x->json) {
		if (!(flags & IPC_PORT_CHUNK)) {
			print_json(name, m, data, len, 0);
			return 1;
		}
		if (got_add(g, data, len) < 0)
			return -ENOMEM;
		if (last) {
			print_json(name, m, g->buf, g->len, (flags & IPC_PORT_ABORTED) != 0);
			g->len = 0;
		}
		return last;
	}
	fwrite(data, 1, len, stdout);
	if (last)
		print_sep(x);
	g->aborted |= (flags & IPC_PORT_ABORTED) != 0;
	return last;
}

/* ipc_port_recv with the command's deadline, going on after signals the
 * shell has dealt with. */
static int
recv_one(struct portctl *x, uint32_t port, const ipc_port_msg **m)
{
	for (;;) {
		int e = ipc_port_recv(x->c, port, m, x->nowait ? 0 : portctl_left(x));
		if (e != -EINTR)
			return e;
		if ((e = portctl_interrupted()) != 0)
			return -1000 - e;
	}
}

/* Receives count whole messages from port and prints them. */
static int
receive(struct portctl *x, const char *name, uint32_t port, long count, uint32_t *type)
{
	struct got g = { NULL, 0, 0, 0, 0 };
	int st = CLI_OK;
	for (long n = 0; n < count;) {
		const ipc_port_msg *m;
		int e = recv_one(x, port, &m);
		if (e <= -1000) {
			st = -e - 1000;
			break;
		}
		if (e == -ETIMEDOUT) {
			st = CLI_NOTHING;
			break;
		}
		if (e < 0) {
			st = portctl_fail(x, name, e);
			break;
		}
		if (type != NULL)
			*type = ipc_port_msg_type(m);
		e = print_msg(x, name, m, &g);
		if (e < 0) {
			st = portctl_fail(x, name, e);
			break;
		}
		n += e;
	}
	if (g.aborted && st == CLI_OK) {
		cli_error(PORTCTL, name, "a stream was cut short: its sender went away");
		st = CLI_FAIL;
	}
	free(g.buf);
	return st;
}

/* ---- verbs ---- */

static int
need_names(const struct portctl *x, int min, int max)
{
	if (x->nargs < min)
		return cli_usage_error(PORTCTL, "%s: missing port name", x->verb);
	if (max >= 0 && x->nargs > max)
		return cli_usage_error(PORTCTL, "%s: extra operand '%s'", x->verb, x->args[max]);
	for (int i = 0; i < (min ? 1 : 0); i++) {
		const char *n = x->args[i];
		const char *at = strchr(n, '@');
		char bare[256];
		snprintf(bare, sizeof bare, "%.*s", at ? (int)(at - n) : (int)strlen(n), n);
		if (ipc_name_check(bare) < 0)
			return cli_usage_error(PORTCTL, "%s: invalid port name '%s'", x->verb, n);
	}
	return 0;
}

static int
do_create(struct portctl *x)
{
	int st = need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	for (int i = 0; i < x->nargs; i++) {
		uint32_t port;
		int flags = IPC_PORT_CREATE | IPC_PORT_EXCL | (x->public ? IPC_PORT_PUBLIC : 0);
		int e = ipc_name_check(x->args[i]) < 0 ? -EINVAL
		    : ipc_port_open(x->c, x->args[i], flags, portctl_left(x), &port);
		if (e < 0)
			st = portctl_fail(x, x->args[i], e);
	}
	return st;
}

/* A send right by name, starting the name's service when it has one. */
static int
look_up(struct portctl *x, const char *name, uint32_t *port)
{
	int e;
	do
		e = ipc_port_lookup(x->c, name, x->nostart ? IPC_PORT_NOSTART : 0,
		    portctl_left(x), port);
	while (e == -EINTR && portctl_interrupted() == 0);
	return e;
}

/* flags may hold IPC_PORT_MORE: when more is already at hand, messages go
 * out in batches; the last of a burst goes at once (tail -f | portctl send). */
static int
send_one(struct portctl *x, uint32_t port, const void *data, size_t len, int flags)
{
	for (;;) {
		int e = ipc_port_send(x->c, port, x->type, data, len, 0, flags,
		    x->nowait ? 0 : portctl_left(x));
		if (e != -EINTR)
			return e;
		if ((e = portctl_interrupted()) != 0)
			return -1000 - e;
	}
}

/* Reads up to len bytes, fewer only at end of input. */
static ssize_t
read_block(int fd, char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR) {
			int sig = portctl_interrupted();
			if (sig)
				return -1000 - sig;
			continue;
		}
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Standard input as one message, streamed in chunks when it is bigger than
 * one block: memory stays bounded, and the receiver sees it as it comes. */
static int
send_raw(struct portctl *x, uint32_t port)
{
	enum { BLOCK = 1 << 20 };
	char *buf = malloc(2 * BLOCK);
	if (buf == NULL)
		return -ENOMEM;
	ssize_t n = read_block(0, buf, BLOCK);
	int e = n < 0 ? (int)n : 0, first = 1;
	while (e == 0) {
		ssize_t more = n == BLOCK ? read_block(0, buf + BLOCK, BLOCK) : 0;
		if (more < 0) {
			e = (int)more;
			break;
		}
		int flags = first && more == 0 ? 0 : IPC_PORT_CHUNK |
		    (first ? IPC_PORT_FIRST : 0) | (more == 0 ? IPC_PORT_LAST : 0);
		e = send_one(x, port, buf, (size_t)n, flags);
		if (e < 0 || more == 0)
			break;
		memmove(buf, buf + BLOCK, (size_t)more);
		n = more;
		first = 0;
	}
	free(buf);
	return e;
}

/* Whether another whole record is already read: then this one may wait
 * for it in the connection's buffer. */
static int
more_at_hand(const struct cli_reader *r)
{
	return r->start < r->len &&
	    memchr(r->buf + r->start, r->split == CLI_NUL ? '\0' : '\n', r->len - r->start) != NULL;
}

static int
send_stdin(struct portctl *x, uint32_t port)
{
	if (x->split == CLI_RAW)
		return send_raw(x, port);
	struct cli_reader r;
	const char *rec;
	size_t len;
	int e;
	cli_reader_init(&r, 0, x->split);
	while ((e = cli_reader_next(&r, &rec, &len)) == 1)
		if ((e = send_one(x, port, rec, len, more_at_hand(&r) ? IPC_PORT_MORE : 0)) < 0)
			break;
	cli_reader_free(&r);
	return e;
}

static int
finish(struct portctl *x, const char *name, int e)
{
	if (e <= -1000)
		return -e - 1000;
	while (e == 0 && (e = ipc_port_sync(x->c, portctl_left(x))) == -EINTR)
		if ((e = portctl_interrupted()) != 0)
			return e;
	return e < 0 ? portctl_fail(x, name, e) : CLI_OK;
}

static int
do_send(struct portctl *x)
{
	int st = need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port;
	int e = look_up(x, name, &port);
	if (e < 0)
		return portctl_fail(x, name, e);
	e = 0;
	for (int i = 1; i < x->nargs && e == 0; i++)
		e = send_one(x, port, x->args[i], strlen(x->args[i]),
		    i + 1 < x->nargs ? IPC_PORT_MORE : 0);
	if (x->nargs == 1)
		e = send_stdin(x, port);
	return finish(x, name, e);
}

static int
do_recv(struct portctl *x)
{
	int st = need_names(x, 1, 1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port;
	int e = ipc_port_open(x->c, name, IPC_PORT_CREATE | IPC_PORT_RECV, portctl_left(x), &port);
	if (e < 0)
		return portctl_fail(x, name, e);
	st = receive(x, name, port, x->count < 0 ? 1 : x->count, NULL);
	/* Letting go of the right sends the acknowledgements with it. */
	e = ipc_port_release(x->c, port, 2000);
	if (e < 0 && st == CLI_OK)
		st = portctl_fail(x, name, e);
	return st;
}

/* The request: MSG, else all of standard input (a line's newline dropped). */
static int
request_of(struct portctl *x, char **data, size_t *len)
{
	if (x->nargs > 1) {
		*data = strdup(x->args[1]);
		*len = strlen(x->args[1]);
		return *data ? 0 : -ENOMEM;
	}
	struct cli_reader r;
	const char *rec;
	cli_reader_init(&r, 0, CLI_RAW);
	int e = cli_reader_next(&r, &rec, len);
	if (e == 1) {
		if (x->split == CLI_LINES && *len > 0 && rec[*len - 1] == '\n')
			(*len)--;
		*data = malloc(*len + 1);
		e = *data ? 0 : -ENOMEM;
		if (*data)
			memcpy(*data, rec, *len);
	}
	cli_reader_free(&r);
	return e < 0 ? e : 0;
}

static int
do_call(struct portctl *x)
{
	int st = need_names(x, 1, 2);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port, reply;
	int e = look_up(x, name, &port);
	if (e == 0) {
		cli_error(PORTCTL, name, "no responder: nobody receives on this port");
		return CLI_NOENT;
	}
	if (e < 0)
		return portctl_fail(x, name, e);
	char *data = NULL;
	size_t len = 0;
	if ((e = request_of(x, &data, &len)) < 0)
		return portctl_fail(x, "standard input", e);
	e = ipc_port_open(x->c, NULL, 0, portctl_left(x), &reply);
	while (e == 0 && (e = ipc_port_send(x->c, port, x->type, data, len, reply, 0,
	    portctl_left(x))) == -EINTR && portctl_interrupted() == 0)
		;
	free(data);
	if (e < 0)
		return portctl_fail(x, name, e);
	uint32_t type = 0;
	st = receive(x, name, reply, 1, &type);
	if (st == CLI_OK && type != 0) {
		cli_error(PORTCTL, name, "the service answered with status %u", type);
		st = CLI_FAIL;
	}
	return st;
}

static int
lookup_id(const char *s, int group, unsigned *id)
{
	long v;
	if (cli_parse_long(s, 0, 0x7fffffff, &v) == 0) {
		*id = (unsigned)v;
		return 0;
	}
	char buf[4096];
	if (group) {
		struct group gr, *res = NULL;
		if (getgrnam_r(s, &gr, buf, sizeof buf, &res) != 0 || res == NULL)
			return -ENOENT;
		*id = (unsigned)gr.gr_gid;
	} else {
		struct passwd pw, *res = NULL;
		if (getpwnam_r(s, &pw, buf, sizeof buf, &res) != 0 || res == NULL)
			return -ENOENT;
		*id = (unsigned)pw.pw_uid;
	}
	return 0;
}

static int
do_grant(struct portctl *x)
{
	int st = need_names(x, 1, 1);
	if (st)
		return st;
	if (x->rights == 0)
		return cli_usage_error(PORTCTL, "%s: say which rights: --send, --recv, --manage",
		    x->verb);
	if (x->who == 0)
		return cli_usage_error(PORTCTL, "%s: say to whom: --user USER or --group GROUP",
		    x->verb);
	if ((st = portctl_connect(x, 0)))
		return st;
	int revoke = strcmp(x->verb, "revoke") == 0;
	int e = (revoke ? ipc_port_revoke : ipc_port_grant)(x->c, x->args[0], x->rights,
	    x->who, x->id, portctl_left(x));
	return e < 0 ? portctl_fail(x, x->args[0], e) : CLI_OK;
}

static int
do_lookup(struct portctl *x)
{
	int st = need_names(x, 1, 1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	uint32_t port;
	int e = look_up(x, x->args[0], &port);
	if (e < 0)
		return portctl_fail(x, x->args[0], e);
	if (x->json) {
		printf("{\"name\":");
		json_str(x->args[0], strlen(x->args[0]));
		printf(",\"id\":%u,\"received\":%s}\n", port, e ? "true" : "false");
	} else {
		printf("%s %u %s\n", x->args[0], port, e ? "received" : "waiting");
	}
	return CLI_OK;
}

static void
rights_text(int r, char *buf, size_t len, int json)
{
	const char *names[] = { "send", "recv", "manage" };
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (r & (1 << i))
			n += (size_t)snprintf(buf + n, len - n, json ? "%s\"%s\"" : "%s%s",
			    n ? "," : "", names[i]);
}

static void
ls_json(const struct ipc_port_info *l, size_t n, int all)
{
	char who[256], rights[64];
	printf("{\"ports\":[");
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (!all && l[i].name[0] == '\0')
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		first = 0;
		json_str(l[i].name, strlen(l[i].name));
		printf(",\"id\":%u,\"owner\":%u,\"owner_name\":", l[i].id, (unsigned)l[i].owner);
		user_name(l[i].owner, who, sizeof who);
		json_str(who, strlen(who));
		printf(",\"public\":%s,\"receiver_pid\":%ld,\"messages\":%llu,\"bytes\":%llu,"
		    "\"grants\":[", l[i].flags & IPC_PORT_INFO_PUBLIC ? "true" : "false",
		    (long)l[i].receiver, l[i].msgs, l[i].bytes);
		for (unsigned k = 0; k < l[i].ngrants; k++) {
			int g = l[i].grants[k].who == IPC_PORT_GID;
			(g ? group_name : user_name)(l[i].grants[k].id, who, sizeof who);
			rights_text(l[i].grants[k].rights, rights, sizeof rights, 1);
			printf("%s{\"%s\":", k ? "," : "", g ? "group" : "user");
			json_str(who, strlen(who));
			printf(",\"id\":%u,\"rights\":[%s]}", l[i].grants[k].id, rights);
		}
		printf("]}");
	}
	printf("]}\n");
}

static void
ls_table(const struct ipc_port_info *l, size_t n, int all)
{
	char who[256], rights[64];
	printf("%-20s %6s %-10s %-8s %8s %8s %10s  %s\n", "NAME", "ID", "OWNER", "MODE",
	    "RECEIVER", "MSGS", "BYTES", "GRANTS");
	for (size_t i = 0; i < n; i++) {
		if (!all && l[i].name[0] == '\0')
			continue;
		char recv[32] = "-";
		if (l[i].receiver)
			snprintf(recv, sizeof recv, "%ld", (long)l[i].receiver);
		printf("%-20s %6u %-10s %-8s %8s %8llu %10llu  ", l[i].name[0] ? l[i].name
		    : "(anonymous)", l[i].id, user_name(l[i].owner, who, sizeof who),
		    l[i].flags & IPC_PORT_INFO_PUBLIC ? "public" : "private", recv,
		    l[i].msgs, l[i].bytes);
		for (unsigned k = 0; k < l[i].ngrants; k++) {
			int g = l[i].grants[k].who == IPC_PORT_GID;
			(g ? group_name : user_name)(l[i].grants[k].id, who, sizeof who);
			rights_text(l[i].grants[k].rights, rights, sizeof rights, 0);
			printf("%s%s:%s=%s", k ? " " : "", g ? "group" : "user", who, rights);
		}
		printf("%s\n", l[i].ngrants ? "" : "-");
	}
}

static int
do_ls(struct portctl *x)
{
	if (x->nargs > 0)
		return cli_usage_error(PORTCTL, "ls: extra operand '%s'", x->args[0]);
	/* Listing starts no broker: none running means no ports. */
	int e = ipc_port_connect(&x->c, IPC_PORT_NOSTART | (x->system ? IPC_PORT_SYSTEM : 0),
	    2000);
	struct ipc_port_info *l = NULL;
	size_t n = 0;
	if (e == 0)
		e = ipc_port_list(x->c, &l, &n, portctl_left(x));
	else if (e == -ECONNREFUSED)
		e = 0;
	if (e < 0)
		return portctl_fail(x, "portd", e);
	(x->json ? ls_json : ls_table)(l, n, x->all);
	ipc_port_list_free(l);
	return CLI_OK;
}

static int
do_rm(struct portctl *x)
{
	int st = need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	for (int i = 0; i < x->nargs; i++) {
		int e = ipc_port_remove(x->c, x->args[i], portctl_left(x));
		if (e < 0)
			st = portctl_fail(x, x->args[i], e);
	}
	return st;
}

static int
do_status(struct portctl *x)
{
	if (x->nargs > 0)
		return cli_usage_error(PORTCTL, "status: extra operand '%s'", x->args[0]);
	int st = portctl_connect(x, IPC_PORT_NOSTART);
	if (st)
		return st;
	struct ipc_port_status s;
	int e = ipc_port_status(x->c, &s, portctl_left(x));
	if (e < 0)
		return portctl_fail(x, "portd", e);
	char dir[4096];
	if (ipc_port_dir(x->system ? IPC_PORT_SYSTEM : 0, dir, sizeof dir) < 0)
		dir[0] = '\0';
	if (x->json) {
		printf("{\"pid\":%ld,\"uid\":%u,\"mode\":\"%s\",\"socket\":", (long)s.pid,
		    (unsigned)s.uid, s.system ? "system" : "user");
		char sock[4200];
		snprintf(sock, sizeof sock, "%s/portd.sock", dir);
		json_str(sock, strlen(sock));
		printf(",\"clients\":%u,\"ports\":%u,\"queued_messages\":%llu,"
		    "\"queued_bytes\":%llu,\"uptime_ms\":%llu,\"max_frame\":%u}\n",
		    s.clients, s.ports, s.queued_msgs, s.queued_bytes, s.uptime_ms, s.max_frame);
		return CLI_OK;
	}
	printf("broker   pid %ld, uid %u, %s\n", (long)s.pid, (unsigned)s.uid,
	    s.system ? "system-wide" : "per-user");
	printf("socket   %s/portd.sock\n", dir);
	printf("clients  %u (this one included)\n", s.clients);
	printf("ports    %u\n", s.ports);
	printf("queued   %llu messages, %llu bytes\n", s.queued_msgs, s.queued_bytes);
	printf("uptime   %.1f s\n", (double)s.uptime_ms / 1000.0);
	return CLI_OK;
}

/* ---- the command line ---- */

/* Which options each verb takes (a bit per option, in enum order). */
#define OB(o) (1u << ((o) - OPT_SYSTEM))
#define O0 (1u << 20)
#define ON (1u << 21)
#define OT (1u << 22)
#define OA (1u << 23)
#define COMMON (OB(OPT_SYSTEM) | OB(OPT_TIMEOUT))
#define GRANTS (OB(OPT_SEND) | OB(OPT_RECV) | OB(OPT_MANAGE) | OB(OPT_USER) | OB(OPT_GROUP))

static const struct verb {
	const char *name;
	int (*run)(struct portctl *);
	unsigned opts;
} verbs[] = {
	{ "create", do_create, COMMON | OB(OPT_PUBLIC) },
	{ "send", do_send, COMMON | OB(OPT_NOWAIT) | OB(OPT_RAW) | O0 | OT | OB(OPT_NOSTART) },
	{ "recv", do_recv, COMMON | OB(OPT_NOWAIT) | OB(OPT_RAW) | O0 | ON | OB(OPT_JSON) },
	{ "call", do_call, COMMON | OB(OPT_RAW) | O0 | OT | OB(OPT_JSON) | OB(OPT_NOSTART) },
	{ "serve", NULL, COMMON | OB(OPT_RAW) | O0 | ON },
	{ "grant", do_grant, COMMON | GRANTS },
	{ "revoke", do_grant, COMMON | GRANTS },
	{ "lookup", do_lookup, COMMON | OB(OPT_JSON) | OB(OPT_NOSTART) },
	{ "ls", do_ls, COMMON | OB(OPT_JSON) | OA },
	{ "rm", do_rm, COMMON },
	{ "status", do_status, COMMON | OB(OPT_JSON) },
	{ NULL, NULL, 0 },
};

static unsigned
bit_of(int key)
{
	switch (key) {
	case '0': return O0;
	case 'n': return ON;
	case 't': return OT;
	case 'a': return OA;
	default: return key >= OPT_SYSTEM && key < OPT_HELP ? OB(key) : 0;
	}
}

static int
set_who(struct portctl *x, int who, const char *arg)
{
	if (x->who != 0)
		return cli_usage_error(PORTCTL, "give one --user or --group");
	x->who = who;
	if (lookup_id(arg, who == IPC_PORT_GID, &x->id) < 0) {
		cli_error(PORTCTL, arg, "no such %s", who == IPC_PORT_GID ? "group" : "user");
		return CLI_USAGE;
	}
	return 0;
}

static int
set_value(struct portctl *x, int key, const char *arg)
{
	long v;
	switch (key) {
	case OPT_TIMEOUT:
		if (cli_parse_seconds(arg, &x->timeout_ms) < 0)
			return cli_usage_error(PORTCTL, "invalid timeout '%s'", arg);
		return 0;
	case 'n':
		if (cli_parse_long(arg, 1, 0x7fffffff, &x->count) < 0)
			return cli_usage_error(PORTCTL, "invalid count '%s'", arg);
		return 0;
	case 't':
		if (cli_parse_long(arg, 0, 0x7fffffff, &v) < 0)
			return cli_usage_error(PORTCTL, "invalid type '%s'", arg);
		x->type = (uint32_t)v;
		return 0;
	case OPT_USER: return set_who(x, IPC_PORT_UID, arg);
	case OPT_GROUP: return set_who(x, IPC_PORT_GID, arg);
	default: return 0;
	}
}

static int
set_flag(struct portctl *x, int key)
{
	switch (key) {
	case OPT_SYSTEM: x->system = 1; break;
	case OPT_NOWAIT: x->nowait = 1; break;
	case OPT_JSON: x->json = 1; break;
	case OPT_RAW: x->split = CLI_RAW; break;
	case '0': x->split = CLI_NUL; break;
	case 'a': x->all = 1; break;
	case OPT_PUBLIC: x->public = 1; break;
	case OPT_SEND: x->rights |= IPC_PORT_SEND; break;
	case OPT_RECV: x->rights |= IPC_PORT_RECEIVE; break;
	case OPT_MANAGE: x->rights |= IPC_PORT_MANAGE; break;
	case OPT_NOSTART: x->nostart = 1; break;
	default: break;
	}
	return 0;
}

struct parsed {
	unsigned given;
	int help, version;
};

static int
parse(struct portctl *x, struct parsed *p, int argc, char **argv, const char **ops)
{
	struct cli_parser cp;
	const char *arg;
	int k, n = 0;
	cli_parser_init(&cp, PORTCTL, argc, argv, 1);
	while ((k = cli_next(&cp, options, &arg)) != CLI_END) {
		if (k == CLI_BAD)
			return CLI_USAGE;
		if (k == CLI_OPERAND) {   /* after "--" too: serve's command */
			ops[n++] = arg;
			continue;
		}
		if (k == OPT_HELP || k == OPT_VERSION) {
			*(k == OPT_HELP ? &p->help : &p->version) = 1;
			continue;
		}
		p->given |= bit_of(k);
		int st = set_value(x, k, arg);
		if (st == 0)
			st = set_flag(x, k);
		if (st)
			return st;
	}
	x->nargs = n;
	return 0;
}

static int
check_options(const struct verb *v, unsigned given)
{
	unsigned bad = given & ~v->opts;
	if (bad == 0)
		return 0;
	for (const struct cli_option *o = options; o->key; o++)
		if (bit_of(o->key) & bad) {
			if (o->name)
				return cli_usage_error(PORTCTL, "%s: option '--%s' does not apply",
				    v->name, o->name);
			return cli_usage_error(PORTCTL, "%s: option '-%c' does not apply",
			    v->name, o->key);
		}
	return CLI_USAGE;
}

static int
run_verb(struct portctl *x, const struct parsed *p)
{
	const struct verb *v = verbs;
	while (v->name && strcmp(v->name, x->verb) != 0)
		v++;
	if (v->name == NULL)
		return cli_usage_error(PORTCTL, "unknown verb '%s'", x->verb);
	int st = check_options(v, p->given);
	if (st)
		return st;
	if (x->timeout_ms >= 0)
		x->deadline_ns = now_ns() + (int64_t)x->timeout_ms * 1000000;
	if (v->run != NULL)
		return v->run(x);
	/* serve NAME -- CMD...: CMD is what follows NAME. */
	if (x->nargs < 1 || (st = need_names(x, 1, -1)))
		return st ? st : cli_usage_error(PORTCTL, "serve: missing port name");
	if (x->nargs < 2)
		return cli_usage_error(PORTCTL, "serve: missing command (serve NAME -- CMD...)");
	return portctl_serve(x, x->args[0], (char **)x->args + 1);
}

int
portctl_main(int argc, char **argv)
{
	struct portctl x;
	struct parsed p = { 0, 0, 0 };
	memset(&x, 0, sizeof x);
	x.timeout_ms = -1;
	x.count = -1;
	x.split = CLI_LINES;
	const char **ops = calloc((size_t)argc + 1, sizeof *ops);
	if (ops == NULL)
		return cli_fail(PORTCTL, NULL, -ENOMEM);
	int st = parse(&x, &p, argc, argv, ops);
	if (st == 0 && p.help)
		fputs(usage, stdout);
	else if (st == 0 && p.version)
		cli_version(PORTCTL);
	else if (st == 0 && x.nargs == 0)
		st = cli_usage_error(PORTCTL, "missing verb");
	else if (st == 0) {
		x.verb = ops[0];
		x.args = ops + 1;
		x.nargs--;
		st = run_verb(&x, &p);
	}
	if (x.c != NULL)
		ipc_port_disconnect(x.c);
	free(ops);
	return st;
}
