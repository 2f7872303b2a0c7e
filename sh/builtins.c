/* builtins.c: the table of builtins, sorted by name for binary search. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "builtins.h"
#include "exec.h"
#include "jobs.h"
#include "options.h"
#include "specials.h"
#include "trap.h"
#include "utilities.h"

#define S BI_SPECIAL
#define A BI_ASSIGN

/* Keep sorted (strcmp order): builtin_find searches it by halves. */
const struct builtin builtin_table[] = {
	{ ".", dot_builtin, S },
	{ ":", colon_builtin, S },
	{ "[", test_builtin, 0 },
	{ "alias", alias_builtin, 0 },
	{ "bg", bg_builtin, 0 },
	{ "break", break_builtin, S },
	{ "cd", cd_builtin, 0 },
	{ "chan", chan_main, BI_IPC },
	{ "command", command_builtin, 0 },
	{ "continue", continue_builtin, S },
	{ "echo", echo_builtin, 0 },
	{ "eval", eval_builtin, S },
	{ "exec", exec_builtin, S },
	{ "exit", exit_builtin, S },
	{ "export", export_builtin, S | A },
	{ "false", false_builtin, 0 },
	{ "fc", fc_builtin, 0 },
	{ "fg", fg_builtin, 0 },
	{ "getopts", getopts_builtin, 0 },
	{ "hash", hash_builtin, 0 },
	{ "jobs", jobs_builtin, 0 },
	{ "kill", kill_builtin, 0 },
	{ "local", local_builtin, A },
	{ "mkfifo", mkfifo_main, BI_IPC },
	{ "msgq", msgq_main, BI_IPC },
	{ "portctl", portctl_main, BI_IPC },
	{ "printf", printf_builtin, 0 },
	{ "pwd", pwd_builtin, 0 },
	{ "read", read_builtin, 0 },
	{ "readonly", readonly_builtin, S | A },
	{ "return", return_builtin, S },
	{ "set", set_builtin, S },
	{ "shift", shift_builtin, S },
	{ "shmctl", shmctl_main, BI_IPC },
	{ "test", test_builtin, 0 },
	{ "times", times_builtin, S },
	{ "trap", trap_builtin, S },
	{ "true", true_builtin, 0 },
	{ "type", type_builtin, 0 },
	{ "ulimit", ulimit_builtin, 0 },
	{ "umask", umask_builtin, 0 },
	{ "unalias", unalias_builtin, 0 },
	{ "unset", unset_builtin, S },
	{ "wait", wait_builtin, 0 },
	{ NULL, NULL, 0 },
};

/* The table is sorted, so the builtins sharing a first letter are
 * consecutive: an index by first letter leaves a few comparisons. */
static short first[256];   /* 1 + index of the first entry, 0: none */

static void
index_table(void)
{
	for (int i = (int)(sizeof builtin_table / sizeof builtin_table[0]) - 2; i >= 0; i--)
		first[(unsigned char)builtin_table[i].name[0]] = (short)(i + 1);
}

const struct builtin *
builtin_find(const char *name)
{
	if (first['t'] == 0)
		index_table();
	int i = first[(unsigned char)name[0]];
	if (i == 0)
		return NULL;
	for (const struct builtin *b = &builtin_table[i - 1];
	    b->name != NULL && b->name[0] == name[0]; b++) {
		int c = strcmp(b->name, name);
		if (c == 0)
			return b;
		if (c > 0)
			break;
	}
	return NULL;
}
