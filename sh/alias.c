/* alias.c: the alias table and the alias and unalias builtins. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "error.h"
#include "mem.h"
#include "output.h"
#include "quote.h"

/* Few aliases, looked up once per command word: a sorted list is enough. */
static struct alias *aliases;

struct alias *
alias_find(const char *name)
{
	for (struct alias *a = aliases; a != NULL; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

void
alias_each(void (*fn)(const struct alias *a, void *arg), void *arg)
{
	for (struct alias *a = aliases; a != NULL; a = a->next)
		fn(a, arg);
}

static void
alias_set(const char *name, size_t n, const char *value)
{
	struct alias **pp = &aliases;
	for (; *pp != NULL; pp = &(*pp)->next) {
		int c = strncmp((*pp)->name, name, n);
		if (c == 0 && (*pp)->name[n] == '\0') {
			char *old = (*pp)->value;
			(*pp)->value = xstrdup(value);
			free(old);
			return;
		}
		if (c > 0)
			break;
	}
	struct alias *a = xmalloc(sizeof *a);
	a->name = xstrndup(name, n);
	a->value = xstrdup(value);
	a->next = *pp;
	*pp = a;
}

/* As POSIX and dash print them: name='value', always quoted, so that
 * `alias name='value'` reads it back. */
static void
print_alias(const struct alias *a)
{
	out_str(&out1, a->name);
	out_str(&out1, "='");
	for (const char *s = a->value; *s; s++) {
		if (*s == '\'')
			out_str(&out1, "'\\''");
		else
			out_char(&out1, *s);
	}
	out_str(&out1, "'\n");
}

/* A valid alias name: no quoting characters, no '=' or '/', no blanks. */
static int
alias_name_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strchr(" \t\n|&;<>()$`\\\"'/", s[i]))
			return 0;
	return 1;
}

int
alias_builtin(int argc, char **argv)
{
	int status = 0;
	int i = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		for (struct alias *a = aliases; a != NULL; a = a->next)
			print_alias(a);
		return 0;
	}
	for (; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (eq != NULL) {
			size_t n = (size_t)(eq - argv[i]);
			if (!alias_name_ok(argv[i], n)) {
				sh_warn("alias: %.*s: invalid alias name", (int)n, argv[i]);
				status = 1;
				continue;
			}
			alias_set(argv[i], n, eq + 1);
			continue;
		}
		struct alias *a = alias_find(argv[i]);
		if (a != NULL) {
			print_alias(a);
		} else {
			sh_warn("alias: %s: not found", argv[i]);
			status = 1;
		}
	}
	return status;
}

int
unalias_builtin(int argc, char **argv)
{
	int i = 1, status = 0;
	if (i < argc && strcmp(argv[i], "-a") == 0) {
		while (aliases != NULL) {
			struct alias *a = aliases;
			aliases = a->next;
			free(a->name);
			free(a->value);
			free(a);
		}
		return 0;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		sh_warn("unalias: usage: unalias [-a] name...");
		return 2;
	}
	for (; i < argc; i++) {
		struct alias **pp = &aliases;
		while (*pp != NULL && strcmp((*pp)->name, argv[i]) != 0)
			pp = &(*pp)->next;
		if (*pp == NULL) {
			sh_warn("unalias: %s: not found", argv[i]);
			status = 1;
			continue;
		}
		struct alias *a = *pp;
		*pp = a->next;
		free(a->name);
		free(a->value);
		free(a);
	}
	return status;
}
