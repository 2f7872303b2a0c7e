/* vsub.c: $(...) in-process: a subshell whose every change is undone, so
 * that x=$(f) or $(printf ...) costs no fork (ksh93's trick). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "func.h"
#include "input.h"
#include "lexer.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "redir.h"
#include "trap.h"
#include "vsub.h"
#include "var.h"

/* ---- which commands may run in-process ---- */

/* Builtins whose effects are all undone by the subshell's end (variables,
 * parameters, options) or that only read and print. */
static const char *const harmless[] = {
	":", "[", "break", "command", "continue", "echo", "exit", "export",
	"false", "getopts", "local", "printf", "pwd", "read", "readonly",
	"return", "set", "shift", "test", "true", "type", "unset",
};

static int
harmless_builtin(const char *name)
{
	size_t lo = 0, hi = sizeof harmless / sizeof harmless[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, harmless[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

#define MAX_FUNCS 32

struct checker {
	const struct node *seen[MAX_FUNCS];   /* functions already checked */
	int nseen;
};

static int safe_node(struct checker *c, const struct node *n);

/* A literal command word: one unquoted literal part. */
static const char *
literal_word(const struct word *w)
{
	const struct wpart *p = w->parts;
	if (p == NULL || p->next != NULL || p->kind != WP_LIT)
		return NULL;
	return w->raw;
}

static int
safe_args(const struct word *args)
{
	/* unset -f would remove a function for good. */
	for (const struct word *w = args; w; w = w->next)
		if (strcmp(w->raw, "-f") == 0)
			return 0;
	return 1;
}

/* trap with no operand (or -p) only lists: $(trap) shows the parent's. */
static int
only_listing(const struct word *args)
{
	for (const struct word *w = args; w; w = w->next)
		if (strcmp(w->raw, "-p") != 0 && strcmp(w->raw, "--") != 0)
			return 0;
	return 1;
}

static int
safe_function(struct checker *c, const struct node *fn)
{
	for (int i = 0; i < c->nseen; i++)
		if (c->seen[i] == fn)
			return 1;   /* recursion: already being checked */
	if (c->nseen == MAX_FUNCS)
		return 0;
	c->seen[c->nseen++] = fn;
	return safe_node(c, fn->u.func.body);
}

/* unset's operands must be seen: "unset $o f" with o=-f would remove f
 * for good. */
static int
all_literal(const struct word *args)
{
	for (const struct word *w = args; w; w = w->next)
		if (literal_word(w) == NULL)
			return 0;
	return 1;
}

static int safe_words(struct checker *c, const struct word *args, int no_functions);

/* command [-p] NAME ARGS runs NAME (never a function): that must be safe;
 * command -v and -V only describe. */
static int
safe_command_builtin(struct checker *c, const struct word *args)
{
	for (; args != NULL; args = args->next) {
		const char *w = literal_word(args);
		if (w == NULL)
			return 0;
		if (w[0] != '-' || w[1] == '\0')
			break;
		if (strcmp(w, "--") == 0) {
			args = args->next;
			break;
		}
		if (strpbrk(w + 1, "vV") != NULL)
			return 1;
	}
	return args == NULL || safe_words(c, args, 1);
}

/* A simple command's words, args->raw the command name. */
static int
safe_words(struct checker *c, const struct word *args, int no_functions)
{
	const char *name = literal_word(args);
	if (name == NULL)
		return 0;   /* a computed command name could be anything */
	struct cmd cmd;
	find_command(name, &cmd, no_functions);
	switch (cmd.kind) {
	case CMD_FUNCTION:
		return safe_function(c, cmd.func);
	case CMD_SPECIAL:
	case CMD_BUILTIN:
		if (cmd.bi->flags & BI_IPC)
			return 1;
		if (strcmp(name, "trap") == 0)
			return only_listing(args->next);
		if (strcmp(name, "command") == 0)
			return safe_command_builtin(c, args->next);
		if (strcmp(name, "unset") == 0 && !all_literal(args->next))
			return 0;
		return harmless_builtin(name) && safe_args(args->next);
	case CMD_PROGRAM:
		return 1;
	default:
		return 1;   /* not found: prints its error, status 127 */
	}
}

static int
safe_command(struct checker *c, const struct node *n)
{
	if (n->u.cmd.args == NULL)
		return 1;   /* assignments only */
	return safe_words(c, n->u.cmd.args, 0);
}

static int
safe_node(struct checker *c, const struct node *n)
{
	if (n == NULL)
		return 1;
	if (sh_stack_low())
		return 0;   /* too deep to check: a forked subshell can run it */
	switch (n->kind) {
	case N_CMD:
		return safe_command(c, n);
	case N_PIPE:
		for (int i = 0; i < n->u.pipe.n; i++)
			if (!safe_node(c, n->u.pipe.cmds[i]))
				return 0;
		return 1;
	case N_AND: case N_OR: case N_SEQ:
		return safe_node(c, n->u.bin.left) && safe_node(c, n->u.bin.right);
	case N_NOT: case N_GROUP:
		return safe_node(c, n->u.bin.left);
	case N_SUBSHELL:
		return 1;   /* forks by itself */
	case N_IF:
		return safe_node(c, n->u.ifs.cond) && safe_node(c, n->u.ifs.then) &&
		    safe_node(c, n->u.ifs.els);
	case N_WHILE: case N_UNTIL:
		return safe_node(c, n->u.loop.cond) && safe_node(c, n->u.loop.body);
	case N_FOR:
		return safe_node(c, n->u.forl.body);
	case N_CASE:
		for (const struct case_item *it = n->u.cas.items; it; it = it->next)
			if (!safe_node(c, it->body))
				return 0;
		return 1;
	case N_BG:
	case N_FUNC:
		return 0;
	}
	return 0;
}

/* ---- capturing fd 1 ---- */

/* One capture file per nesting level, kept for reuse: emptied, not closed. */
#define MAX_DEPTH 16
static int capture_fd[MAX_DEPTH];
static int depth;

static int
capture_open(void)
{
	if (capture_fd[depth] > 0)
		return capture_fd[depth];
	int fd;
#ifdef HAVE_MEMFD_CREATE
	fd = memfd_create("ipcsh-cmdsub", MFD_CLOEXEC);
#else
	char tmpl[] = "/tmp/ipcsh-cmdsub-XXXXXX";
	fd = mkstemp(tmpl);
	if (fd >= 0)
		unlink(tmpl);
#endif
	if (fd < 0)
		return -1;
	fd = fd_move_high(fd);
	capture_fd[depth] = fd;
	return fd;
}

static char *
capture_read(int fd, size_t *len)
{
	off_t size = lseek(fd, 0, SEEK_CUR);
	*len = 0;
	if (size <= 0)
		return st_strdup("");
	char *buf = st_alloc((size_t)size + 1);
	ssize_t got = pread(fd, buf, (size_t)size, 0);
	if (got < 0)
		got = 0;
	buf[got] = '\0';
	*len = (size_t)got;
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		capture_fd[depth] = 0;
	}
	return buf;
}

/* ---- running ---- */

struct saved_state {
	struct shopts opt;
	struct params params;
	int lineno;
	int redir_depth;
	int input_depth;
	int scope_depth;
	int loopnest, loopbase, funcnest, dotnest, errexit_off, func_scope;
	size_t getopts_pos;
	int saved1;
};

static void
restore(struct saved_state *s)
{
	out_flush(&out1);
	redir_unwind(s->redir_depth);
	in_unwind(s->input_depth);
	dup2(s->saved1, 1);
	close(s->saved1);
	opt = s->opt;
	params_restore(s->params);
	while (var_scope_depth() > s->scope_depth)
		var_scope_pop();   /* `exit` in a function leaves its locals */
	var_undo_end();   /* OPTIND back: its hook resets getopts... */
	getopts_set_position(s->getopts_pos);   /* ...so its place comes after */
	err_lineno = s->lineno;
	loopnest = s->loopnest;
	loopbase = s->loopbase;
	funcnest = s->funcnest;
	dotnest = s->dotnest;
	errexit_off = s->errexit_off;
	func_scope = s->func_scope;
	evalskip = SKIP_NONE;
	skipcount = 0;
	trap_hold(0);
}

char *
vsub_run(const struct node *n, size_t *len)
{
	struct checker c = { .nseen = 0 };
	/* The capture is a file: under `ulimit -f` its writes would be cut
	 * short and raise SIGXFSZ (killing the writer, or the shell itself),
	 * where a forked substitution's pipe has no size limit. */
	if (depth >= MAX_DEPTH - 1 || ulimit_fsize_limited() || !safe_node(&c, n))
		return NULL;
	int fd = capture_open();
	if (fd < 0)
		return NULL;
	struct saved_state s;
	out_flush(&out1);
	s.saved1 = fcntl(1, F_DUPFD_CLOEXEC, 10);
	if (s.saved1 < 0 && errno != EBADF)
		return NULL;
	if (dup2(fd, 1) < 0) {
		if (s.saved1 >= 0)
			close(s.saved1);
		return NULL;
	}
	s.opt = opt;
	s.params = params_swap(params.n, params.v);
	s.lineno = err_lineno;
	s.redir_depth = redir_depth();
	s.input_depth = in_depth();
	s.scope_depth = var_scope_depth();
	s.loopnest = loopnest;
	s.loopbase = loopbase;
	loopbase = loopnest;   /* a subshell, as child_setup says */
	s.funcnest = funcnest;
	s.dotnest = dotnest;
	s.errexit_off = errexit_off;
	s.func_scope = func_scope;
	s.getopts_pos = getopts_position();
	var_undo_begin();
	trap_hold(1);
	depth++;

	struct jmploc jl, *prev = handler;
	struct stackmark m;
	st_mark(&m);
	if (setjmp(jl.loc)) {
		handler = prev;
		int kind = exception;
		int status = exit_status;
		st_pop(&m);
		depth--;
		restore(&s);
		if (kind == EXC_INT) {
			lex_reset();
			sh_raise(kind);
		}
		/* exit and errors end the subshell, not the shell. */
		exit_status = status ? status : (kind == EXC_ERROR ? 2 : 0);
		return capture_read(fd, len);
	}
	handler = &jl;
	eval_node(n, 0);
	handler = prev;
	st_pop(&m);
	depth--;
	int status = exit_status;
	restore(&s);
	exit_status = status;
	return capture_read(fd, len);
}
