/* mem.h: the shell's stack allocator: per-command memory released in one step. */
#ifndef SH_MEM_H
#define SH_MEM_H

#include <stddef.h>

/*
 * Parse trees and expansion text live on a stack of blocks. A mark taken
 * before a command and popped after it frees everything the command made,
 * without walking it (dash's setstackmark/popstackmark). Only what must
 * outlive a command (functions, variables, aliases, history) uses the heap.
 */
struct stack_block;
struct stackmark {
	struct stack_block *block;
	char *next;
};

void *st_alloc(size_t n);
char *st_strdup(const char *s);
char *st_strndup(const char *s, size_t n);
void st_mark(struct stackmark *m);
void st_pop(const struct stackmark *m);

/*
 * A string that grows at the top of the stack. While it is open nothing else
 * may be allocated with st_alloc; sb_done closes it and returns it
 * NUL-terminated (it then stays allocated like any st_alloc block).
 */
struct sbuf {
	char *p;
	size_t len, cap;
};

void sb_init(struct sbuf *b);
void sb_grow(struct sbuf *b, size_t need);
static inline void
sb_putc(struct sbuf *b, char c)
{
	if (b->len + 1 >= b->cap)
		sb_grow(b, 1);
	b->p[b->len++] = c;
}
void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_adds(struct sbuf *b, const char *s);
char *sb_done(struct sbuf *b);
/* Abandons an open string (its memory is reclaimed by the next pop). */
void sb_drop(struct sbuf *b);

/* Heap helpers that never return NULL (out of memory ends the shell). */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
