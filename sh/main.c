/* main.c: ipcsh's invocation: options, the environment, and the top-level loop. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "edit.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "expand.h"
#include "history.h"
#include "input.h"
#include "jobs.h"
#include "lexer.h"
#include "lctype.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "prompt.h"
#include "specials.h"
#include "redir.h"
#include "trap.h"
#include "var.h"

extern char **environ;

static _Noreturn void
usage_error(const char *what, const char *why)
{
	out_fmt(&out2, "ipcsh: %s: %s", what, why);
	out_str(&out2, "\nusage: ipcsh [-abCefhimnuvx] [-o option] [-c string [name [arg...]] | -s [arg...] | file [arg...]]\n");
	out_flush(&out2);
	_exit(2);
}

static void
path_hook(const char *value)
{
	(void)value;
	hash_clear();
}

/* Character handling follows LC_ALL, LC_CTYPE and LANG as the script sets
 * them; the locale is loaded on first use (lctype.h), not at startup. */
static void
locale_hook(const char *value)
{
	(void)value;
	locale_changed();
}

static void
init_vars(void)
{
	char buf[32];
	var_init(environ);
	var_hook("PATH", path_hook);
	var_hook("OPTIND", getopts_reset);
	if (var_get("PS1") == NULL)
		var_set("PS1", geteuid() == 0 ? "# " : "$ ", 0);
	if (var_get("PS2") == NULL)
		var_set("PS2", "> ", 0);
	if (var_get("PS4") == NULL)
		var_set("PS4", "+ ", 0);
	var_set("OPTIND", "1", 0);
	/* IFS starts as the default whatever the environment says (XCU 2.5.3
	 * allows either; dash, bash and yash ignore it): an inherited IFS
	 * would split every script's expansions its own way, and an absent
	 * one makes saved=$IFS ... IFS=$saved turn splitting off. */
	var_set("IFS", " \t\n", 0);
	var_set("OLDPWD", NULL, VEXPORT);   /* exported once cd sets it, as bash */
	if (var_get("PATH") == NULL)
		var_set("PATH", "/usr/local/bin:/usr/bin:/bin", 0);
	var_hook("LC_ALL", locale_hook);
	var_hook("LC_CTYPE", locale_hook);
	var_hook("LANG", locale_hook);
	snprintf(buf, sizeof buf, "%ld", (long)getppid());
	var_set("PPID", buf, 0);
	struct var *v = var_lookup("LINENO");
	if (v == NULL || (v->flags & VUNSET)) {
		var_set("LINENO", "", 0);
		var_lookup("LINENO")->flags |= VDYNAMIC;
	}
	/* PWD from the environment is kept when it names this directory (a
	 * path through a symbolic link stays as the user typed it); else the
	 * physical path. Two stats, no getcwd, in the common case. */
	const char *pwd = var_get("PWD");
	struct stat a, b;
	if (pwd == NULL || pwd[0] != '/' || stat(pwd, &a) != 0 || stat(".", &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		char *cwd = getcwd(NULL, 0);
		if (cwd != NULL)
			var_set("PWD", cwd, VEXPORT);
		free(cwd);
	}
}

static void
set_arg0(const char *name)
{
	free(arg0);
	arg0 = xstrdup(name);
}

struct invocation {
	const char *command;   /* -c string */
	const char *script;    /* file operand */
	int first_param;
	int monitor_given;     /* -m or +m was on the command line */
};

/* Parses ipcsh's own options; set's options are shared with set. */
static void
parse_args(int argc, char **argv, struct invocation *inv)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-") == 0) {
			i++;   /* "-" ends the options, as "--" does */
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		int on = a[0] == '-';
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'c': opt.cmdstring = 1; continue;   /* +c too, as bash and dash */
			case 's': opt.stdin_mode = (char)on; continue;
			case 'i': opt.interactive = (char)on; continue;
			case 'l': opt.login = (char)on; continue;
			case 'o':
				if (i + 1 >= argc)
					usage_error("-o", "option name required");
				if (opt_set_name(argv[++i], on) < 0)
					usage_error(argv[i], "invalid option name");
				continue;
			}
			if (*p == 'm')
				inv->monitor_given = 1;
			if (opt_set_letter(*p, on) < 0) {
				char bad[3] = { '-', *p, '\0' };
				usage_error(bad, "invalid option");
			}
		}
	}
	if (opt.cmdstring) {
		if (i >= argc)
			usage_error("-c", "option requires an argument");
		inv->command = argv[i++];
		if (i < argc)
			set_arg0(argv[i++]);
	} else if (!opt.stdin_mode && i < argc) {
		inv->script = argv[i];
		set_arg0(argv[i++]);
	} else {
		opt.stdin_mode = 1;
	}
	inv->first_param = i;
}

/* After an error in an interactive shell: back to a clean top level. */
static void
recover(int input_depth)
{
	redir_unwind(0);
	while (var_scope_depth() > 0)
		var_scope_pop();
	funcnest = loopnest = loopbase = dotnest = errexit_off = func_scope = 0;
	evalskip = SKIP_NONE;
	in_unwind(input_depth);
	lex_reset();
	shhist_commit();   /* a command with a syntax error is kept, to be fixed */
	out_flush_all();
}

/* Runs one startup file if it exists; errors in it do not stop the shell. */
static void
source_file(const char *path, int input_depth)
{
	if (path == NULL || access(path, R_OK) != 0)
		return;
	char *argv[] = { ".", (char *)path, NULL };
	struct jmploc jl, *prev = handler;
	if (setjmp(jl.loc) == 0) {
		handler = &jl;
		dot_builtin(2, argv);
	} else {
		recover(input_depth);
	}
	handler = prev;
}

/* A login shell reads /etc/profile and ~/.profile; an interactive one the
 * file named by $ENV (after parameter expansion, absolute paths only). */
static void
startup_files(int input_depth)
{
	if (opt.login) {
		source_file("/etc/profile", input_depth);
		const char *home = var_get("HOME");
		if (home != NULL) {
			char *p = st_alloc(strlen(home) + 12);
			sprintf(p, "%s/.profile", home);
			source_file(p, input_depth);
		}
	}
	if (opt.interactive && var_get("ENV") != NULL) {
		const char *env = prompt_expand("ENV", NULL);
		if (env != NULL && env[0] == '/')
			source_file(env, input_depth);
	}
}

static int
open_script(const char *name)
{
	int fd = in_open(name);
	if (fd < 0) {
		int err = errno;
		out_fmt(&out2, "ipcsh: %s: %s\n", name, strerror(err));
		out_flush(&out2);
		_exit(err == ENOENT ? 127 : 126);
	}
	return fd_move_high(fd);
}

int
main(int argc, char **argv)
{
	struct invocation inv = { 0 };
	sh_stack_init();
	shell_pid = getpid();
	set_arg0(argv[0] ? argv[0] : "ipcsh");
	if (argv[0] && argv[0][0] == '-')
		opt.login = 1;
	trap_init();
	init_vars();
	parse_args(argc, argv, &inv);
	int monitor_given = inv.monitor_given;
	params_set(argc - inv.first_param, argv + inv.first_param);
	if (!inv.command && !inv.script && isatty(0) && isatty(2))
		opt.interactive = 1;
	if (opt.interactive && !monitor_given)
		opt.monitor = 1;
	if (opt.monitor && jobs_control(1) < 0)
		opt.monitor = 0;
	if (opt.interactive) {
		locale_ensure();
		err_show_line = 0;
		if (!opt.vi)
			opt.emacs = 1;
		trap_interactive(1);
		lineedit_attach();
	}

	if (inv.script != NULL) {
		err_file = inv.script;
		in_push_fd(open_script(inv.script));
	} else if (inv.command != NULL) {
		in_push_command(inv.command, strlen(inv.command));
	} else {
		in_push_fd(0);
	}

	int base = in_depth();
	struct jmploc jl;
	startup_files(base);
	if (setjmp(jl.loc)) {
		if (exception == EXC_EXIT || !opt.interactive)
			shell_exit(exit_status);
		recover(base);
		if (exception == EXC_INT)
			out_char(&out2, '\n');
	}
	handler = &jl;
	eval_input(1);
	shell_exit(exit_status);
}
