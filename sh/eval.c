/* eval.c: the evaluator: lists, compound commands, simple commands, subshells. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "expand.h"
#include "func.h"
#include "history.h"
#include "input.h"
#include "jobs.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "parser.h"
#include "prompt.h"
#include "quote.h"
#include "redir.h"
#include "specials.h"
#include "trap.h"
#include "var.h"
#include "vsub.h"

int evalskip, skipcount, loopnest, funcnest, dotnest, loopbase;
int in_subshell;
/* Nonzero while the status being made is tested (if, while, &&, ||, !):
 * errexit is then ignored, also inside functions called from there. */
int errexit_off;

static void
check_errexit(void)
{
	if (exit_status != 0 && opt.errexit && errexit_off == 0)
		sh_exit(exit_status);   /* raised: an in-process subshell ends here */
}

/* ---- xtrace ---- */

static void
trace(char **assigns, int nassigns, char **argv, int argc)
{
	/* PS4 may hold a command substitution: that one is not traced. */
	static int tracing;
	if (tracing)
		return;
	tracing = 1;
	const char *ps4 = prompt_expand("PS4", "");
	tracing = 0;
	out_flush(&out1);
	out_str(&out2, ps4);
	for (int i = 0; i < nassigns; i++) {
		const char *eq = strchr(assigns[i], '=');
		out_write(&out2, assigns[i], (size_t)(eq - assigns[i]) + 1);
		out_quoted_line(&out2, eq + 1);
		if (i + 1 < nassigns || argc > 0)
			out_char(&out2, ' ');
	}
	for (int i = 0; i < argc; i++) {
		out_quoted_line(&out2, argv[i]);
		if (i + 1 < argc)
			out_char(&out2, ' ');
	}
	out_char(&out2, '\n');
	out_flush(&out2);
}

/* The trace of a command whose redirections are made already goes where
 * the shell's standard error went before them, as dash does. */
static void
trace_outer(char **assigns, int nassigns, char **argv, int argc)
{
	int fd = redir_outer_fd(2), keep = out2.fd;
	if (fd < 0)
		return;
	out_flush(&out2);
	out2.fd = fd;
	trace(assigns, nassigns, argv, argc);
	out2.fd = keep;
}

/* ---- assignments ---- */

/*
 * Expands and performs a command's assignments in order, so each sees the
 * ones before it (XCU 2.9.1 step 4). Temporary ones are undone by
 * var_scope_pop. Returns the "name=value" strings for xtrace.
 */
static char **
do_assigns(const struct word *w, int temporary, int export_them, int *count)
{
	int n = 0;
	for (const struct word *x = w; x; x = x->next)
		n++;
	char **done = st_alloc(((size_t)n + 1) * sizeof *done);
	n = 0;
	for (; w != NULL; w = w->next) {
		size_t nl;
		char *val = expand_assign_value(w, &nl);
		char *name = st_strndup(w->parts->u.lit.s, nl);
		if (temporary)
			var_make_local(name);
		int flags = (export_them || opt.allexport) ? VEXPORT : 0;
		if (var_set(name, val, flags) < 0) {
			exit_status = 2;
			sh_raise(EXC_ERROR);
		}
		char *s = st_alloc(nl + strlen(val) + 2);
		memcpy(s, name, nl);
		s[nl] = '=';
		strcpy(s + nl + 1, val);
		done[n++] = s;
	}
	done[n] = NULL;
	*count = n;
	return done;
}

/* ---- simple commands ---- */

static int
assigns_path(const struct word *w)
{
	for (; w != NULL; w = w->next)
		if (strncmp(w->parts->u.lit.s, "PATH=", 5) == 0)
			return 1;
	return 0;
}

static int
is_decl_utility(const struct word *w)
{
	if (w == NULL)
		return 0;
	const char *r = w->raw;
	return strcmp(r, "export") == 0 || strcmp(r, "readonly") == 0 ||
	    strcmp(r, "local") == 0;
}

/* Runs a builtin. With redirected output (flush), what it wrote is
 * written now, so that a write error is its error and its status. */
static int
run_builtin(const struct builtin *bi, int argc, char **argv, int flush)
{
	if (bi->flags & BI_IPC) {
		/* IPC utilities print through stdio: keep the order of output. */
		out_flush_all();
		int st = bi->fn(argc, argv);
		fflush(stdout);
		fflush(stderr);
		return st;
	}
	int st = bi->fn(argc, argv);
	if (flush)
		out_flush(&out1);
	if (out1.error) {
		if (out1.error != EPIPE)
			sh_warn("%s: write error: %s", argv[0], strerror(out1.error));
		out1.error = 0;
		out_discard(&out1);
		if (st == 0)
			st = 1;
	}
	return st;
}

/* The scope level of the innermost running function: `local` saves there. */
int func_scope;

/* An error unwinding out of a function that someone catches (command,
 * $(...) run in-process, an interactive shell) must find the caller's
 * parameters, locals and nesting back. exit keeps the function's, so an
 * EXIT trap sees them (as bash): the caller's are freed, not lost. */
static void
function_unwound(struct params saved, int outer_scope, int scope)
{
	funcnest--;
	func_scope = outer_scope;
	while (var_scope_depth() >= scope)
		var_scope_pop();   /* the locals, and the caller's prefix scope */
	if (funcnest == 0)
		func_release_retired();
	params_restore(saved);
}

static int
call_function(const struct node *fn, int argc, char **argv, int flags)
{
	struct params saved = params_swap(argc - 1, argv + 1);
	int outer_scope = func_scope, scope = var_scope_depth();
	int loops = loopnest, base = loopbase;
	struct jmploc jl, *prev = handler;
	if (setjmp(jl.loc)) {
		handler = prev;
		loopnest = loops;
		loopbase = base;
		if (exception != EXC_EXIT)
			function_unwound(saved, outer_scope, scope);
		else
			params_discard(saved);
		sh_raise(exception);
	}
	handler = &jl;
	func_scope = scope;
	funcnest++;
	/* The caller's loops do not enclose the body's break and continue,
	 * as in dash, bash, yash and mksh. */
	loopnest = loopbase = 0;
	eval_node(fn->u.func.body, flags & ~EV_EXIT);
	handler = prev;
	loopnest = loops;
	loopbase = base;
	funcnest--;
	func_scope = outer_scope;
	if (funcnest == 0)
		func_release_retired();
	params_restore(saved);
	if (evalskip == SKIP_RETURN) {
		evalskip = SKIP_NONE;
		skipcount = 0;
	}
	return exit_status;
}

static void
not_found(const char *name)
{
	sh_warn("%s: command not found", name);
	exit_status = 127;
}

static void
run_program(const struct node *n, const struct cmd *c, char **argv, int flags)
{
	if (c->kind == CMD_NONE) {
		not_found(argv[0]);
		return;
	}
	char **env = var_environ();
	if ((flags & EV_EXIT) && !trap_pending && !trap_any_set()) {
		redir_forget();
		exit_status = exec_program(c->path, argv, env);
		shell_exit(exit_status);
	}
	struct job *j = job_new(n, 1, JOB_FG);
	if (spawn_program(c->path, argv, env, j) < 0) {
		exit_status = errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG ? 127 : 126;
		return;
	}
	exit_status = job_wait_fg(j);
}

/* A command that is only assignments (and redirections). */
static int cmdsubs;   /* command substitutions run so far */

/* A command that is only assignments (and redirections). */
static void
eval_assign_only(const struct node *n, int before)
{
	if (redir_push(n->redirs, 0) != 0) {
		exit_status = 1;
		return;
	}
	int na;
	char **a = do_assigns(n->u.cmd.assigns, 0, 0, &na);
	if (opt.xtrace && na > 0)
		trace(a, na, NULL, 0);
	redir_pop();
	if (cmdsubs == before)
		exit_status = 0;   /* else: the last command substitution's */
}

/* exec without a command keeps its redirections, and so does
 * `command exec`, the way to try one without exiting on failure. */
static int
exec_keeps_redirs(const struct cmd *c, int argc, char **argv)
{
	int i = 1;
	if (c->kind == CMD_BUILTIN && c->bi->fn == command_builtin) {
		if (i < argc && strcmp(argv[i], "--") == 0)
			i++;
		if (i >= argc || strcmp(argv[i], "exec") != 0)
			return 0;
		i++;
	} else if (c->kind != CMD_SPECIAL || c->bi->fn != exec_builtin) {
		return 0;
	}
	return i == argc || (i + 1 == argc && strcmp(argv[i], "--") == 0);
}

static void eval_simple_inner(const struct node *n, int flags);

/* Everything a simple command expands lives until the command ends. */
static void
eval_simple(const struct node *n, int flags)
{
	struct stackmark m;
	st_mark(&m);
	eval_simple_inner(n, flags);
	st_pop(&m);
}

static void
eval_simple_inner(const struct node *n, int flags)
{
	char **argv, **a;
	int na, before = cmdsubs;
	err_lineno = n->lineno;
	int argc = is_decl_utility(n->u.cmd.args)
	    ? expand_fields_decl(n->u.cmd.args, &argv)
	    : expand_fields(n->u.cmd.args, &argv);
	if (argc == 0) {
		eval_assign_only(n, before);
		return;
	}
	struct cmd c;
	find_command(argv[0], &c, 0);
	/* A special builtin's assignments are expanded before its
	 * redirections are made (XCU 2.9.1.1 allows either order there). */
	if (c.kind == CMD_SPECIAL) {
		int keep = exec_keeps_redirs(&c, argc, argv);
		a = do_assigns(n->u.cmd.assigns, 0, c.bi->fn == exec_builtin, &na);
		if (opt.xtrace)
			trace(a, na, argv, argc);
		if (redir_push(n->redirs, keep ? REDIR_KEEP : 0) != 0) {
			exit_status = 2;
			if (!opt.interactive)
				sh_raise(EXC_ERROR);
			return;
		}
		exit_status = run_builtin(c.bi, argc, argv, n->redirs != NULL);
		if (!keep)
			redir_pop();
		return;
	}
	/* Other commands make their redirections first, then expand their
	 * assignments (XCU 2.9.1.1 steps 3 and 4): a=$(cat f) >f cmd reads
	 * the emptied f. */
	int keep = exec_keeps_redirs(&c, argc, argv);
	if (redir_push(n->redirs, keep ? REDIR_KEEP : 0) != 0) {
		exit_status = 1;
		return;
	}
	/* Prefix assignments are exported for the command, whatever it is; a
	 * function's scope also holds its locals. A builtin without prefix
	 * assignments gets no scope, so `local` lands in its function's. */
	int scoped = n->u.cmd.assigns != NULL || c.kind == CMD_FUNCTION;
	if (scoped)
		var_scope_push();
	a = do_assigns(n->u.cmd.assigns, 1, 1, &na);
	if (assigns_path(n->u.cmd.assigns) && c.kind != CMD_FUNCTION)
		find_command(argv[0], &c, 0);   /* PATH=dir cmd looks in dir */
	if (opt.xtrace)
		trace_outer(a, na, argv, argc);
	if (c.kind == CMD_FUNCTION)
		exit_status = call_function(c.func, argc, argv, flags);
	else if (c.kind == CMD_BUILTIN)
		exit_status = run_builtin(c.bi, argc, argv, n->redirs != NULL);
	else
		run_program(n, &c, argv, flags);
	if (scoped)
		var_scope_pop();
	if (!keep)
		redir_pop();
}

/* ---- compound commands ---- */

/* After a loop body: consumes a break or continue meant for this loop.
 * Returns 1 when the loop must stop. */
static int
loop_skip(void)
{
	if (evalskip == SKIP_NONE)
		return 0;
	if (evalskip == SKIP_CONT && --skipcount <= 0) {
		evalskip = SKIP_NONE;
		return 0;
	}
	if (evalskip == SKIP_BREAK && --skipcount <= 0)
		evalskip = SKIP_NONE;
	return 1;
}

static void
eval_loop(const struct node *n, int flags)
{
	int status = 0, want = n->kind == N_WHILE;
	struct stackmark m;
	loopnest++;
	st_mark(&m);
	for (;; st_pop(&m)) {
		eval_node(n->u.loop.cond, EV_TESTED);
		if (loop_skip())
			break;
		if (evalskip)
			continue;
		if ((exit_status == 0) != want)
			break;
		eval_node(n->u.loop.body, flags & ~EV_EXIT);
		status = exit_status;
		if (loop_skip())
			break;
	}
	st_pop(&m);
	loopnest--;
	if (evalskip != SKIP_RETURN)   /* a return in the condition keeps its status */
		exit_status = status;
}

static void
eval_for(const struct node *n, int flags)
{
	char **words;
	int count;
	err_lineno = n->lineno;   /* $LINENO in the words: the for command's line */
	if (n->u.forl.has_in) {
		count = expand_fields(n->u.forl.words, &words);
	} else {
		count = params.n;
		words = st_alloc(((size_t)count + 1) * sizeof *words);
		for (int i = 0; i < count; i++)
			words[i] = st_strdup(params.v[i]);
	}
	int status = 0;
	struct stackmark m;
	loopnest++;
	st_mark(&m);
	for (int i = 0; i < count; i++, st_pop(&m)) {
		if (var_set(n->u.forl.var, words[i], opt.allexport ? VEXPORT : 0) < 0) {
			exit_status = 2;
			sh_raise(EXC_ERROR);
		}
		eval_node(n->u.forl.body, flags & ~EV_EXIT);
		status = exit_status;
		if (loop_skip())
			break;
	}
	st_pop(&m);
	loopnest--;
	exit_status = status;
}

static void eval_case_inner(const struct node *n, int flags);

static void
eval_case(const struct node *n, int flags)
{
	struct stackmark m;
	st_mark(&m);
	eval_case_inner(n, flags);
	st_pop(&m);
}

static void
eval_case_inner(const struct node *n, int flags)
{
	err_lineno = n->lineno;
	const char *subject = expand_word(n->u.cas.subject);
	/* The matched list sees $? from before the case; no match is 0. */
	for (const struct case_item *it = n->u.cas.items; it; it = it->next) {
		for (const struct word *p = it->patterns; p; p = p->next) {
			if (!pattern_match(expand_pattern(p), subject))
				continue;
			for (; it != NULL; it = it->next) {
				eval_node(it->body, flags & ~EV_EXIT);
				if (!it->fallthrough || evalskip)
					break;
			}
			return;
		}
	}
	exit_status = 0;
}

static void
eval_if(const struct node *n, int flags)
{
	eval_node(n->u.ifs.cond, EV_TESTED);
	if (evalskip)
		return;
	if (exit_status == 0)
		eval_node(n->u.ifs.then, flags);
	else if (n->u.ifs.els)
		eval_node(n->u.ifs.els, flags);
	else
		exit_status = 0;
}

/* ---- subshells, background, pipelines ---- */

void
child_setup(void)
{
	static struct jmploc child_jl;
	in_subshell = 1;
	if (setjmp(child_jl.loc)) {
		/* Any error or exit in the child ends the child. */
		shell_exit(exception == EXC_ERROR && exit_status == 0 ? 2 : exit_status);
	}
	handler = &child_jl;
	redir_forget();
	/* loopnest and funcnest stay: break, continue and return in a
	 * subshell with no loop of its own end the subshell, as in dash. */
	loopbase = loopnest;
}

static void
eval_subshell(const struct node *n, int flags)
{
	if (flags & EV_EXIT) {
		eval_node(n->u.bin.left, flags);
		return;
	}
	struct job *j = job_new(n, 1, JOB_FG);
	pid_t pid = sh_fork(j);
	if (pid == 0) {
		child_setup();
		eval_node(n->u.bin.left, EV_EXIT);
	}
	exit_status = job_wait_fg(j);
}

/* In a child of an asynchronous list: without job control, SIGINT and
 * SIGQUIT are ignored, and the first command reads /dev/null (XCU 2.9.3.1). */
static void
async_child_setup(int first)
{
	if (opt.monitor)
		return;
	trap_async_ignore();
	int fd = first ? open("/dev/null", O_RDONLY) : -1;
	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
}

static void eval_pipe(const struct node *n, int bg);

/* A pipeline runs as its own processes, so that $! is its last command's
 * pid (XCU 2.5.2); any other list runs in one subshell. */
static void
eval_bg(const struct node *n)
{
	if (n->kind == N_PIPE) {
		eval_pipe(n, 1);
		return;
	}
	struct job *j = job_new(n, 1, JOB_BG);
	if (sh_fork(j) == 0) {
		child_setup();
		async_child_setup(1);
		eval_node(n, EV_EXIT);
	}
	job_background(j);
	exit_status = 0;
}

/* Can expanding these parts change anything in the shell? Assignments
 * (${x=y}), errors (${x?}), command substitutions and arithmetic can. */
static int
parts_pure(const struct wpart *p)
{
	for (; p != NULL; p = p->next) {
		switch (p->kind) {
		case WP_LIT: case WP_QLIT:
			break;
		case WP_DQ:
			if (!parts_pure(p->u.dq))
				return 0;
			break;
		case WP_PARAM:
			if (p->u.param.op == PO_ASSIGN || p->u.param.op == PO_QUESTION ||
			    !parts_pure(p->u.param.arg))
				return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

/*
 * Redirections a stage may make from the shell itself, around its vfork:
 * opening files. A duplication (2>&1) or a here-document needs the pipe in
 * place first, and opening a FIFO may wait for its other end, which a
 * stage not yet started may hold. Sets in *fds the descriptors they replace.
 */
static int
redirs_plain(const struct redir *r, unsigned *fds)
{
	for (; r != NULL; r = r->next) {
		if (r->op != R_IN && r->op != R_OUT && r->op != R_APPEND &&
		    r->op != R_CLOBBER && r->op != R_RDWR)
			return 0;
		if (r->fd > 9 || !parts_pure(r->target->parts))
			return 0;
		struct stat st;
		if (stat(expand_word(r->target), &st) == 0 && S_ISFIFO(st.st_mode))
			return 0;
		*fds |= 1u << r->fd;
	}
	return 1;
}

static int
fd_in_mask(unsigned fds, int fd)
{
	return fd >= 0 && fd <= 9 && (fds >> fd & 1);
}

/*
 * A pipeline stage that is a plain external command (no assignments,
 * words whose expansion changes nothing, redirections of files only)
 * starts with vfork from the shell itself (launch.c): what the forked
 * subshell would have done, without the fork. Its redirections are made
 * in the shell and undone once the program is started; a descriptor they
 * replace does not get the pipe. Returns the pid, 0 when the stage needs
 * a real subshell, -1 when it could not start (reported; *status is what
 * the subshell would have ended with).
 */
static pid_t
spawn_stage(const struct node *n, struct job *j, int in, int out, int *status)
{
	if (n->kind != N_CMD || n->u.cmd.assigns || !n->u.cmd.args ||
	    opt.xtrace || opt.nounset)
		return 0;
	for (const struct word *w = n->u.cmd.args; w; w = w->next)
		if (!parts_pure(w->parts))
			return 0;
	struct stackmark m;
	st_mark(&m);
	unsigned fds = 0;
	char **argv;
	struct cmd c;
	pid_t pid = 0;
	/* A redirection onto a pipe's own descriptor would hide it. */
	if (redirs_plain(n->redirs, &fds) && !fd_in_mask(fds, in) && !fd_in_mask(fds, out) &&
	    expand_fields(n->u.cmd.args, &argv) > 0) {
		find_command(argv[0], &c, 0);
		if (c.kind == CMD_PROGRAM && (*status = redir_push(n->redirs, 0)) != 0) {
			pid = -1;
		} else if (c.kind == CMD_PROGRAM) {
			pid = spawn_program_io(c.path, argv, var_environ(), j,
			    fds & 1 ? -1 : in, fds & 2 ? -1 : out);
			*status = errno == ENOENT || errno == ENOTDIR ? 127 : 126;
			redir_pop();
		}
	}
	st_pop(&m);
	return pid;
}

/* A pipeline, waited for, or left running in the background (bg). */
static void
eval_pipe(const struct node *n, int bg)
{
	int nc = n->u.pipe.n, prev = -1;
	struct job *j = job_new(n, nc, bg ? JOB_BG : JOB_FG);
	for (int i = 0; i < nc; i++) {
		int p[2] = { -1, -1 };
		if (i + 1 < nc && pipe2(p, O_CLOEXEC) < 0)
			sh_error("pipe: %s", strerror(errno));
		/* A spawned program would keep SIGINT and stdin as they are. */
		int st = 0;
		pid_t sp = bg && !opt.monitor ? 0 :
		    spawn_stage(n->u.pipe.cmds[i], j, prev, p[1], &st);
		if (sp < 0) {
			/* Could not start (reported): the stage fails with the
			 * status a subshell would have had. */
			if (sh_fork(j) == 0)
				_exit(st);
			sp = 1;
		}
		if (sp > 0) {
			if (prev >= 0)
				close(prev);
			if (p[1] >= 0)
				close(p[1]);
			prev = p[0];
			continue;
		}
		pid_t pid = sh_fork(j);
		if (pid == 0) {
			child_setup();
			if (bg)
				async_child_setup(i == 0);
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (p[1] >= 0) {
				close(p[0]);
				dup2(p[1], 1);
				close(p[1]);
			}
			eval_node(n->u.pipe.cmds[i], EV_EXIT);
		}
		if (prev >= 0)
			close(prev);
		if (p[1] >= 0)
			close(p[1]);
		prev = p[0];
	}
	if (bg) {
		job_background(j);
		exit_status = 0;
	} else {
		exit_status = job_wait_fg(j);
	}
}

char *
eval_cmdsub(const struct node *n, size_t *len)
{
	int p[2];
	*len = 0;
	if (n == NULL) {
		exit_status = 0;
		return "";
	}
	cmdsubs++;
	char *fast = vsub_run(n, len);
	if (fast != NULL)
		return fast;
	if (pipe(p) < 0)
		sh_error("pipe: %s", strerror(errno));
	struct job *j = job_new(n, 1, JOB_NOTTY);
	pid_t pid = sh_fork(j);
	if (pid == 0) {
		child_setup();
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		eval_node(n, EV_EXIT);
	}
	close(p[1]);
	char *buf = NULL;
	size_t cap = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(p[0], buf + *len, cap - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		*len += (size_t)r;
	}
	close(p[0]);
	exit_status = job_wait_fg(j);
	char *s = st_strndup(buf ? buf : "", *len);
	free(buf);
	return s;
}

/* ---- the dispatcher ---- */

static void
eval_redirected(const struct node *n, int flags)
{
	if (redir_push(n->redirs, 0) != 0) {
		exit_status = 1;
		check_errexit();   /* a failed redirection is a failed command */
		return;
	}
	if (n->kind == N_GROUP)
		eval_node(n->u.bin.left, flags & ~EV_EXIT);
	else if (n->kind == N_IF)
		eval_if(n, flags & ~EV_EXIT);
	else if (n->kind == N_FOR)
		eval_for(n, flags);
	else if (n->kind == N_CASE)
		eval_case(n, flags);
	else
		eval_loop(n, flags);
	redir_pop();
}

int
eval_node(const struct node *n, int flags)
{
	if (n == NULL) {
		exit_status = 0;
		goto out;
	}
	if (opt.noexec)
		goto out;   /* set -n inside a list: nothing after it runs */
	if (sh_stack_low()) {   /* recursion: functions, eval, ., long lists */
		err_lineno = n->lineno;
		sh_error("nesting too deep");
	}
	int tested = flags & EV_TESTED;
	errexit_off += tested;
	flags &= ~EV_TESTED;
	switch (n->kind) {
	case N_SEQ:   /* leaning right (parser.c): a loop, however long */
		for (const struct node *s = n;; s = s->u.bin.right) {
			eval_node(s->u.bin.left, flags & ~EV_EXIT);
			if (evalskip)
				break;
			if (s->u.bin.right->kind != N_SEQ) {
				eval_node(s->u.bin.right, flags);
				break;
			}
		}
		break;
	case N_AND:
	case N_OR:
		eval_node(n->u.bin.left, EV_TESTED);
		if (!evalskip && (exit_status == 0) == (n->kind == N_AND))
			eval_node(n->u.bin.right, flags);
		break;
	case N_NOT:
		eval_node(n->u.bin.left, EV_TESTED);
		if (evalskip != SKIP_RETURN)   /* `! return 5` returns 5 */
			exit_status = !exit_status;
		break;
	case N_BG:
		eval_bg(n->u.bin.left);
		break;
	case N_PIPE:
		eval_pipe(n, 0);
		check_errexit();
		break;
	case N_SUBSHELL:
		if (n->redirs) {
			if (redir_push(n->redirs, 0) != 0) {
				exit_status = 1;
				check_errexit();
				break;
			}
			eval_subshell(n, flags & ~EV_EXIT);
			redir_pop();
		} else {
			eval_subshell(n, flags);
		}
		check_errexit();
		break;
	case N_GROUP:
	case N_IF:
	case N_WHILE:
	case N_UNTIL:
	case N_FOR:
	case N_CASE:
		if (n->redirs)
			eval_redirected(n, flags);
		else if (n->kind == N_GROUP)
			eval_node(n->u.bin.left, flags);
		else if (n->kind == N_IF)
			eval_if(n, flags);
		else if (n->kind == N_FOR)
			eval_for(n, flags);
		else if (n->kind == N_CASE)
			eval_case(n, flags);
		else
			eval_loop(n, flags);
		break;
	case N_FUNC:
		func_define(n->u.func.name, n);
		exit_status = 0;
		break;
	case N_CMD:
		eval_simple(n, flags);
		check_errexit();
		break;
	}
	errexit_off -= tested;
out:
	if (trap_pending)
		trap_run_pending();
	if (flags & EV_EXIT)
		shell_exit(exit_status);
	return exit_status;
}

/* ---- reading and running input ---- */

int
eval_input(int toplevel)
{
	int status = 0, eofs = 0;
	for (;;) {
		struct stackmark m;
		int eof;
		st_mark(&m);
		if (toplevel && opt.interactive) {
			jobs_notify();
			in_prompt = prompt_expand("PS1", "$ ");
			in_prompt_more = prompt_expand("PS2", "> ");
		}
		struct node *n = parse_command(&eof);
		if (eof && toplevel && opt.interactive && opt.ignoreeof &&
		    isatty(0) && ++eofs < 10) {
			out_str(&out2, "Use \"exit\" to leave the shell.\n");
			out_flush(&out2);
			st_pop(&m);
			in_clear_eof();
			continue;
		}
		if (eof) {
			st_pop(&m);
			break;
		}
		if (toplevel && opt.interactive)
			shhist_commit();
		eofs = 0;
		if (opt.verbose)
			out_flush_all();
		in_sync();
		if (n != NULL && !opt.noexec) {
			eval_node(n, 0);
			status = exit_status;
		}
		st_pop(&m);
		if (toplevel && isatty(1))
			out_flush(&out1);
		if (evalskip)
			break;
	}
	return status;
}

int
eval_string(const char *s)
{
	char *copy = xstrdup(s);
	int depth = in_depth();
	int saved_line = in_lineno;
	in_push_string(copy, strlen(copy), 1);
	/* Lines count from the command's own, not from the input's reader,
	 * which is already past the newline that ended the command. */
	in_lineno = err_lineno;
	struct jmploc jl, *prev = handler;
	int st;
	if (setjmp(jl.loc)) {
		in_unwind(depth);
		free(copy);
		in_lineno = saved_line;
		handler = prev;
		sh_raise(exception);
	}
	handler = &jl;
	st = eval_input(0);
	handler = prev;
	in_unwind(depth);
	in_lineno = saved_line;
	free(copy);
	return st;
}

void
shell_exit(int status)
{
	exit_status = status;
	trap_run_exit();
	shhist_save();
	if (opt.interactive && !in_subshell)
		jobs_hangup();
	out_flush_all();
	_exit(exit_status & 0xff);
}
