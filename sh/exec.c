/* exec.c: command search (builtins, functions, PATH with a hash), and starting programs. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alias.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "func.h"
#include "input.h"
#include "jobs.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "parser.h"
#include "quote.h"
#include "redir.h"
#include "launch.h"
#include "trap.h"
#include "var.h"

/* ---- the hash of program locations ---- */

struct hashent {
	struct hashent *next;
	char *name;
	char *path;
	int hits;
};

static struct hashent *hashtab[128];

static unsigned
hname(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h & 127;
}

void
hash_clear(void)
{
	for (size_t i = 0; i < 128; i++) {
		while (hashtab[i] != NULL) {
			struct hashent *e = hashtab[i];
			hashtab[i] = e->next;
			free(e->name);
			free(e->path);
			free(e);
		}
	}
}

static struct hashent *
hash_get(const char *name)
{
	for (struct hashent *e = hashtab[hname(name)]; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

static void
hash_put(const char *name, const char *path)
{
	struct hashent *e = hash_get(name);
	if (e == NULL) {
		e = xmalloc(sizeof *e);
		e->name = xstrdup(name);
		e->path = NULL;
		e->hits = 0;
		e->next = hashtab[hname(name)];
		hashtab[hname(name)] = e;
	}
	free(e->path);
	e->path = xstrdup(path);
}

/* An executable regular file (directories are not commands). */
static int
is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *
path_search(const char *name, const char *path)
{
	if (path == NULL)
		path = var_get("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	size_t nl = strlen(name);
	for (const char *p = path;; ) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		char *full = st_alloc(dl + nl + 2);
		if (dl == 0) {
			memcpy(full, name, nl + 1);   /* an empty entry is "." */
		} else {
			memcpy(full, p, dl);
			full[dl] = '/';
			memcpy(full + dl + 1, name, nl + 1);
		}
		if (is_executable(full))
			return full;
		if (colon == NULL)
			return NULL;
		p = colon + 1;
	}
}

void
find_command(const char *name, struct cmd *c, int no_functions)
{
	memset(c, 0, sizeof *c);
	if (strchr(name, '/') != NULL) {
		c->kind = CMD_PROGRAM;
		c->path = name;
		return;
	}
	const struct builtin *bi = builtin_find(name);
	if (bi != NULL && (bi->flags & BI_SPECIAL)) {
		c->kind = CMD_SPECIAL;
		c->bi = bi;
		return;
	}
	if (!no_functions && (c->func = func_find(name)) != NULL) {
		c->kind = CMD_FUNCTION;
		return;
	}
	if (bi != NULL) {
		c->kind = CMD_BUILTIN;
		c->bi = bi;
		return;
	}
	struct hashent *e = hash_get(name);
	if (e != NULL && is_executable(e->path)) {
		e->hits++;
		c->kind = CMD_PROGRAM;
		c->path = e->path;
		return;
	}
	char *found = path_search(name, NULL);
	if (found == NULL) {
		c->kind = CMD_NONE;
		return;
	}
	hash_put(name, found);
	e = hash_get(name);
	e->hits++;
	c->kind = CMD_PROGRAM;
	c->path = e->path;
}

/* ---- starting programs ---- */

static void
warn_exec(const char *path, int err)
{
	if (err == ENOENT)
		sh_warn("%s: not found", path);
	else
		sh_warn("%s: %s", path, strerror(err));
}

/* A file the kernel will not run (no #! line): run it as a script in a
 * child copy of this shell, as POSIX asks. */
static _Noreturn void
run_as_script(const char *path, char **argv)
{
	/* A new shell, not a copy of this one: it must not see unexported
	 * variables, functions or traps. Where /proc/self/exe names this very
	 * program, run it afresh; elsewhere fall back to a reset subshell. */
	int argc = 0;
	while (argv[argc])
		argc++;
	char **nargv = st_alloc(((size_t)argc + 2) * sizeof *nargv);
	nargv[0] = arg0;
	nargv[1] = (char *)path;
	for (int i = 1; i <= argc; i++)
		nargv[i + 1] = argv[i];
	execve("/proc/self/exe", nargv, var_environ());

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		warn_exec(path, errno);
		shell_exit(126);
	}
	fd = fd_move_high(fd);
	params_set(argc - 1, argv + 1);
	free(arg0);
	arg0 = xstrdup(path);
	in_subshell = 1;
	exit_status = 0;
	in_push_fd(fd);
	eval_input(0);
	shell_exit(exit_status);
}

pid_t
spawn_program(const char *path, char **argv, char **env, struct job *j)
{
	return spawn_program_io(path, argv, env, j, -1, -1);
}

pid_t
spawn_program_io(const char *path, char **argv, char **env, struct job *j,
    int fd_in, int fd_out)
{
	sigset_t def;
	pid_t pgid;
	int tty = job_spawn_group(j, &pgid);
	out_flush_all();
	trap_default_set(&def);
	jobs_sigdef(&def);
	struct spawn_req r = { path, argv, env, &def, pgid, tty, fd_in, fd_out };
	pid_t pid = spawn_vfork(&r);
	if (pid > 0) {
		job_add_proc(j, pid);
		return pid;
	}
	int err = (int)-pid;
	if (err == ENOEXEC && access(path, X_OK) == 0) {
		pid = sh_fork(j);
		if (pid == 0) {
			child_setup();
			if (fd_in >= 0)
				dup2(fd_in, 0);
			if (fd_out >= 0)
				dup2(fd_out, 1);
			run_as_script(path, argv);
		}
		return pid;
	}
	warn_exec(argv[0], err);
	errno = err;
	return -1;
}

int
exec_program(const char *path, char **argv, char **env)
{
	sigset_t def, empty;
	out_flush_all();
	trap_default_set(&def);
	jobs_sigdef(&def);
	signals_default(&def);
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);
	execve(path, argv, env);
	int err = errno;
	if (err == ENOEXEC && access(path, X_OK) == 0)
		run_as_script(path, argv);
	warn_exec(argv[0], err);
	return err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG ? 127 : 126;
}

/* ---- hash, type, command ---- */

int
hash_builtin(int argc, char **argv)
{
	int status = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-r") == 0) {
		if (i + 1 < argc) {   /* the two forms are hash -r and hash NAME... */
			sh_warn("hash: -r: no operand is allowed");
			return 2;
		}
		hash_clear();
		return 0;
	}
	if (i < argc && strcmp(argv[i], "--") == 0) {
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		sh_warn("hash: %s: invalid option", argv[i]);
		return 2;
	}
	if (i >= argc) {
		for (size_t b = 0; b < 128; b++)
			for (struct hashent *e = hashtab[b]; e; e = e->next)
				out_fmt(&out1, "%s\n", e->path);
		return 0;
	}
	for (; i < argc; i++) {
		struct cmd c;
		if (strchr(argv[i], '/'))
			continue;
		find_command(argv[i], &c, 1);
		if (c.kind == CMD_NONE) {
			sh_warn("hash: %s: not found", argv[i]);
			status = 1;
		}
	}
	return status;
}

/* command -p looks for utilities here, whatever PATH holds. */
static const char std_path[] = "/usr/bin:/bin:/usr/sbin:/sbin";

/* Describes name as `type` or `command -V` does; 0 when found. With
 * use_std_path (command -pv), a utility is looked for in std_path. */
static int
describe(const char *name, int verbose, int use_std_path)
{
	struct cmd c;
	if (is_reserved_word(name)) {
		if (verbose)
			out_fmt(&out1, "%s is a shell keyword\n", name);
		else
			out_fmt(&out1, "%s\n", name);
		return 0;
	}
	struct alias *a = alias_find(name);
	if (a != NULL) {
		if (verbose) {
			out_fmt(&out1, "%s is an alias for ", name);
			out_str(&out1, a->value);
			out_char(&out1, '\n');
		} else {
			out_str(&out1, "alias ");
			out_str(&out1, name);
			out_char(&out1, '=');
			out_quoted(&out1, a->value);
			out_char(&out1, '\n');
		}
		return 0;
	}
	find_command(name, &c, 0);
	if (use_std_path && !strchr(name, '/') &&
	    (c.kind == CMD_PROGRAM || c.kind == CMD_NONE)) {
		c.path = path_search(name, std_path);
		c.kind = c.path ? CMD_PROGRAM : CMD_NONE;
	}
	if (c.kind == CMD_PROGRAM && strchr(name, '/') && !is_executable(name))
		c.kind = CMD_NONE;
	switch (c.kind) {
	case CMD_SPECIAL:
		out_fmt(&out1, verbose ? "%s is a special shell builtin\n" : "%s\n", name);
		return 0;
	case CMD_FUNCTION:
		out_fmt(&out1, verbose ? "%s is a shell function\n" : "%s\n", name);
		return 0;
	case CMD_BUILTIN:
		out_fmt(&out1, verbose ? "%s is a shell builtin\n" : "%s\n", name);
		return 0;
	case CMD_PROGRAM:
		if (verbose)
			out_fmt(&out1, "%s is %s\n", name, c.path);
		else
			out_fmt(&out1, "%s\n", c.path);
		return 0;
	default:
		if (verbose)
			sh_warn("%s: not found", name);
		return 1;
	}
}

int
type_builtin(int argc, char **argv)
{
	int status = 0;
	for (int i = 1; i < argc; i++)
		if (describe(argv[i], 1, 0) != 0)
			status = 127;
	return status;
}

/* Runs a builtin so that its errors return a status instead of ending a
 * script (what `command` does to special builtins). */
static int
run_unfatal(const struct builtin *bi, int argc, char **argv)
{
	struct jmploc jl, *prev = handler;
	int tested = errexit_off, redirs = redir_depth(), loops = loopnest;
	if (setjmp(jl.loc)) {
		handler = prev;
		errexit_off = tested;
		if (exception != EXC_ERROR)
			sh_raise(exception);
		/* The script goes on: undo the redirections and loops that the
		 * error left behind (`command eval '{ ${u?}; } 3>f'`). */
		redir_unwind(redirs);
		loopnest = loops;
		return exit_status ? exit_status : 2;
	}
	handler = &jl;
	int st = bi->fn(argc, argv);
	handler = prev;
	return st;
}

/* command [-p] [-v|-V] name [arg...]: run name skipping functions, with
 * special builtins' errors no longer fatal; or describe it. */
int
command_builtin(int argc, char **argv)
{
	int i = 1, v = 0, V = 0, p = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'v') v = 1;
			else if (*o == 'V') V = 1;
			else if (*o == 'p') p = 1;
			else {
				sh_warn("command: -%c: invalid option", *o);
				return 2;
			}
		}
	}
	if (i >= argc)
		return 0;
	if (v || V) {
		int status = 0;
		for (; i < argc; i++)
			if (describe(argv[i], V, p) != 0)
				status = 1;
		return status;
	}
	struct cmd c;
	const char *name = argv[i];
	if (p && strchr(name, '/') == NULL) {
		const struct builtin *bi = builtin_find(name);
		if (bi != NULL) {
			c.kind = CMD_BUILTIN;
			c.bi = bi;
		} else {
			char *found = path_search(name, std_path);
			c.kind = found ? CMD_PROGRAM : CMD_NONE;
			c.path = found;
		}
	} else {
		find_command(name, &c, 1);
	}
	argc -= i;
	argv += i;
	if (c.kind == CMD_SPECIAL || c.kind == CMD_BUILTIN)
		return run_unfatal(c.bi, argc, argv);
	if (c.kind == CMD_NONE) {
		sh_warn("%s: command not found", name);
		return 127;
	}
	struct job *j = job_new(NULL, 1, JOB_FG);
	if (spawn_program(c.path, argv, var_environ(), j) < 0)
		return errno == ENOENT ? 127 : 126;
	return job_wait_fg(j);
}
