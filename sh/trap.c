/* trap.c: traps: actions per condition, handlers that only take note,
 * and running the noted actions between commands. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "jobs.h"
#include "lexer.h"
#include "eval.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "quote.h"
#include "signames.h"
#include "trap.h"

volatile sig_atomic_t trap_pending;
static volatile sig_atomic_t pending[NSIG];
static char *action[NSIG];          /* NULL: default; "": ignore; else commands */
/* Whether each signal was ignored when the shell started: 0 not known
 * yet, 1 ignored, 2 not. Asked of the kernel only when a signal's
 * disposition is about to change, so startup costs no sigaction calls. */
static char entry_state[NSIG];
/* Signals whose handler is ours: a new program must get them as default. */
static sigset_t caught;

static int
ignored_at_entry(int sig)
{
	if (entry_state[sig] == 0) {
		struct sigaction sa;
		entry_state[sig] = sigaction(sig, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN ? 1 : 2;
	}
	return entry_state[sig] == 1;
}
static int in_trap;
static int held;   /* trap_hold */
static int exit_trap_done;
static int status_before_trap;   /* for `exit` without an operand in a trap */
/* A subshell lists its parent's traps (POSIX.1-2024) until it sets one of
 * its own; those are kept for listing only and never run. */
static int inherited;

static void
on_signal(int sig)
{
	pending[sig] = 1;
	trap_pending = 1;
}

static void
set_disposition(int sig, void (*fn)(int))
{
	struct sigaction sa;
	ignored_at_entry(sig);   /* learn it before we change it */
	if (fn == on_signal)
		sigaddset(&caught, sig);
	else
		sigdelset(&caught, sig);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;   /* no SA_RESTART: wait and read return to run the trap */
	sigaction(sig, &sa, NULL);
}

/* An asynchronous list without job control: SIGINT and SIGQUIT ignored,
 * as if they had been ignored on entry (XCU 2.11). */
void
trap_async_ignore(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT };
	for (size_t i = 0; i < 2; i++) {
		int s = sigs[i];
		/* A trap of the list's own wins; the parent's, inherited for
		 * listing only, went back to default and is ignored now. */
		if (!inherited && action[s] != NULL && *action[s] != '\0')
			continue;
		signal(s, SIG_IGN);
		entry_state[s] = 1;
	}
}

void
trap_init(void)
{
	sigemptyset(&caught);
}

/* A subshell of an interactive shell is not interactive as far as
 * signals go: trap - TERM there means the default action. */
static int in_interactive_subshell;

static int
interactive_here(void)
{
	return opt.interactive && !in_interactive_subshell;
}

/* The handler a signal must have now, from its trap and the shell's mode. */
static void
apply(int sig)
{
	if (action[sig] != NULL)
		set_disposition(sig, *action[sig] ? on_signal : SIG_IGN);
	else if (interactive_here() && (sig == SIGINT))
		set_disposition(sig, on_signal);
	else if (interactive_here() && (sig == SIGTERM || sig == SIGQUIT))
		set_disposition(sig, SIG_IGN);
	else if (jobs_controlling() &&
	    (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		set_disposition(sig, SIG_IGN);   /* the shell's own, see jobs.c */
	else if (!ignored_at_entry(sig) || opt.interactive)
		set_disposition(sig, SIG_DFL);   /* interactive: set_trap let it reset */
	else
		set_disposition(sig, SIG_IGN);
}

void
trap_interactive(int on)
{
	(void)on;
	apply(SIGINT);
	apply(SIGTERM);
	apply(SIGQUIT);
}

/* INT, QUIT and TERM as an interactive shell sets them for itself, with
 * no trap of the user's: its subshells and programs get them back as they
 * were on entry (XCU 2.11, 2.12), not caught or ignored. */
static int
interactive_own(int sig)
{
	return interactive_here() && action[sig] == NULL &&
	    (sig == SIGINT || sig == SIGQUIT || sig == SIGTERM);
}

void
trap_default_set(sigset_t *set)
{
	static const int own[] = { SIGINT, SIGQUIT, SIGTERM };
	*set = caught;
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (interactive_own(own[i]) && !ignored_at_entry(own[i]))
			sigaddset(set, own[i]);
}

/* The signals a terminal sends to the whole process group: they would
 * kill a forked subshell, so they also end one run in-process, while the
 * others (kill $$) are for the parent and wait for it (trap_hold). */
static int
group_signal(int sig)
{
	return sig == SIGINT || sig == SIGQUIT;
}

int
trap_interrupted(void)
{
	for (int s = 1; s < NSIG; s++)
		if (pending[s] && (action[s] != NULL || s == SIGINT) &&
		    (!held || group_signal(s)))
			return s;
	return 0;
}

/* While held: ^C at an interactive prompt goes back to it; a trapped INT
 * or QUIT ends the in-process subshell as if it were killed, and stays
 * pending for the parent's trap. */
static void
run_held(void)
{
	for (int s = 1; s < NSIG; s++) {
		if (!pending[s] || !group_signal(s))
			continue;
		if (action[s] != NULL && *action[s])
			sh_exit(128 + s);
		if (s == SIGINT && opt.interactive) {
			pending[s] = 0;
			sh_raise(EXC_INT);
		}
	}
}

/* Runs one action with $? as it was (POSIX: the trap does not change it). */
static void
run_action(const char *act)
{
	int saved = exit_status;
	int skip = evalskip;
	char *copy = xstrdup(act);
	struct jmploc jl, *prev = handler;
	if (setjmp(jl.loc)) {
		/* An error or exit in the action: whoever catches it (command,
		 * an interactive shell) must still get later traps. */
		handler = prev;
		in_trap--;
		free(copy);
		sh_raise(exception);
	}
	handler = &jl;
	if (in_trap++ == 0)
		status_before_trap = saved;
	evalskip = SKIP_NONE;
	eval_string(copy);
	handler = prev;
	in_trap--;
	free(copy);
	if (evalskip == SKIP_RETURN)
		return;   /* `return n` in the action: n is the function's status */
	if (evalskip == SKIP_NONE)
		evalskip = skip;
	exit_status = saved;
}

void
trap_hold(int on)
{
	held += on ? 1 : -1;
}

void
trap_run_pending(void)
{
	if (in_trap)
		return;
	if (held) {
		run_held();
		return;
	}
	trap_pending = 0;
	for (int s = 1; s < NSIG; s++) {
		if (!pending[s])
			continue;
		pending[s] = 0;
		if (action[s] != NULL && *action[s])
			run_action(action[s]);
		else if (s == SIGINT && opt.interactive)
			sh_raise(EXC_INT);
	}
}

void
trap_run_exit(void)
{
	if (exit_trap_done || action[0] == NULL || inherited)
		return;
	exit_trap_done = 1;
	char *act = action[0];
	action[0] = NULL;
	if (*act) {
		struct jmploc jl, *prev = handler;
		int status = exit_status;
		unsigned long syntax = parse_error_count();
		status_before_trap = status;
		in_trap++;
		exception = 0;
		if (setjmp(jl.loc) == 0) {
			handler = &jl;
			eval_string(act);
		}
		in_trap--;
		handler = prev;
		/* exit inside the trap sets the status, and so does an error
		 * of a command it ran that ends a non-interactive shell (XCU
		 * 2.8.1: a failure, not the status before the trap); an
		 * action that does not parse never ran and keeps the status,
		 * as in dash */
		int failed = exception == EXC_ERROR && parse_error_count() == syntax;
		if (exception != EXC_EXIT && !failed)
			exit_status = status;
	}
	free(act);
}

int
trap_exit_default(int status)
{
	return in_trap ? status_before_trap : status;
}

void
trap_subshell_reset(void)
{
	for (int s = 1; s < NSIG; s++) {
		if (action[s] != NULL && *action[s] != '\0')
			set_disposition(s, SIG_DFL);
		else if (interactive_own(s))
			set_disposition(s, ignored_at_entry(s) ? SIG_IGN : SIG_DFL);
		pending[s] = 0;   /* the parent's, which it runs itself */
	}
	trap_pending = 0;
	inherited = 1;
	in_interactive_subshell = opt.interactive;
	exit_trap_done = 0;
	in_trap = 0;
}

void
trap_note_entry(int sig)
{
	ignored_at_entry(sig);
}

int
trap_ignored(int sig)
{
	if (action[sig] != NULL)
		return *action[sig] == '\0';
	return !opt.interactive && ignored_at_entry(sig);
}

int
trap_any_set(void)
{
	if (inherited)
		return 0;   /* a subshell's listed-only copies never run */
	for (int s = 0; s < NSIG; s++)
		if (action[s] != NULL && *action[s] != '\0')
			return 1;
	return 0;
}

/* The first trap a subshell sets drops the inherited ones: ignored
 * signals stay ignored, the others are forgotten. */
static void
drop_inherited(void)
{
	if (!inherited)
		return;
	inherited = 0;
	for (int s = 0; s < NSIG; s++) {
		if (action[s] == NULL || *action[s] == '\0')
			continue;
		free(action[s]);
		action[s] = NULL;
	}
}

/* ---- the trap builtin ---- */

static void
print_trap(int s)
{
	if (action[s] == NULL)
		return;
	out_str(&out1, "trap -- ");
	out_quoted(&out1, action[s]);
	out_fmt(&out1, " %s\n", s == 0 ? "EXIT" : sig_name(s));
}

static void
print_traps(void)
{
	for (int s = 0; s < NSIG; s++) {
		if (action[s] == NULL)
			continue;
		out_str(&out1, "trap -- ");
		out_quoted(&out1, action[s]);
		out_fmt(&out1, " %s\n", s == 0 ? "EXIT" : sig_name(s));
	}
}

static int
set_trap(const char *act, const char *cond)
{
	int s = sig_number(cond);
	if (s < 0) {
		sh_warn("trap: %s: bad trap", cond);
		return 1;
	}
	if (s == SIGKILL || s == SIGSTOP)
		return 0;   /* cannot be caught: accepted and without effect, as bash */
	if (s > 0 && ignored_at_entry(s) && !opt.interactive)
		return 0;   /* POSIX: ignored on entry stays ignored */
	drop_inherited();
	free(action[s]);
	action[s] = act ? xstrdup(act) : NULL;
	if (s > 0)
		apply(s);
	return 0;
}

static int
is_unsigned(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
trap_builtin(int argc, char **argv)
{
	int i = 1, status = 0;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' &&
	    strcmp(argv[i], "-p") != 0 && strcmp(argv[i], "-l") != 0) {
		/* A usage error, fatal in a special builtin: "-1" is neither
		 * an action nor a reset (that is "-" or an unsigned number). */
		sh_warn("trap: %s: invalid option", argv[i]);
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	if (i < argc && strcmp(argv[i], "-p") == 0) {
		/* trap -p [condition...] (POSIX.1-2024) */
		status = 0;
		if (++i >= argc)
			print_traps();
		for (; i < argc; i++) {
			int s = sig_number(argv[i]);
			if (s < 0) {
				sh_warn("trap: %s: bad trap", argv[i]);
				status = 1;
			} else {
				print_trap(s);
			}
		}
		return status;
	}
	if (i >= argc) {
		print_traps();
		return 0;
	}
	if (strcmp(argv[i], "-l") == 0) {
		for (int s = 1; s <= sig_max(); s++)
			if (sig_name(s))
				out_fmt(&out1, "%d) SIG%s\n", s, sig_name(s));
		return 0;
	}
	const char *act = argv[i];
	/* An unsigned number first, or "-": reset the conditions. */
	if (is_unsigned(act) || (i + 1 == argc))
		act = NULL;
	else if (strcmp(act, "-") == 0)
		act = NULL, i++;
	else
		i++;
	for (; i < argc; i++)
		status |= set_trap(act, argv[i]);
	return status;
}

/* The IPC utilities run as builtins ask this after a wait was interrupted
 * (coreutils/cli.h): stop for a signal with a trap, or for SIGINT at a
 * terminal; go on for anything else. */
int
cli_pending_signal(void)
{
	return trap_interrupted();
}
