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
#include "sys.h"
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
void
portctl_json_str(const void *data, size_t len)
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

const char *
portctl_user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];
	if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res != NULL)
		snprintf(buf, len, "%s", pw.pw_name);
	else
		snprintf(buf, len, "%u", (unsigned)uid);
	return buf;
}

const char *
portctl_group_name(gid_t gid, char *buf, size_t len)
{
	struct group gr, *res = NULL;
	char tmp[4096];
	if (getgrgid_r(gid, &gr, tmp, sizeof tmp, &res) == 0 && res != NULL)
		snprintf(buf, len, "%s", gr.gr_name);
	else
		snprintf(buf, len, "%u", (unsigned)gid);
	return buf;
}

int
portctl_buf_add(struct portctl_buf *b, const void *data, size_t len)
{
	char *p = ipc__grow(b->p, &b->cap, b->len, len);
	if (p == NULL)
		return -ENOMEM;
	b->p = p;
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

int
portctl_need_names(const struct portctl *x, int min, int max)
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
	{ "create", portctl_create, COMMON | OB(OPT_PUBLIC) },
	{ "send", portctl_send, COMMON | OB(OPT_NOWAIT) | OB(OPT_RAW) | O0 | OT | OB(OPT_NOSTART) },
	{ "recv", portctl_recv, COMMON | OB(OPT_NOWAIT) | OB(OPT_RAW) | O0 | ON | OB(OPT_JSON) },
	{ "call", portctl_call, COMMON | OB(OPT_RAW) | O0 | OT | OB(OPT_JSON) | OB(OPT_NOSTART) },
	{ "serve", NULL, COMMON | OB(OPT_RAW) | O0 | ON },
	{ "grant", portctl_grant, COMMON | GRANTS },
	{ "revoke", portctl_grant, COMMON | GRANTS },
	{ "lookup", portctl_lookup, COMMON | OB(OPT_JSON) | OB(OPT_NOSTART) },
	{ "ls", portctl_ls, COMMON | OB(OPT_JSON) | OA },
	{ "rm", portctl_rm, COMMON },
	{ "status", portctl_status, COMMON | OB(OPT_JSON) },
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
	if (x->nargs < 1 || (st = portctl_need_names(x, 1, -1)))
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

#ifdef CLI_STANDALONE
int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, portctl_main);
}
#endif
