/* redir.h: redirections applied around a command and undone after it. */
#ifndef SH_REDIR_H
#define SH_REDIR_H

#include "nodes.h"

/*
 * redir_push applies a command's redirections, saving what they replace;
 * redir_pop puts it back. With REDIR_KEEP (exec with no command) nothing is
 * saved. Returns 0, or a status after printing the error (the caller decides
 * whether that is fatal).
 */
enum { REDIR_KEEP = 0x01 };
int redir_push(const struct redir *r, int flags);
void redir_pop(void);
/* Where fd pointed before the innermost redir_push: the saved copy, fd
 * itself when that frame left it alone, -1 when it was closed. */
int redir_outer_fd(int fd);
int redir_depth(void);
void redir_unwind(int depth);
/* A forked child keeps the redirections: forget the saved copies. */
void redir_forget(void);
/* Moves an fd the shell keeps for itself out of the user's way (>= 10, cloexec). */
int fd_move_high(int fd);

#endif
