/* var.c: the variable table (hashed), environment export, scopes, $1..$n. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "options.h"
#include "var.h"

/* The shell's one variable table: plain statics, like dash. */
static struct var **table;
static size_t nbuckets, nvars;
static char **env_cache;
static int env_stale = 1;

struct params params;
char *arg0;

static unsigned
hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int
is_name(const char *s)
{
	size_t n = name_len(s);
	return n > 0 && s[n] == '\0';
}

size_t
name_len(const char *s)
{
	size_t n = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (n = 1; (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    (s[n] >= '0' && s[n] <= '9') || s[n] == '_'; n++)
		;
	return n;
}

static struct var **
slot(const char *name, size_t len)
{
	if (table == NULL) {
		nbuckets = 256;
		table = calloc(nbuckets, sizeof *table);
		if (table == NULL)
			abort();
	}
	unsigned h = hash(name, len);
	struct var **pp = &table[h & (nbuckets - 1)];
	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->len == len &&
		    memcmp((*pp)->name, name, len) == 0)
			break;
	return pp;
}

static void
rehash(void)
{
	size_t old = nbuckets;
	struct var **ot = table;
	nbuckets *= 2;
	table = calloc(nbuckets, sizeof *table);
	if (table == NULL)
		abort();
	for (size_t i = 0; i < old; i++) {
		for (struct var *v = ot[i], *nx; v != NULL; v = nx) {
			nx = v->next;
			unsigned h = v->hash & (nbuckets - 1);
			v->next = table[h];
			table[h] = v;
		}
	}
	free(ot);
}

struct var *
var_lookup(const char *name)
{
	return *slot(name, strlen(name));
}

static struct var *
lookup_create(const char *name, size_t len)
{
	struct var **pp = slot(name, len);
	if (*pp != NULL)
		return *pp;
	struct var *v = xmalloc(sizeof *v);
	memset(v, 0, sizeof *v);
	v->name = xstrndup(name, len);
	v->len = len;
	v->hash = hash(name, len);
	v->flags = VUNSET;
	*pp = v;
	if (++nvars > nbuckets)
		rehash();
	return v;
}

const char *
var_getn(const char *name, size_t len)
{
	struct var *v = *slot(name, len);
	if (v == NULL || (v->flags & VUNSET))
		return NULL;
	if (v->flags & VDYNAMIC) {
		static char num[24];
		snprintf(num, sizeof num, "%d", err_lineno);
		return num;
	}
	return v->value;
}

const char *
var_get(const char *name)
{
	return var_getn(name, strlen(name));
}

/* ---- the undo log of in-process subshells ---- */

struct undo {
	struct var *v;
	char *value;
	int flags;
	int level;
};

static struct undo *undo;
static size_t nundo, capundo;
static int undo_level;

/* Before a variable changes inside an in-process subshell: remember it
 * once per level, so the end of the subshell can put it back. */
static void
undo_note(struct var *v)
{
	if (undo_level == 0)
		return;
	for (size_t i = nundo; i > 0 && undo[i - 1].level == undo_level; i--)
		if (undo[i - 1].v == v)
			return;
	if (nundo == capundo) {
		capundo = capundo ? capundo * 2 : 32;
		undo = xrealloc(undo, capundo * sizeof *undo);
	}
	undo[nundo++] = (struct undo){ v, v->value ? xstrdup(v->value) : NULL,
	    v->flags, undo_level };
}

void
var_undo_begin(void)
{
	undo_level++;
}

void
var_undo_end(void)
{
	while (nundo > 0 && undo[nundo - 1].level == undo_level) {
		struct undo *u = &undo[--nundo];
		if ((u->v->flags | u->flags) & VEXPORT)
			env_stale = 1;
		free(u->v->value);
		u->v->value = u->value;
		u->v->flags = u->flags;
		if (u->v->hook)
			u->v->hook(u->v->value);
	}
	undo_level--;
}

static void
set_value(struct var *v, const char *value, int flags)
{
	undo_note(v);
	if (opt.allexport && value != NULL)
		flags |= VEXPORT;   /* set -a: every assignment exports */
	char *old = v->value;
	v->value = value ? xstrdup(value) : NULL;
	free(old);
	v->flags = (v->flags | flags) & ~VUNSET;
	if (value == NULL)
		v->flags |= VUNSET;
	else
		v->flags &= ~VDYNAMIC;
	if (v->flags & VEXPORT || flags & VEXPORT)
		env_stale = 1;
	if (v->hook)
		v->hook(v->value);
}

int
var_setn(const char *name, size_t len, const char *value, int flags)
{
	struct var *v = lookup_create(name, len);
	if ((v->flags & VREADONLY) && value != NULL) {
		sh_warn("%s: is read only", v->name);
		return -1;
	}
	if (value == NULL && !(v->flags & VUNSET)) {
		/* export x / readonly x keep the value x already has. */
		undo_note(v);
		v->flags |= flags;
		if (flags & VEXPORT)
			env_stale = 1;
		return 0;
	}
	set_value(v, value, flags);
	return 0;
}

int
var_set(const char *name, const char *value, int flags)
{
	return var_setn(name, strlen(name), value, flags);
}

int
var_assign(const char *word, int flags)
{
	const char *eq = strchr(word, '=');
	return var_setn(word, (size_t)(eq - word), eq + 1, flags);
}

int
var_unset(const char *name)
{
	struct var **pp = slot(name, strlen(name));
	struct var *v = *pp;
	if (v == NULL)
		return 0;
	if (v->flags & VREADONLY) {
		sh_warn("%s: is read only", name);
		return -1;
	}
	undo_note(v);
	if (v->flags & VEXPORT)
		env_stale = 1;
	free(v->value);
	v->value = NULL;
	v->flags = VUNSET;
	if (v->hook)
		v->hook(NULL);
	return 0;
}

void
var_hook(const char *name, void (*hook)(const char *value))
{
	lookup_create(name, strlen(name))->hook = hook;
}

static int
cmp_var(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

void
var_each(void (*fn)(struct var *v, void *arg), void *arg)
{
	struct var **all = xmalloc((nvars + 1) * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < nbuckets; i++)
		for (struct var *v = table[i]; v != NULL; v = v->next)
			all[n++] = v;
	qsort(all, n, sizeof *all, cmp_var);
	for (size_t i = 0; i < n; i++)
		fn(all[i], arg);
	free(all);
}

/* ---- environment ---- */

static void
free_env(void)
{
	if (env_cache == NULL)
		return;
	for (char **e = env_cache; *e; e++)
		free(*e);
	free(env_cache);
	env_cache = NULL;
}

char **
var_environ(void)
{
	if (!env_stale && env_cache != NULL)
		return env_cache;
	free_env();
	size_t n = 0;
	for (size_t i = 0; i < nbuckets; i++)
		for (struct var *v = table[i]; v != NULL; v = v->next)
			if ((v->flags & (VEXPORT | VUNSET)) == VEXPORT)
				n++;
	env_cache = xmalloc((n + 1) * sizeof *env_cache);
	n = 0;
	for (size_t i = 0; i < nbuckets; i++) {
		for (struct var *v = table[i]; v != NULL; v = v->next) {
			if ((v->flags & (VEXPORT | VUNSET)) != VEXPORT)
				continue;
			const char *val = v->flags & VDYNAMIC ? var_get(v->name) : v->value;
			size_t a = strlen(v->name), b = strlen(val);
			char *s = xmalloc(a + b + 2);
			memcpy(s, v->name, a);
			s[a] = '=';
			memcpy(s + a + 1, val, b + 1);
			env_cache[n++] = s;
		}
	}
	env_cache[n] = NULL;
	env_stale = 0;
	return env_cache;
}

void
var_init(char **env)
{
	for (; env && *env; env++) {
		const char *eq = strchr(*env, '=');
		size_t len = eq ? (size_t)(eq - *env) : 0;
		if (eq == NULL || len == 0 || name_len(*env) != len)
			continue;   /* not a name we could ever expand: leave it out */
		var_setn(*env, len, eq + 1, VEXPORT);
	}
}

/* ---- scopes ---- */

struct saved {
	struct var *v;
	char *value;
	int flags;
	int depth;
};

static struct saved *saved;
static size_t nsaved, capsaved;
static int depth;

void
var_scope_push(void)
{
	depth++;
}

int
var_scope_depth(void)
{
	return depth;
}

void
var_make_local(const char *name)
{
	var_make_local_at(name, depth);
}

/* Saves at scope level at (which may be below the innermost: `local`
 * under a prefix assignment's scope belongs to the function's). The list
 * stays ordered by level, so the save goes after that level's entries. */
void
var_make_local_at(const char *name, int at)
{
	struct var *v = lookup_create(name, strlen(name));
	size_t pos = nsaved;
	while (pos > 0 && saved[pos - 1].depth > at)
		pos--;
	for (size_t i = pos; i > 0 && saved[i - 1].depth == at; i--)
		if (saved[i - 1].v == v)
			return;
	if (nsaved == capsaved) {
		capsaved = capsaved ? capsaved * 2 : 16;
		saved = xrealloc(saved, capsaved * sizeof *saved);
	}
	memmove(&saved[pos + 1], &saved[pos], (nsaved - pos) * sizeof *saved);
	saved[pos] = (struct saved){ v, v->value ? xstrdup(v->value) : NULL,
	    v->flags, at };
	nsaved++;
}

void
var_scope_pop(void)
{
	while (nsaved > 0 && saved[nsaved - 1].depth == depth) {
		struct saved *s = &saved[--nsaved];
		struct var *v = s->v;
		undo_note(v);
		if ((v->flags | s->flags) & VEXPORT)
			env_stale = 1;
		free(v->value);
		v->value = s->value;
		v->flags = s->flags;
		if (v->hook)
			v->hook(v->value);
	}
	depth--;
}

/* ---- positional parameters ---- */

static char **
copy_vec(int n, char *const *v)
{
	char **c = xmalloc(((size_t)n + 1) * sizeof *c);
	for (int i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	c[n] = NULL;
	return c;
}

static void
free_vec(struct params p)
{
	for (int i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
}

void
params_set(int n, char *const *v)
{
	char **c = copy_vec(n, v);
	free_vec(params);
	params.n = n;
	params.v = c;
}

struct params
params_swap(int n, char *const *v)
{
	struct params old = params;
	params.v = copy_vec(n, v);
	params.n = n;
	return old;
}

void
params_restore(struct params saved_params)
{
	free_vec(params);
	params = saved_params;
}

void
params_discard(struct params saved_params)
{
	free_vec(saved_params);
}

void
params_shift(int n)
{
	for (int i = 0; i < n; i++)
		free(params.v[i]);
	memmove(params.v, params.v + n, (size_t)(params.n - n + 1) * sizeof *params.v);
	params.n -= n;
}
