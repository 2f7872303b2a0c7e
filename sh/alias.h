/* alias.h: the alias table. */
#ifndef SH_ALIAS_H
#define SH_ALIAS_H

struct alias {
	struct alias *next;
	char *name;
	char *value;
};

struct alias *alias_find(const char *name);

int alias_builtin(int argc, char **argv);
int unalias_builtin(int argc, char **argv);

#endif
