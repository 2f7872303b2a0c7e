/* specials.h: the special builtins that belong to the evaluator (specials.c). */
#ifndef SH_SPECIALS_H
#define SH_SPECIALS_H

int colon_builtin(int argc, char **argv);
int break_builtin(int argc, char **argv);
int continue_builtin(int argc, char **argv);
int return_builtin(int argc, char **argv);
int exit_builtin(int argc, char **argv);
int eval_builtin(int argc, char **argv);
int dot_builtin(int argc, char **argv);
int exec_builtin(int argc, char **argv);
int export_builtin(int argc, char **argv);
int readonly_builtin(int argc, char **argv);
int local_builtin(int argc, char **argv);
int unset_builtin(int argc, char **argv);
int shift_builtin(int argc, char **argv);

#endif
