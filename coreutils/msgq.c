/* msgq.c: the msgq utility: System V message queues from the shell (verbs, options, create, rm). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ipc/msgq.h"
#include "msgq_cli.h"
#include "utilities.h"

static const char usage[] =
"Usage: msgq VERB [OPTION]... QUEUE [MESSAGE]...\n"
"Create, use and remove System V message queues.\n"
"\n"
"  msgq create [-m MODE] [--max-bytes N] QUEUE\n"
"  msgq send [-t TYPE] [--nowait | --timeout S] [-0 | --raw] QUEUE [MESSAGE]...\n"
"  msgq recv [-t TYPE] [-n COUNT | --all] [--nowait | --timeout S]\n"
"            [--print-type] [-0 | --raw] QUEUE\n"
"  msgq stat [--json] QUEUE\n"
"  msgq ls [--json]\n"
"  msgq rm QUEUE...\n"
"\n"
"QUEUE is a name (jobs or /jobs), key:K (a System V key) or id:N (an id as\n"
"ipcs prints it). send sends each MESSAGE, or else each line of standard input.\n"
"\n"
"  -m, --mode=MODE     permissions of the new queue (octal or u+w style; default 0600)\n"
"      --max-bytes=N   byte limit of the new queue (K, M suffixes; default msgmnb)\n"
"  -t, --type=TYPE     send: the messages' type, > 0 (default 1);\n"
"                      recv: 0 any (default), T exactly T, -T lowest type <= T first\n"
"  -n, --count=COUNT   receive COUNT messages (default 1)\n"
"      --all           receive every matching message already queued\n"
"      --nowait        never wait: an empty or full queue ends the command\n"
"      --timeout=S     wait at most S seconds in all (decimals allowed)\n"
"      --print-type    print each message's type and a tab before it\n"
"  -0, --null          messages end with NUL, not newline (input and output)\n"
"      --raw           all of standard input is one message; messages are\n"
"                      printed as they are, with nothing after them\n"
"      --json          stat, ls: print JSON\n"
"      --help          display this help and exit\n"
"      --version       output version information and exit\n"
"\n"
"Exit status: 0 success; 1 nothing received (empty, timed out), or a full\n"
"queue with --nowait or --timeout; 2 usage or bad input; 3 no such queue;\n"
"4 permission denied; 5 other failure; 128+N stopped by signal N.\n";

enum {
	OPT_MAX_BYTES = 256, OPT_ALL, OPT_NOWAIT, OPT_TIMEOUT, OPT_PRINT_TYPE,
	OPT_RAW, OPT_JSON, OPT_HELP, OPT_VERSION,
};

static const struct cli_option options[] = {
	{ "mode", 'm', CLI_ARG },
	{ "max-bytes", OPT_MAX_BYTES, CLI_ARG },
	{ "type", 't', CLI_ARG },
	{ "count", 'n', CLI_ARG },
	{ "all", OPT_ALL, CLI_NOARG },
	{ "nowait", OPT_NOWAIT, CLI_NOARG },
	{ "timeout", OPT_TIMEOUT, CLI_ARG },
	{ "print-type", OPT_PRINT_TYPE, CLI_NOARG },
	{ "null", '0', CLI_NOARG },
	{ "raw", OPT_RAW, CLI_NOARG },
	{ "json", OPT_JSON, CLI_NOARG },
	{ "help", OPT_HELP, CLI_NOARG },
	{ "version", OPT_VERSION, CLI_NOARG },
	{ 0, 0, 0 },
};

/* Each verb: its function, the options it takes (keys, 0-terminated), and
 * how many QUEUE operands it needs (-1: one or more). */
struct verb {
	const char *name;
	int (*run)(const struct msgq_args *);
	int takes[8];
	int queues;
};

static const struct verb verbs[] = {
	{ "create", msgq_create, { 'm', OPT_MAX_BYTES }, 1 },
	{ "send", msgq_send, { 't', OPT_NOWAIT, OPT_TIMEOUT, '0', OPT_RAW }, 1 },
	{ "recv", msgq_recv, { 't', 'n', OPT_ALL, OPT_NOWAIT, OPT_TIMEOUT,
	    OPT_PRINT_TYPE, '0', OPT_RAW }, 1 },
	{ "stat", msgq_stat, { OPT_JSON }, 1 },
	{ "ls", msgq_ls, { OPT_JSON }, 0 },
	{ "rm", msgq_rm, { 0 }, -1 },
};

/* Every option has a long name: messages use it. */
static const char *
option_name(int key)
{
	for (const struct cli_option *o = options; o->key != 0; o++)
		if (o->key == key && o->name != NULL)
			return o->name;
	return "?";
}

static int
verb_takes(const struct verb *v, int key)
{
	for (size_t i = 0; i < sizeof v->takes / sizeof v->takes[0] && v->takes[i]; i++)
		if (v->takes[i] == key)
			return 1;
	return 0;
}

static int
parse_type(const char *s, const struct verb *v, long *out)
{
	long min = strcmp(v->name, "send") == 0 ? 1 : LONG_MIN + 1;
	if (cli_parse_long(s, min, LONG_MAX, out) == 0)
		return 0;
	return cli_usage_error(MSGQ_PROG, "invalid type '%s': %s", s,
	    min == 1 ? "a message type is an integer > 0"
	    : "a type to receive is an integer (0 any, T exactly T, -T lowest <= T)");
}

/* One option's value into a; CLI_OK or the status of the error. */
static int
take_option(struct msgq_args *a, const struct verb *v, int key, const char *arg)
{
	switch (key) {
	case 'm':
		if (cli_parse_mode(arg, 0600, 0, &a->mode) < 0 || (a->mode & ~0777u) != 0)
			return cli_usage_error(MSGQ_PROG, "invalid mode '%s' (permission bits only, e.g. 0640 or g+w)", arg);
		return CLI_OK;
	case OPT_MAX_BYTES:
		if (cli_parse_size(arg, &a->max_bytes) < 0 || a->max_bytes == 0)
			return cli_usage_error(MSGQ_PROG, "invalid byte limit '%s' (a size > 0, e.g. 4096 or 8K)", arg);
		return CLI_OK;
	case 't':
		return parse_type(arg, v, &a->type);
	case 'n':
		if (cli_parse_long(arg, 1, LONG_MAX, &a->count) < 0)
			return cli_usage_error(MSGQ_PROG, "invalid count '%s' (an integer > 0)", arg);
		return CLI_OK;
	case OPT_TIMEOUT:
		if (cli_parse_seconds(arg, &a->timeout_ms) < 0)
			return cli_usage_error(MSGQ_PROG, "invalid timeout '%s' (seconds >= 0)", arg);
		return CLI_OK;
	case OPT_NOWAIT: a->timeout_ms = 0; return CLI_OK;
	case OPT_ALL: a->all = 1; return CLI_OK;
	case OPT_PRINT_TYPE: a->print_type = 1; return CLI_OK;
	case '0': a->split = CLI_NUL; return CLI_OK;
	case OPT_RAW: a->split = CLI_RAW; return CLI_OK;
	case OPT_JSON: a->json = 1; return CLI_OK;
	}
	return CLI_USAGE;
}

/* Options that cannot go together, by the keys seen. */
static int
check_exclusive(const int *seen)
{
	static const int pairs[][2] = {
		{ OPT_NOWAIT, OPT_TIMEOUT }, { 'n', OPT_ALL }, { '0', OPT_RAW },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (seen[pairs[i][0]] && seen[pairs[i][1]])
			return cli_usage_error(MSGQ_PROG, "--%s and --%s cannot be used together",
			    option_name(pairs[i][0]), option_name(pairs[i][1]));
	return CLI_OK;
}

/* Parses the options and operands after the verb. -1 for --help or
 * --version (done, status 0), else the status (CLI_OK to go on). */
static int
parse(struct msgq_args *a, const struct verb *v, int argc, char **argv)
{
	struct cli_parser p;
	const char *arg;
	int key, seen[OPT_VERSION + 1] = { 0 };
	cli_parser_init(&p, MSGQ_PROG, argc, argv, 2);
	while ((key = cli_next(&p, options, &arg)) != CLI_END) {
		if (key == CLI_BAD)
			return CLI_USAGE;
		if (key == CLI_OPERAND) {
			a->operands[a->noperands++] = (char *)arg;
			continue;
		}
		if (key == OPT_HELP || key == OPT_VERSION) {
			key == OPT_HELP ? (void)fputs(usage, stdout) : cli_version(MSGQ_PROG);
			return -1;
		}
		if (!verb_takes(v, key))
			return cli_usage_error(MSGQ_PROG, "--%s is not an option of '%s'",
			    option_name(key), v->name);
		seen[key] = 1;
		int st = take_option(a, v, key, arg);
		if (st != CLI_OK)
			return st;
		a->timeout_given |= key == OPT_NOWAIT || key == OPT_TIMEOUT;
	}
	return check_exclusive(seen);
}

static int
check_operands(const struct msgq_args *a, const struct verb *v)
{
	if (v->queues == 0 && a->noperands > 0)
		return cli_usage_error(MSGQ_PROG, "'%s' takes no operand, not '%s'", v->name, a->operands[0]);
	if (v->queues != 0 && a->noperands == 0)
		return cli_usage_error(MSGQ_PROG, "'%s' needs a queue", v->name);
	if (v->queues == 1 && a->noperands > 1 && strcmp(v->name, "send") != 0)
		return cli_usage_error(MSGQ_PROG, "'%s' takes one queue; extra operand '%s'", v->name, a->operands[1]);
	return CLI_OK;
}

static const struct verb *
find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

/* Before a verb: only --help and --version make sense. */
static int
no_verb(const char *word)
{
	if (word == NULL)
		return cli_usage_error(MSGQ_PROG, "missing verb (create, send, recv, stat, ls or rm)");
	if (strcmp(word, "--help") == 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(word, "--version") == 0) {
		cli_version(MSGQ_PROG);
		return CLI_OK;
	}
	return cli_usage_error(MSGQ_PROG, "unknown verb '%s' (create, send, recv, stat, ls or rm)", word);
}

int
msgq_main(int argc, char **argv)
{
	const struct verb *v = argc > 1 ? find_verb(argv[1]) : NULL;
	if (v == NULL)
		return no_verb(argc > 1 ? argv[1] : NULL);
	/* send's type defaults to 1 (types are > 0), recv's to 0 (any). */
	struct msgq_args a = {
		.mode = 0600, .type = v->run == msgq_send ? 1 : 0, .count = 1,
		.timeout_ms = IPC_FOREVER, .split = CLI_LINES,
	};
	a.operands = malloc(sizeof *a.operands * (size_t)argc);
	if (a.operands == NULL)
		return cli_fail(MSGQ_PROG, NULL, -ENOMEM);
	int st = parse(&a, v, argc, argv);
	if (st == CLI_OK)
		st = check_operands(&a, v);
	if (st == CLI_OK)
		st = v->run(&a);
	free(a.operands);
	return st < 0 ? CLI_OK : st;
}

/* ---- what the verbs share ---- */

/* A name's failures may come from the runtime directory, not the queue
 * (queue NULL: only the directory was involved). */
static const char *
rundir_reason(const char *queue, int err)
{
	char path[512];
	if (queue != NULL && (strncmp(queue, "key:", 4) == 0 || strncmp(queue, "id:", 3) == 0))
		return NULL;
	if (ipc_runtime_dir(path, sizeof path) >= 0)
		return NULL;
	switch (-err) {
	case EPERM: return "the runtime directory ($IPC_RUNTIME_DIR) belongs to another user or is open to others";
	case EACCES: return "the runtime directory ($IPC_RUNTIME_DIR) is out of reach: permission denied";
	case ELOOP: return "the runtime directory ($IPC_RUNTIME_DIR) is a symbolic link";
	case ENOTDIR: return "the runtime directory ($IPC_RUNTIME_DIR) is not a directory";
	default: return NULL;
	}
}

int
msgq_fail(const char *queue, int err)
{
	const char *why = rundir_reason(queue, err);
	if (why != NULL) {
		cli_error(MSGQ_PROG, queue, "%s", why);
		return cli_status_of(err);
	}
	switch (-err) {
	case ENOENT: why = "no such queue"; break;
	case EIDRM: why = "the queue was removed"; break;
	case EEXIST: why = "a queue of that name or key already exists"; break;
	case EACCES: why = "permission denied"; break;
	case EPERM: why = "operation not permitted (not the queue's owner)"; break;
	case EINVAL: why = "invalid queue (a name like jobs or /jobs, key:K or id:N)"; break;
	default: why = ipc_strerror(err); break;
	}
	cli_error(MSGQ_PROG, queue, "%s", why);
	return cli_status_of(err);
}

int
msgq_open(const char *queue, ipc_msgq **q)
{
	int e = ipc_msgq_open(queue, q);
	return e < 0 ? msgq_fail(queue, e) : CLI_OK;
}

int
msgq_interrupted(void)
{
	int sig = cli_pending_signal();
	return sig > 0 ? 128 + sig : 0;
}

/* ---- create and rm ---- */

int
msgq_create(const struct msgq_args *a)
{
	const char *queue = a->operands[0];
	ipc_msgq *q;
	int e = ipc_msgq_create(queue, a->mode, a->max_bytes, &q);
	if (e == 0) {
		ipc_msgq_close(q);
		return CLI_OK;
	}
	size_t msgmax, msgmnb;
	if (e == -EPERM && a->max_bytes > 0 && ipc_msgq_limits(&msgmax, &msgmnb) == 0 &&
	    a->max_bytes > msgmnb) {
		cli_error(MSGQ_PROG, queue, "a byte limit of %zu is over the system's msgmnb (%zu): "
		    "raising it needs CAP_SYS_RESOURCE", a->max_bytes, msgmnb);
		return CLI_PERM;
	}
	if (e == -EINVAL && strncmp(queue, "id:", 3) == 0 && queue[3] != '\0' &&
	    strspn(queue + 3, "0123456789") == strlen(queue + 3)) {
		cli_error(MSGQ_PROG, queue, "an id cannot be created: use a name or key:K");
		return CLI_USAGE;
	}
	return msgq_fail(queue, e);
}

/* Removes each queue; goes on past failures and returns the first one's status. */
int
msgq_rm(const struct msgq_args *a)
{
	int status = CLI_OK;
	for (int i = 0; i < a->noperands; i++) {
		int e = ipc_msgq_unlink(a->operands[i]);
		if (e < 0) {
			int st = msgq_fail(a->operands[i], e);
			if (status == CLI_OK)
				status = st;
		}
	}
	return status;
}

#ifdef CLI_STANDALONE
int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, msgq_main);
}
#endif
