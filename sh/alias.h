/* alias.h: the alias table. */
#ifndef SH_ALIAS_H
#define SH_ALIAS_H

struct alias {
	struct alias *next;
	char *name;
	char *value;
};

struct alias *alias_find(const char *name);
/* Calls fn for each alias, in name order (completion). */
void alias_each(void (*fn)(const struct alias *a, void *arg), void *arg);

int alias_builtin(int argc, char **argv);
int unalias_builtin(int argc, char **argv);

#endif
