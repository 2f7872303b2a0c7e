/* specials.c: the special builtins of XCU 2.15 that belong to the evaluator. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "func.h"
#include "input.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "quote.h"
#include "redir.h"
#include "specials.h"
#include "trap.h"
#include "var.h"

/* A count or status operand (break, continue, shift, return, exit) from
 * min to INT_MAX: a larger one is refused rather than wrapped, so that
 * `return 2147483648` does not pass for `return 0`. */
static int
count_arg(const char *who, const char *s, long min, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > INT_MAX) {
		sh_warn("%s: Illegal number: %s", who, s);
		return -1;
	}
	*out = v;
	return 0;
}

int
colon_builtin(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
loop_control(int argc, char **argv, int kind)
{
	long n = 1;
	if (argc > 2)
		sh_error("%s: too many arguments", argv[0]);
	if (argc > 1 && count_arg(argv[0], argv[1], 1, &n) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	if (loopnest == 0)
		return 0;
	/* In a subshell with loops of its own, n stops at its outermost one. */
	int loops = loopnest > loopbase ? loopnest - loopbase : loopnest;
	evalskip = kind;
	skipcount = n > loops ? loops : (int)n;
	return 0;
}

int
break_builtin(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_BREAK);
}

int
continue_builtin(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_CONT);
}

int
return_builtin(int argc, char **argv)
{
	long n = exit_status;
	if (argc > 1 && count_arg("return", argv[1], -2147483647L, &n) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	if (funcnest == 0 && dotnest == 0) {
		/* Unspecified by POSIX; dash ends a script here, as exit would. */
		if (!opt.interactive)
			sh_exit((int)(n & 0xff));
		sh_warn("return: can only return from a function or a sourced script");
		return 1;
	}
	evalskip = SKIP_RETURN;
	return (int)(n & 0xff);
}

int
exit_builtin(int argc, char **argv)
{
	long n = trap_exit_default(exit_status);
	if (argc > 2)
		sh_error("exit: too many arguments");
	if (argc > 1 && count_arg("exit", argv[1], -2147483647L, &n) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	sh_exit((int)(n & 0xff));
}

int
eval_builtin(int argc, char **argv)
{
	size_t n = 0;
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	}
	for (int i = 1; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if (n == 0)
		return 0;
	char *s = st_alloc(n), *o = s;
	for (int i = 1; i < argc; i++) {
		size_t l = strlen(argv[i]);
		memcpy(o, argv[i], l);
		o += l;
		*o++ = i + 1 < argc ? ' ' : '\0';
	}
	return eval_string(s);
}

/* The file for `.`: a name with a slash as is, else the first readable
 * regular file along PATH (it need not be executable). */
static char *
dot_find(const char *name)
{
	if (strchr(name, '/'))
		return st_strdup(name);
	const char *path = var_get("PATH");
	if (path == NULL)
		path = "/usr/bin:/bin";
	size_t nl = strlen(name);
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		char *full = st_alloc(dl + nl + 2);
		if (dl == 0)
			strcpy(full, name);
		else {
			memcpy(full, p, dl);
			full[dl] = '/';
			strcpy(full + dl + 1, name);
		}
		struct stat st;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, R_OK) == 0)
			return full;
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	/* Not along PATH: a file of that name here, as bash does. */
	struct stat st;
	if (stat(name, &st) == 0 && S_ISREG(st.st_mode))
		return st_strdup(name);
	return NULL;
}

int
dot_builtin(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	}
	if (argc < 2) {
		sh_warn(".: filename argument required");
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	char *path = dot_find(argv[1]);
	int fd = path ? in_open(path) : -1;
	if (fd < 0) {
		sh_warn(".: %s: %s", argv[1], path ? strerror(errno) : "not found");
		exit_status = path ? 1 : 127;
		if (!opt.interactive)
			sh_raise(EXC_ERROR);
		return exit_status;
	}
	fd = fd_move_high(fd);
	struct params saved = params;
	int swapped = argc > 2;
	if (swapped)
		saved = params_swap(argc - 2, argv + 2);
	int depth = in_depth(), line = in_lineno;
	const char *saved_file = err_file, *name = argv[1];
	struct jmploc jl, *prev = handler;
	if (setjmp(jl.loc)) {
		handler = prev;
		in_unwind(depth);
		close(fd);
		in_lineno = line;
		err_file = saved_file;
		dotnest--;
		if (swapped)
			params_restore(saved);
		sh_raise(exception);
	}
	handler = &jl;
	in_push_fd(fd);
	in_lineno = 1;
	err_file = name;   /* errors name the file they are in */
	dotnest++;
	int st = eval_input(0);
	dotnest--;
	handler = prev;
	in_unwind(depth);
	close(fd);
	in_lineno = line;
	err_file = saved_file;
	if (swapped)
		params_restore(saved);
	if (evalskip == SKIP_RETURN) {
		evalskip = SKIP_NONE;
		st = exit_status;
	}
	return st;
}

int
exec_builtin(int argc, char **argv)
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return 0;
	struct cmd c;
	find_command(argv[i], &c, 1);
	if (c.kind != CMD_PROGRAM) {
		c.path = path_search(argv[i], NULL);
		if (c.path == NULL) {
			sh_warn("exec: %s: not found", argv[i]);
			exit_status = 127;
			if (!opt.interactive)
				shell_exit(127);
			return 127;
		}
	}
	redir_forget();
	int st = exec_program(c.path, argv + i, var_environ());
	if (!opt.interactive)
		shell_exit(st);
	return st;
}

/* ---- export, readonly, unset, local, shift ---- */

static void
print_decl(struct var *v, void *arg)
{
	int flag = *(int *)arg;
	if (!(v->flags & flag))
		return;
	out_str(&out1, flag == VEXPORT ? "export " : "readonly ");
	out_str(&out1, v->name);
	if (!(v->flags & VUNSET)) {
		out_char(&out1, '=');
		out_quoted(&out1, var_get(v->name));
	}
	out_char(&out1, '\n');
}

static int
declare(int argc, char **argv, int flag)
{
	int i = 1, status = 0;
	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		var_each(print_decl, &flag);
		return 0;
	}
	for (; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (name_len(argv[i]) != n) {
			sh_warn("%s: %.*s: bad variable name", argv[0], (int)n, argv[i]);
			exit_status = 2;
			sh_raise(EXC_ERROR);
		}
		if (var_setn(argv[i], n, eq ? eq + 1 : NULL, flag) < 0) {
			exit_status = 2;
			sh_raise(EXC_ERROR);
		}
	}
	return status;
}

int
export_builtin(int argc, char **argv)
{
	return declare(argc, argv, VEXPORT);
}

int
readonly_builtin(int argc, char **argv)
{
	return declare(argc, argv, VREADONLY);
}

int
local_builtin(int argc, char **argv)
{
	if (funcnest == 0) {
		sh_warn("local: not in a function");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		char *name = st_strndup(argv[i], n);
		if (strcmp(name, "-") == 0)
			continue;   /* dash's "local -": options are not local here */
		if (!is_name(name)) {
			sh_warn("local: %s: bad variable name", name);
			return 1;
		}
		var_make_local_at(name, func_scope);
		if (eq != NULL && var_set(name, eq + 1, 0) < 0)
			return 1;
	}
	return 0;
}

int
unset_builtin(int argc, char **argv)
{
	int i = 1, funcs = 0, status = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-f") == 0)
			funcs = 1;
		else if (strcmp(argv[i], "-v") == 0)
			funcs = 0;
		else {
			sh_warn("unset: %s: invalid option", argv[i]);
			return 2;
		}
	}
	for (; i < argc; i++) {
		if (funcs) {
			func_unset(argv[i]);
			continue;
		}
		if (!is_name(argv[i])) {
			sh_warn("unset: %s: bad variable name", argv[i]);
			status = 2;
			continue;
		}
		if (var_unset(argv[i]) < 0) {
			exit_status = 1;
			sh_raise(EXC_ERROR);   /* a special builtin's error */
		}
	}
	return status;
}

int
shift_builtin(int argc, char **argv)
{
	long n = 1;
	if (argc > 2)
		sh_error("shift: too many arguments");
	if (argc > 1 && count_arg("shift", argv[1], 0, &n) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	if (n > params.n) {
		sh_warn("shift: %ld: shift count out of range", n);
		return 1;
	}
	params_shift((int)n);
	return 0;
}
