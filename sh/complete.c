/* complete.c: completion for the line editor: what the word at the cursor
 * can become: a command, a file, a variable, an IPC object's name. */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alias.h"
#include "builtins.h"
#include "complete.h"
#include "func.h"
#include "mem.h"
#include "var.h"

/* ---- candidates ---- */

struct cands {
	struct le_completion *c;
	size_t cap;
	const char *pfx;        /* the word as the shell will read it */
	size_t plen;
	const char *lead;       /* text put before each name ("$", a directory) */
	const char *tail;       /* and after it (" ", "}") */
};

static void
add_cand(struct cands *k, const char *word, const char *shown)
{
	struct le_completion *c = k->c;
	if (c->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 32;
		c->word = xrealloc(c->word, k->cap * sizeof *c->word);
		c->shown = xrealloc(c->shown, k->cap * sizeof *c->shown);
	}
	c->word[c->n] = xstrdup(word);
	c->shown[c->n] = xstrdup(shown);
	c->n++;
}

/* Characters the shell would take for syntax; # and ~ only start words. */
static int
special(char ch, int at_start)
{
	return strchr(" \t\\'\"`$&|;<>()*?[]{}!", ch) != NULL ||
	    (at_start && (ch == '#' || ch == '~'));
}

/* name, quoted as it must be typed, appended to b. */
static void
quote_into(struct sbuf *b, const char *name, int at_start)
{
	int ctl = 0;
	for (const char *p = name; *p; p++)
		ctl |= (unsigned char)*p < 0x20 || *p == 0x7f;
	if (ctl) {             /* newlines and such: single quotes keep them */
		sb_putc(b, '\'');
		for (const char *p = name; *p; p++) {
			if (*p == '\'')
				sb_adds(b, "'\\''");
			else
				sb_putc(b, *p);
		}
		sb_putc(b, '\'');
		return;
	}
	for (const char *p = name; *p; p++) {
		if (special(*p, at_start && p == name))
			sb_putc(b, '\\');
		sb_putc(b, *p);
	}
}

/* A matching name: lead + quoted name + tail, shown as the bare name. */
static void
offer(struct cands *k, const char *name, const char *shown_tail, int quote)
{
	if (strncmp(name, k->pfx, k->plen) != 0)
		return;
	struct sbuf b;
	sb_init(&b);
	sb_adds(&b, k->lead);
	if (quote)
		quote_into(&b, name, k->lead[0] == '\0');
	else
		sb_adds(&b, name);
	sb_adds(&b, k->tail);
	char *word = sb_done(&b);
	size_t sl = strlen(name) + strlen(shown_tail);
	char *shown = st_alloc(sl + 1);
	strcpy(shown, name);
	strcat(shown, shown_tail);
	add_cand(k, word, shown);
}

static int
by_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each once (a builtin may also be a program on PATH). */
static void
sort_unique(struct le_completion *c)
{
	if (c->n < 2)
		return;
	char **pairs = xmalloc(c->n * 2 * sizeof *pairs);
	for (size_t i = 0; i < c->n; i++) {
		pairs[2 * i] = c->word[i];
		pairs[2 * i + 1] = c->shown[i];
	}
	qsort(pairs, c->n, 2 * sizeof *pairs, by_word);
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (n > 0 && strcmp(c->word[n - 1], pairs[2 * i]) == 0) {
			free(pairs[2 * i]);
			free(pairs[2 * i + 1]);
			continue;
		}
		c->word[n] = pairs[2 * i];
		c->shown[n++] = pairs[2 * i + 1];
	}
	c->n = n;
	free(pairs);
}

/* ---- the words before the cursor ---- */

#define MAXWORDS 3

struct ctx {
	size_t start;            /* where the word at the cursor begins */
	int nwords;              /* words of this command before it (counted) */
	char *words[MAXWORDS];   /* the first ones, unquoted */
	int redir;               /* it follows a redirection operator */
};

static const char *const reserved[] = {
	"!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if",
	"in", "then", "until", "while", "{", "}", NULL };

static int
is_reserved(const char *w)
{
	for (int i = 0; reserved[i]; i++)
		if (strcmp(reserved[i], w) == 0)
			return 1;
	return 0;
}

/* The word as the shell reads it: quotes and backslashes removed. */
static char *
unquote(const char *s, size_t n)
{
	char *o = st_alloc(n + 1);
	size_t k = 0;
	char q = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (q == '\'' && ch != '\'') {
			o[k++] = ch;
		} else if (ch == '\'' && q != '"') {
			q = q ? 0 : '\'';
		} else if (ch == '"') {
			q = q ? 0 : '"';
		} else if (ch == '\\' && i + 1 < n) {
			o[k++] = s[++i];
		} else {
			o[k++] = ch;
		}
	}
	o[k] = '\0';
	return o;
}

static int
is_name_prefix(const char *w)
{
	const char *eq = strchr(w, '=');
	size_t n = name_len(w);
	return n > 0 && w + n == eq;
}

static void
end_word(struct ctx *x, const char *line, size_t from, size_t to)
{
	char *w = unquote(line + from, to - from);
	if (x->redir) {
		x->redir = 0;
		return;
	}
	if (x->nwords == 0 && (is_reserved(w) || (strchr(w, '=') && is_name_prefix(w))))
		return;
	if (x->nwords < MAXWORDS)
		x->words[x->nwords] = w;
	x->nwords++;
}

/* Follows quoting and operators up to the cursor (a sketch of the lexer:
 * enough to know the word and its place in the command). */
static void
scan(const char *line, size_t cursor, struct ctx *x)
{
	size_t i = 0;
	int in_word = 0;
	char q = 0;
	memset(x, 0, sizeof *x);
	for (; i < cursor; i++) {
		char ch = line[i];
		if (q) {
			if (ch == q)
				q = 0;
			else if (q == '"' && ch == '\\')
				i++;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || strchr(";&|()<>`", ch)) {
			if (in_word)
				end_word(x, line, x->start, i);
			in_word = 0;
			if (ch == '<' || ch == '>')
				x->redir = 1;
			else if (ch != ' ' && ch != '\t')
				x->nwords = 0, x->redir = 0;
			continue;
		}
		if (!in_word)
			x->start = i, in_word = 1;
		if (ch == '\\')
			i++;
		else if (ch == '\'' || ch == '"')
			q = ch;
	}
	if (!in_word)
		x->start = cursor;
}

/* ---- sources ---- */

static void
files(struct cands *k, int programs_only)
{
	const char *slash = strrchr(k->pfx, '/');
	size_t dl = slash ? (size_t)(slash - k->pfx) + 1 : 0;
	char *dirpart = st_strndup(k->pfx, dl);
	const char *dir = dl ? dirpart : ".";
	if (dirpart[0] == '~' && (dirpart[1] == '/' || dirpart[1] == '\0')) {
		const char *home = var_get("HOME");
		char *d = st_alloc(strlen(home ? home : "") + dl + 1);
		strcpy(d, home ? home : "");
		strcat(d, dirpart + 1);
		dir = d;
	}
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct sbuf lead;
	sb_init(&lead);
	if (dirpart[0] == '~') {     /* the tilde stays unquoted, to expand */
		sb_putc(&lead, '~');
		quote_into(&lead, dirpart + 1, 0);
	} else {
		quote_into(&lead, dirpart, 1);
	}
	const char *lead_s = sb_done(&lead);
	const char *base = k->pfx + dl;
	size_t bl = strlen(base);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (strncmp(n, base, bl) != 0 || strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
		    (n[0] == '.' && base[0] != '.'))
			continue;
		char *path = st_alloc(strlen(dir) + strlen(n) + 2);
		strcpy(path, dir);
		strcat(path, "/");
		strcat(path, n);
		struct stat st;
		int isdir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (programs_only && !isdir && access(path, X_OK) != 0)
			continue;
		struct cands sub = *k;
		sub.pfx = n;
		sub.plen = bl;
		sub.lead = lead_s;
		sub.tail = isdir ? "/" : " ";
		offer(&sub, n, isdir ? "/" : "", 1);
		k->cap = sub.cap;
	}
	closedir(d);
}

static void
path_programs(struct cands *k)
{
	const char *path = var_get("PATH");
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		char *dir = st_strndup(path, n);
		DIR *d = n ? opendir(dir) : NULL;
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (strncmp(e->d_name, k->pfx, k->plen) != 0 || e->d_name[0] == '.')
				continue;
			char *full = st_alloc(n + strlen(e->d_name) + 2);
			strcpy(full, dir);
			strcat(full, "/");
			strcat(full, e->d_name);
			struct stat st;
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
				offer(k, e->d_name, "", 1);
		}
		if (d)
			closedir(d);
		path = colon ? colon + 1 : NULL;
	}
}

static struct cands *each_k;   /* for the table walkers' callbacks */

static void
each_func(const char *name, const struct node *tree)
{
	(void)tree;
	offer(each_k, name, "", 1);
}

static void
each_alias(const struct alias *a, void *arg)
{
	offer(arg, a->name, "", 1);
}

static void
commands(struct cands *k)
{
	for (const struct builtin *b = builtin_table; b->name; b++)
		offer(k, b->name, "", 1);
	for (int i = 0; reserved[i]; i++)
		offer(k, reserved[i], "", 0);
	each_k = k;
	func_each(each_func);
	alias_each(each_alias, k);
	path_programs(k);
}

static void
each_var(struct var *v, void *arg)
{
	if (v->value != NULL)
		offer(arg, v->name, "", 0);
}

static void
each_ipc(const char *name, void *arg)
{
	offer(arg, name, "", 0);
}

/* ---- the decision ---- */

/* $NAME or ${NAME being typed at the cursor: where its '$' is, or -1. */
static long
variable_at(const char *line, size_t start, size_t cursor, int *brace)
{
	size_t i = cursor;
	while (i > start && (isalnum((unsigned char)line[i - 1]) || line[i - 1] == '_'))
		i--;
	*brace = i > start && line[i - 1] == '{';
	if (*brace)
		i--;
	if (i == start || line[i - 1] != '$' || (i >= 2 && line[i - 2] == '\\'))
		return -1;
	for (size_t j = i; j < cursor; j++)   /* digits start no name */
		if (j == i + (size_t)*brace && line[j] >= '0' && line[j] <= '9')
			return -1;
	return (long)i - 1;
}

static void
ipc_args(struct cands *k, const struct ctx *x)
{
	const char *const *verbs = complete_ipc_verbs(x->words[0]);
	if (x->nwords == 1) {
		for (; *verbs; verbs++)
			offer(k, *verbs, "", 0);
		return;
	}
	if (k->pfx[0] == '-')
		return;
	if (k->pfx[0] == '/') {      /* names may be written /name */
		k->lead = "/";
		k->pfx++;
		k->plen--;
	}
	complete_ipc_names(x->words[0], each_ipc, k);
}

size_t
complete(const char *line, size_t cursor, struct le_completion *c)
{
	struct stackmark m;
	struct ctx x;
	struct cands k = { c, 0, "", 0, "", " " };
	int brace;
	memset(c, 0, sizeof *c);
	st_mark(&m);
	scan(line, cursor, &x);
	long dollar = variable_at(line, x.start, cursor, &brace);
	c->start = x.start;
	k.pfx = unquote(line + x.start, cursor - x.start);
	if (dollar >= 0) {
		c->start = (size_t)dollar;
		k.pfx = st_strndup(line + dollar + 1 + brace, cursor - (size_t)dollar - 1 - (size_t)brace);
		k.lead = brace ? "${" : "$";
		k.tail = brace ? "}" : " ";
	}
	k.plen = strlen(k.pfx);
	if (dollar >= 0)
		var_each(each_var, &k);
	else if (x.nwords == 0 && !x.redir && !strchr(k.pfx, '/') && k.pfx[0] != '~')
		commands(&k);
	else if (x.nwords == 0 && !x.redir)
		files(&k, 1);
	else if (!x.redir && x.nwords > 0 && complete_ipc_verbs(x.words[0]) != NULL)
		ipc_args(&k, &x);
	else
		files(&k, 0);
	sort_unique(c);
	st_pop(&m);
	return c->n;
}
