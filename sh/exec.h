/* exec.h: finding commands and starting programs. */
#ifndef SH_EXEC_H
#define SH_EXEC_H

#include <sys/types.h>

#include "builtins.h"
#include "nodes.h"

enum cmd_kind { CMD_NONE, CMD_SPECIAL, CMD_FUNCTION, CMD_BUILTIN, CMD_PROGRAM };

struct cmd {
	enum cmd_kind kind;
	const struct builtin *bi;
	const struct node *func;   /* the function's body (N_FUNC) */
	const char *path;          /* CMD_PROGRAM: the file to run */
};

/* Looks name up: special builtins, functions, builtins, then PATH (hashed).
 * With path_only, functions and builtins are skipped (command -p... and type). */
void find_command(const char *name, struct cmd *c, int no_functions);
/* Finds name in path (NULL for $PATH); returns a stack string or NULL. */
char *path_search(const char *name, const char *path);
/* Forgets remembered locations (PATH changed). */
void hash_clear(void);

struct job;
/*
 * Starts argv[0] at path as a process of job j, with env, the shell's
 * signals reset, and under job control its process group and terminal.
 * Returns the pid (already added to j), or -1 after printing an error.
 */
pid_t spawn_program(const char *path, char **argv, char **env, struct job *j);
/* The same with standard input and output from fd_in and fd_out (-1: the
 * shell's own), for pipeline stages. */
pid_t spawn_program_io(const char *path, char **argv, char **env, struct job *j,
    int fd_in, int fd_out);
/* Replaces the shell (exec or the last command of a subshell). Returns
 * only on failure, with the status to exit with (126 or 127) after a message. */
int exec_program(const char *path, char **argv, char **env);

int hash_builtin(int argc, char **argv);
int type_builtin(int argc, char **argv);
int command_builtin(int argc, char **argv);

#endif
