/* mkfifo.c: a drop-in for GNU coreutils mkfifo, built on libipc: GNU's options, messages and exit statuses. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli.h"
#include "ipc/fifo.h"
#include "quote.h"
#include "utilities.h"

/*
 * GNU's exit statuses, not the project's table: 0 when every FIFO was made,
 * 1 on any failure, usage errors included. Scripts written for GNU mkfifo
 * test for exactly that.
 */
enum { MKFIFO_OK = 0, MKFIFO_FAIL = 1 };

enum { OPT_HELP = 256, OPT_VERSION };

static const struct cli_option options[] = {
	{ "mode", 'm', CLI_ARG },
	{ NULL, 'Z', CLI_NOARG },          /* -Z takes no value ... */
	{ "context", 'Z', CLI_OPTARG },    /* ... --context may: --context=CTX */
	{ "help", OPT_HELP, CLI_NOARG },
	{ "version", OPT_VERSION, CLI_NOARG },
	{ NULL, 0, 0 },
};

/* GNU's option list word for word, so that the help of a drop-in reads the same. */
static const char usage_text[] =
    "Usage: %s [OPTION]... NAME...\n"
    "Create named pipes (FIFOs) with the given NAMEs.\n"
    "\n"
    "Mandatory arguments to long options are mandatory for short options too.\n"
    "  -m, --mode=MODE    set file permission bits to MODE, not a=rw - umask\n"
    "  -Z                   set the SELinux security context to default type\n"
    "      --context[=CTX]  like -Z, or if CTX is specified then set the SELinux\n"
    "                         or SMACK security context to CTX\n"
    "      --help        display this help and exit\n"
    "      --version     output version information and exit\n"
    "\n"
    "This mkfifo is part of ipcsh and sets no security context: -Z and --context\n"
    "are accepted and ignored. Full documentation: mkfifo(1).\n";

struct mkfifo_args {
	const char *prog;
	const char *mode;   /* -m MODE, or NULL */
};

/* A --help or --version that could not be written (a full disk) fails, as
 * with GNU; the error flag is cleared for the next builtin using stdout. */
static int
finish_output(const char *prog)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return MKFIFO_OK;
	cli_error(prog, NULL, "write error: %s", ipc_strerror(errno));
	clearerr(stdout);
	return MKFIFO_FAIL;
}

/* The option loop: 1 to go on, or a finished status in *status. */
static int
parse_options(struct mkfifo_args *a, int argc, char **argv, int *status)
{
	struct cli_parser p;
	const char *arg;
	int key;
	cli_parser_init(&p, a->prog, argc, argv, 1);
	while ((key = cli_next(&p, options, &arg)) != CLI_END) {
		switch (key) {
		case CLI_OPERAND: break;
		case 'm': a->mode = arg; break;
		case 'Z':
			if (arg != NULL)
				cli_error(a->prog, NULL, "warning: ignoring --context; "
				    "it requires an SELinux/SMACK-enabled kernel");
			break;
		case OPT_HELP:
			printf(usage_text, a->prog);
			*status = finish_output(a->prog);
			return 0;
		case OPT_VERSION:
			cli_version("mkfifo");
			*status = finish_output(a->prog);
			return 0;
		default: *status = MKFIFO_FAIL; return 0;
		}
	}
	return 1;
}

/* The mode every FIFO gets: a=rw filtered by the umask, or -m MODE
 * applied to a=rw as chmod would. 0, or 1 after an error message. */
static int
resolve_mode(const struct mkfifo_args *a, mode_t *mode)
{
	mode_t mask = umask(0);
	umask(mask);
	*mode = 0666;
	if (a->mode == NULL)
		return 0;
	if (cli_parse_mode(a->mode, 0666, mask, mode) < 0) {
		cli_error(a->prog, NULL, "invalid mode");
		return 1;
	}
	if ((*mode & ~(mode_t)0777) != 0) {
		cli_error(a->prog, NULL, "mode must specify only file permission bits");
		return 1;
	}
	return 0;
}

static int
make_one(const struct mkfifo_args *a, const char *name, mode_t mode)
{
	int e = ipc_fifo_create(name, mode, a->mode ? IPC_FIFO_EXACT : 0);
	if (e == 0)
		return MKFIFO_OK;
	char *q = cli_quote(name);
	cli_error(a->prog, NULL, "cannot create fifo %s: %s", q ? q : name, ipc_strerror(e));
	free(q);
	return MKFIFO_FAIL;
}

int
mkfifo_main(int argc, char **argv)
{
	/* GNU names itself as it was called, path and all. */
	struct mkfifo_args a = { argc > 0 && argv[0][0] ? argv[0] : "mkfifo", NULL };
	int status = MKFIFO_OK;
	if (!parse_options(&a, argc, argv, &status))
		return status;

	/* Options may follow operands: a second pass takes the operands. */
	struct cli_parser p;
	const char *arg;
	int key, operands = 0;
	cli_parser_init(&p, a.prog, argc, argv, 1);
	while ((key = cli_next(&p, options, &arg)) != CLI_END)
		operands += key == CLI_OPERAND;
	if (operands == 0) {
		cli_usage_error(a.prog, "missing operand");
		return MKFIFO_FAIL;
	}
	mode_t mode;
	if (resolve_mode(&a, &mode) != 0)
		return MKFIFO_FAIL;
	cli_parser_init(&p, a.prog, argc, argv, 1);
	while ((key = cli_next(&p, options, &arg)) != CLI_END)
		if (key == CLI_OPERAND && make_one(&a, arg, mode) != MKFIFO_OK)
			status = MKFIFO_FAIL;
	return status;
}

#ifdef CLI_STANDALONE
int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, mkfifo_main);
}
#endif
