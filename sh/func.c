/* func.c: the function table; each function's tree copied into one arena. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "eval.h"
#include "func.h"
#include "mem.h"

/*
 * A function outlives the stack mark of the command that defined it, so its
 * tree is copied into an arena of its own, freed in one go when the function
 * is redefined or unset: a loop that redefines a function does not grow.
 */
struct arena {
	struct arena *next;
	size_t used, cap;
	char data[];
};

struct func {
	struct func *next;
	char *name;
	struct node *tree;
	struct arena *mem;
};

static struct func *funcs[64];

static void *
a_alloc(struct arena **a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (*a == NULL || (*a)->cap - (*a)->used < n) {
		size_t cap = n > 4000 ? n : 4000;
		struct arena *b = xmalloc(sizeof *b + cap);
		b->next = *a;
		b->used = 0;
		b->cap = cap;
		*a = b;
	}
	void *p = (*a)->data + (*a)->used;
	(*a)->used += n;
	return p;
}

static const char *
a_str(struct arena **a, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	char *d = a_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static struct node *copy_node(struct arena **a, const struct node *n);

static struct wpart *
copy_parts(struct arena **a, const struct wpart *p)
{
	struct wpart *head = NULL, **tail = &head;
	for (; p != NULL; p = p->next) {
		struct wpart *c = a_alloc(a, sizeof *c);
		*c = *p;
		c->next = NULL;
		switch (p->kind) {
		case WP_LIT:
		case WP_QLIT:
			c->u.lit.s = a_str(a, p->u.lit.s, p->u.lit.n);
			break;
		case WP_DQ:
		case WP_ARITH:
			c->u.dq = copy_parts(a, p->u.dq);
			break;
		case WP_PARAM:
			c->u.param.name = a_str(a, p->u.param.name, strlen(p->u.param.name));
			c->u.param.arg = copy_parts(a, p->u.param.arg);
			break;
		case WP_CMDSUB:
			c->u.cmd = copy_node(a, p->u.cmd);
			break;
		}
		*tail = c;
		tail = &c->next;
	}
	return head;
}

static struct word *
copy_words(struct arena **a, const struct word *w)
{
	struct word *head = NULL, **tail = &head;
	for (; w != NULL; w = w->next) {
		struct word *c = a_alloc(a, sizeof *c);
		c->next = NULL;
		c->parts = copy_parts(a, w->parts);
		c->raw = a_str(a, w->raw, strlen(w->raw));
		*tail = c;
		tail = &c->next;
	}
	return head;
}

static struct redir *
copy_redirs(struct arena **a, const struct redir *r)
{
	struct redir *head = NULL, **tail = &head;
	for (; r != NULL; r = r->next) {
		struct redir *c = a_alloc(a, sizeof *c);
		*c = *r;
		c->next = NULL;
		c->target = copy_words(a, r->target);
		c->body = copy_parts(a, r->body);
		*tail = c;
		tail = &c->next;
	}
	return head;
}

static struct case_item *
copy_items(struct arena **a, const struct case_item *it)
{
	struct case_item *head = NULL, **tail = &head;
	for (; it != NULL; it = it->next) {
		struct case_item *c = a_alloc(a, sizeof *c);
		*c = *it;
		c->next = NULL;
		c->patterns = copy_words(a, it->patterns);
		c->body = copy_node(a, it->body);
		*tail = c;
		tail = &c->next;
	}
	return head;
}

static struct node *copy_node(struct arena **a, const struct node *n);

/* A list leans right (parser.c): copied in a loop, however long. */
static struct node *
copy_list(struct arena **a, const struct node *n)
{
	struct node *first = NULL, **link = &first;
	for (; n->kind == N_SEQ; n = n->u.bin.right) {
		struct node *c = a_alloc(a, sizeof *c);
		*c = *n;
		c->u.bin.left = copy_node(a, n->u.bin.left);
		*link = c;
		link = &c->u.bin.right;
	}
	*link = copy_node(a, n);
	return first;
}

static struct node *
copy_node(struct arena **a, const struct node *n)
{
	if (n == NULL)
		return NULL;
	if (n->kind == N_SEQ)
		return copy_list(a, n);
	sh_stack_check();
	struct node *c = a_alloc(a, sizeof *c);
	*c = *n;
	c->redirs = copy_redirs(a, n->redirs);
	switch (n->kind) {
	case N_CMD:
		c->u.cmd.assigns = copy_words(a, n->u.cmd.assigns);
		c->u.cmd.args = copy_words(a, n->u.cmd.args);
		break;
	case N_PIPE:
		c->u.pipe.cmds = a_alloc(a, (size_t)n->u.pipe.n * sizeof *c->u.pipe.cmds);
		for (int i = 0; i < n->u.pipe.n; i++)
			c->u.pipe.cmds[i] = copy_node(a, n->u.pipe.cmds[i]);
		break;
	case N_AND: case N_OR: case N_SEQ: case N_BG: case N_NOT:
	case N_SUBSHELL: case N_GROUP:
		c->u.bin.left = copy_node(a, n->u.bin.left);
		c->u.bin.right = copy_node(a, n->u.bin.right);
		break;
	case N_IF:
		c->u.ifs.cond = copy_node(a, n->u.ifs.cond);
		c->u.ifs.then = copy_node(a, n->u.ifs.then);
		c->u.ifs.els = copy_node(a, n->u.ifs.els);
		break;
	case N_WHILE: case N_UNTIL:
		c->u.loop.cond = copy_node(a, n->u.loop.cond);
		c->u.loop.body = copy_node(a, n->u.loop.body);
		break;
	case N_FOR:
		c->u.forl.var = a_str(a, n->u.forl.var, strlen(n->u.forl.var));
		c->u.forl.words = copy_words(a, n->u.forl.words);
		c->u.forl.body = copy_node(a, n->u.forl.body);
		break;
	case N_CASE:
		c->u.cas.subject = copy_words(a, n->u.cas.subject);
		c->u.cas.items = copy_items(a, n->u.cas.items);
		break;
	case N_FUNC:
		c->u.func.name = a_str(a, n->u.func.name, strlen(n->u.func.name));
		c->u.func.body = copy_node(a, n->u.func.body);
		break;
	}
	return c;
}

static void
free_arena(struct arena *a)
{
	while (a != NULL) {
		struct arena *next = a->next;
		free(a);
		a = next;
	}
}

static unsigned
bucket(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % (sizeof funcs / sizeof funcs[0]);
}

static struct func **
slot(const char *name)
{
	struct func **pp = &funcs[bucket(name)];
	while (*pp != NULL && strcmp((*pp)->name, name) != 0)
		pp = &(*pp)->next;
	return pp;
}

/* A function may redefine or unset itself (or another running one): its
 * old tree is still being walked, so while any function runs, old trees
 * wait here and are freed when the outermost call returns. */
static struct arena *retired;

static void
retire(struct arena *a)
{
	if (funcnest == 0) {
		free_arena(a);
		return;
	}
	while (a != NULL) {
		struct arena *next = a->next;
		a->next = retired;
		retired = a;
		a = next;
	}
}

void
func_release_retired(void)
{
	free_arena(retired);
	retired = NULL;
}

/* The copy being made: an error in the middle of it (nesting too deep)
 * leaves it here, freed by the next definition, rather than lost. */
static struct arena *copying;

void
func_define(const char *name, const struct node *fn)
{
	free_arena(copying);
	copying = NULL;
	struct node *tree = copy_node(&copying, fn);
	struct arena *a = copying;
	copying = NULL;
	struct func **pp = slot(name);
	if (*pp != NULL) {
		retire((*pp)->mem);
		(*pp)->mem = a;
		(*pp)->tree = tree;
		return;
	}
	struct func *f = xmalloc(sizeof *f);
	f->name = xstrdup(name);
	f->tree = tree;
	f->mem = a;
	f->next = NULL;
	*pp = f;
}

const struct node *
func_find(const char *name)
{
	struct func *f = *slot(name);
	return f ? f->tree : NULL;
}

int
func_unset(const char *name)
{
	struct func **pp = slot(name), *f = *pp;
	if (f == NULL)
		return 0;
	*pp = f->next;
	retire(f->mem);
	free(f->name);
	free(f);
	return 1;
}

static int
cmp_func(const void *a, const void *b)
{
	return strcmp((*(struct func *const *)a)->name, (*(struct func *const *)b)->name);
}

void
func_each(void (*fn)(const char *name, const struct node *tree))
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
		for (struct func *f = funcs[i]; f; f = f->next)
			n++;
	struct func **all = xmalloc((n + 1) * sizeof *all);
	n = 0;
	for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
		for (struct func *f = funcs[i]; f; f = f->next)
			all[n++] = f;
	qsort(all, n, sizeof *all, cmp_func);
	for (size_t i = 0; i < n; i++)
		fn(all[i]->name, all[i]->tree);
	free(all);
}
