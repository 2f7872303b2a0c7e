/* builtins.h: every builtin's entry point and the table that finds them. */
#ifndef SH_BUILTINS_H
#define SH_BUILTINS_H

#include <sys/types.h>

/*
 * A builtin is int NAME_builtin(int argc, char **argv): argv[0] is its name,
 * argv[argc] is NULL, the return value is its exit status. It writes through
 * out1/out2 (output.h), reports errors with sh_warn (error.h) as
 * "NAME: what: why" and returns a status; only special builtins may raise.
 * Strings in argv live on the shell's stack and stay valid for the call.
 */
enum {
	BI_SPECIAL = 0x01,   /* POSIX special builtin (errors exit a script) */
	BI_ASSIGN = 0x02,    /* operands that look like assignments are expanded as such */
	BI_IPC = 0x04,       /* an IPC utility: stdio output, flushed after the call */
};

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	int flags;
};

/* The builtin named name, or NULL. */
const struct builtin *builtin_find(const char *name);
/* For completion and `type`: the table, ending with a NULL name. */
extern const struct builtin builtin_table[];

/* The standalone builtins (sh/bltin/). */
int cd_builtin(int argc, char **argv);
int pwd_builtin(int argc, char **argv);
int echo_builtin(int argc, char **argv);
int printf_builtin(int argc, char **argv);
int test_builtin(int argc, char **argv);
int read_builtin(int argc, char **argv);
int getopts_builtin(int argc, char **argv);
int umask_builtin(int argc, char **argv);
int ulimit_builtin(int argc, char **argv);
/* Is a file size limit (ulimit -f) in force? $(...) run in-process
 * captures into a file, which the limit would cut short. */
int ulimit_fsize_limited(void);
int kill_builtin(int argc, char **argv);
int times_builtin(int argc, char **argv);
int true_builtin(int argc, char **argv);
int false_builtin(int argc, char **argv);
int fc_builtin(int argc, char **argv);

/* getopts' position inside a group of options (-abc) is kept between
 * calls; the shell hooks this on OPTIND (var_hook) so that any assignment
 * to OPTIND starts over. */
void getopts_reset(const char *optind_value);
/* That position, for code that runs commands in-process and must leave no
 * trace (command substitution without a fork): take it before, put it
 * back after restoring OPTIND (whose hook clears it). */
size_t getopts_position(void);
void getopts_set_position(size_t pos);

/*
 * Provided by the job table (not sh/bltin/): sends sig to the job a spec
 * names as kill takes it (%n, %%, %+, %-, %string, %?string): to its
 * process group when it has one of its own, else to each of its processes
 * that has not ended (a pipeline started without job control). Returns 0,
 * -ESRCH when no job matches, -EINVAL when the spec is malformed or
 * ambiguous, or the errno of the failed kill(2) (positive); it prints
 * nothing.
 */
int jobs_kill(const char *spec, int sig);

#endif
