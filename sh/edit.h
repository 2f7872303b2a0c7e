/* edit.h: the interactive shell's terminal input: the line editor, the
 * history and completion, hooked into the input reader. */
#ifndef SH_EDIT_H
#define SH_EDIT_H

/*
 * Called once by main when the shell is interactive: turns history on
 * and sets in_readline, which then reads each line through the line editor
 * (a terminal), by prompt-and-read (TERM unset or dumb), and notes it for
 * the history. Ctrl-C there drops the command being typed: $? becomes 130
 * and EXC_INT is raised, as for SIGINT.
 */
void lineedit_attach(void);

#endif
