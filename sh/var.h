/* var.h: shell variables, the environment, scopes and positional parameters. */
#ifndef SH_VAR_H
#define SH_VAR_H

#include <stddef.h>

enum {
	VEXPORT = 0x01,
	VREADONLY = 0x02,
	VUNSET = 0x04,     /* attributes without a value (export x, readonly x) */
	VDYNAMIC = 0x08,   /* value computed on read (LINENO) */
};

struct var {
	struct var *next;    /* hash chain */
	unsigned hash;
	size_t len;
	char *name;
	char *value;         /* NULL when unset */
	int flags;
	void (*hook)(const char *value);   /* called after each change */
};

/* The value, or NULL when unset. */
const char *var_get(const char *name);
const char *var_getn(const char *name, size_t len);
/* Sets (value NULL unsets the value but keeps attributes), ORing in flags.
 * Read-only variables: prints "NAME: is read only" and returns -1. */
int var_set(const char *name, const char *value, int flags);
int var_setn(const char *name, size_t len, const char *value, int flags);
/* "NAME=value" as in an assignment word. */
int var_assign(const char *word, int flags);
/* Removes the variable: -1 (after a message) when read-only. */
int var_unset(const char *name);
struct var *var_lookup(const char *name);
/* Calls fn for each variable in name order. */
void var_each(void (*fn)(struct var *v, void *arg), void *arg);
/* Runs hook after every change of name (PATH, IFS, OPTIND...). */
void var_hook(const char *name, void (*hook)(const char *value));

/* The environment for a new program: exported variables with values. */
char **var_environ(void);
/* Imports environ at startup. */
void var_init(char **env);

/* NAME is [A-Za-z_][A-Za-z0-9_]*. */
int is_name(const char *s);
/* The length of the name at the start of s (0 when none). */
size_t name_len(const char *s);

/* Scopes: function locals and prefix assignments are undone on pop. */
void var_scope_push(void);
void var_scope_pop(void);
/* Makes name local to the innermost scope (its value is kept). */
void var_make_local(const char *name);
void var_make_local_at(const char *name, int depth);
int var_scope_depth(void);

/* In-process subshells: every change made between begin and end is undone
 * by end (they nest). */
void var_undo_begin(void);
void var_undo_end(void);

/* Positional parameters $1..$n (heap strings) and $0. */
struct params {
	int n;
	char **v;
};
extern struct params params;
extern char *arg0;
/* Replaces the parameters with copies of v[0..n). */
void params_set(int n, char *const *v);
/* Returns the current parameters and installs new copies (for functions). */
struct params params_swap(int n, char *const *v);
void params_restore(struct params saved);
/* Frees parameters saved by params_swap that will not come back. */
void params_discard(struct params saved);
void params_shift(int n);

#endif
