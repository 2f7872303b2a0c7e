/* prompt.h: PS1 and PS2 as an interactive shell shows them. */
#ifndef SH_PROMPT_H
#define SH_PROMPT_H

/*
 * The value of PS1 or PS2 after parameter expansion, command substitution
 * and arithmetic (as POSIX asks), with `!` replaced by the number of the
 * next history entry and `!!` by `!`. A broken prompt shows as written.
 * The result lives on the shell's stack.
 */
const char *prompt_expand(const char *name, const char *fallback);

/* The history number `!` shows; the history module sets this hook. */
extern int (*prompt_history_number)(void);

#endif
