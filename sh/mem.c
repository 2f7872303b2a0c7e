/* mem.c: stack allocator and heap wrappers for the shell. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

#define ALIGN(n) (((n) + 15) & ~(size_t)15)
#define BLOCK_MIN 8192

struct stack_block {
	struct stack_block *prev;
	char *end;
	char space[];
};

/* The shell is one process with one stack: plain statics, like dash. */
static struct stack_block *cur;
static char *next;      /* first free byte of cur */

static _Noreturn void
nomem(void)
{
	static const char msg[] = "ipcsh: out of memory\n";
	ssize_t r = write(2, msg, sizeof msg - 1);
	(void)r;
	_exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		nomem();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		nomem();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static void
new_block(size_t need)
{
	size_t size = need + sizeof(struct stack_block) > BLOCK_MIN
	    ? need + sizeof(struct stack_block) : BLOCK_MIN;
	struct stack_block *b = xmalloc(size);
	b->prev = cur;
	b->end = (char *)b + size;
	cur = b;
	next = b->space;
}

void *
st_alloc(size_t n)
{
	n = ALIGN(n);
	if (cur == NULL || (size_t)(cur->end - next) < n)
		new_block(n);
	void *p = next;
	next += n;
	return p;
}

char *
st_strndup(const char *s, size_t n)
{
	char *p = st_alloc(n + 1);
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
st_strdup(const char *s)
{
	return st_strndup(s, strlen(s));
}

void
st_mark(struct stackmark *m)
{
	m->block = cur;
	m->next = next;
}

void
st_pop(const struct stackmark *m)
{
	while (cur != m->block) {
		struct stack_block *b = cur;
		cur = b->prev;
		free(b);
	}
	next = m->next;
	if (cur == NULL)
		next = NULL;
}

/* ---- growing strings ---- */

void
sb_init(struct sbuf *b)
{
	if (cur == NULL || cur->end - next < 64)
		new_block(64);
	b->p = next;
	b->len = 0;
	b->cap = (size_t)(cur->end - next);
}

/* The string is always the last thing on the stack, so it can grow in
 * place until its block is full; then it moves to a new, bigger block (the
 * old copy is reclaimed by the next pop; blocks are never moved, since
 * marks point at them). */
void
sb_grow(struct sbuf *b, size_t need)
{
	size_t want = b->len + need + 1;
	if (want <= b->cap)
		return;
	size_t cap = b->cap * 2 > want ? b->cap * 2 : want + 64;
	char *old = b->p;
	new_block(cap);
	memcpy(next, old, b->len);
	b->p = next;
	b->cap = (size_t)(cur->end - next);
}

void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap)
		sb_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
sb_adds(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

char *
sb_done(struct sbuf *b)
{
	if (b->len + 1 > b->cap)
		sb_grow(b, 1);
	b->p[b->len] = '\0';
	next = b->p + ALIGN(b->len + 1);
	if (next > cur->end)
		next = cur->end;
	return b->p;
}

void
sb_drop(struct sbuf *b)
{
	(void)b;
}
