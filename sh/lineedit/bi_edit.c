/* bi_edit.c: the built-in editor's line: changes, motions by character and
 * word, kill and yank, undo, history browsing and completion. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "bi.h"

/* ---- changes ---- */

static void
reserve(struct lineedit *le, size_t need)
{
	if (need + 1 > le->cap) {
		le->cap = (need + 1) * 2;
		le->s = le_xrealloc(le->s, le->cap);
	}
}

void
bi_set_line(struct lineedit *le, const char *s, size_t n, size_t pos)
{
	reserve(le, n);
	memmove(le->s, s, n);
	le->len = n;
	le->s[n] = '\0';
	le->pos = pos > n ? n : pos;
}

void
bi_insert(struct lineedit *le, const char *s, size_t n)
{
	reserve(le, le->len + n);
	memmove(le->s + le->pos + n, le->s + le->pos, le->len - le->pos);
	memcpy(le->s + le->pos, s, n);
	le->len += n;
	le->pos += n;
	le->s[le->len] = '\0';
}

/* Orders a range given either way round and keeps it within the line;
 * 0 when nothing is left of it. */
static int
clamp_range(const struct lineedit *le, size_t *from, size_t *to)
{
	if (*from > *to) {
		size_t t = *from;
		*from = *to;
		*to = t;
	}
	if (*to > le->len)
		*to = le->len;
	return *from < *to;
}

void
bi_delete(struct lineedit *le, size_t from, size_t to)
{
	if (!clamp_range(le, &from, &to))
		return;
	memmove(le->s + from, le->s + to, le->len - to);
	le->len -= to - from;
	le->s[le->len] = '\0';
	if (le->pos > to)
		le->pos -= to - from;
	else if (le->pos > from)
		le->pos = from;
}

void
bi_kill(struct lineedit *le, size_t from, size_t to)
{
	if (!clamp_range(le, &from, &to))
		return;
	free(le->yank);
	le->yank_len = to - from;
	le->yank = le_xrealloc(NULL, le->yank_len);
	memcpy(le->yank, le->s + from, le->yank_len);
	bi_delete(le, from, to);
}

void
bi_yank(struct lineedit *le, int after)
{
	if (le->yank_len == 0) {
		bi_bell(le);
		return;
	}
	if (after && le->pos < le->len)
		le->pos = bi_next(le, le->pos);
	bi_insert(le, le->yank, le->yank_len);
}

/* Ctrl-T: the characters before and under the cursor change places; at
 * the end of the line, the two before it. */
void
bi_transpose(struct lineedit *le)
{
	if (le->pos == 0 || le->len < 2) {
		bi_bell(le);
		return;
	}
	if (le->pos == le->len)
		le->pos = bi_prev(le, le->pos);
	size_t a = bi_prev(le, le->pos), b = le->pos, e = bi_next(le, le->pos);
	char tmp[64];
	size_t la = b - a, lb = e - b;
	if (la + lb > sizeof tmp)
		return;
	memcpy(tmp, le->s + b, lb);
	memcpy(tmp + lb, le->s + a, la);
	memcpy(le->s + a, tmp, la + lb);
	le->pos = e;
}

/* vi's ~: the character under the cursor changes case, the cursor moves on. */
void
bi_toggle_case(struct lineedit *le)
{
	if (le->pos >= le->len)
		return;
	int32_t cp;
	size_t n = le_u8_len(le->s + le->pos, le->len - le->pos, &cp);
	if (cp >= 0) {
		wint_t w = (wint_t)cp;
		wint_t t = iswupper(w) ? towlower(w) : towupper(w);
		char out[8];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t m = wcrtomb(out, (wchar_t)t, &st);
		if (t != w && m != (size_t)-1 && m > 0) {
			size_t at = le->pos;
			bi_delete(le, at, at + n);
			le->pos = at;
			bi_insert(le, out, m);
			return;
		}
	}
	le->pos += n;
}

/* ---- motions ---- */

static int
zero_width_at(const struct lineedit *le, size_t pos)
{
	int32_t cp;
	le_u8_len(le->s + pos, le->len - pos, &cp);
	return cp >= 0x300 && le_width(cp) == 0;
}

/* Characters with their combining marks move as one. */
size_t
bi_next(const struct lineedit *le, size_t pos)
{
	int32_t cp;
	if (pos >= le->len)
		return le->len;
	pos += le_u8_len(le->s + pos, le->len - pos, &cp);
	while (pos < le->len && zero_width_at(le, pos))
		pos += le_u8_len(le->s + pos, le->len - pos, &cp);
	return pos;
}

size_t
bi_prev(const struct lineedit *le, size_t pos)
{
	do {
		if (pos == 0)
			return 0;
		pos--;
		while (pos > 0 && ((unsigned char)le->s[pos] & 0xc0) == 0x80)
			pos--;
	} while (pos > 0 && zero_width_at(le, pos));
	return pos;
}

enum { C_BLANK, C_WORD, C_PUNCT };

static int
cls(const struct lineedit *le, size_t pos)
{
	unsigned char c = (unsigned char)le->s[pos];
	if (c == ' ' || c == '\t' || c == '\n')
		return C_BLANK;
	if (c >= 0x80 || isalnum(c) || c == '_')
		return C_WORD;
	return C_PUNCT;
}

static int
same(int a, int c, int big)
{
	return big ? a != C_BLANK : a == c;
}

size_t
bi_word_fwd(const struct lineedit *le, size_t pos)
{
	while (pos < le->len && cls(le, pos) != C_WORD)
		pos = bi_next(le, pos);
	while (pos < le->len && cls(le, pos) == C_WORD)
		pos = bi_next(le, pos);
	return pos;
}

size_t
bi_word_back(const struct lineedit *le, size_t pos)
{
	while (pos > 0 && cls(le, bi_prev(le, pos)) != C_WORD)
		pos = bi_prev(le, pos);
	while (pos > 0 && cls(le, bi_prev(le, pos)) == C_WORD)
		pos = bi_prev(le, pos);
	return pos;
}

size_t
bi_blank_word_back(const struct lineedit *le, size_t pos)
{
	while (pos > 0 && cls(le, bi_prev(le, pos)) == C_BLANK)
		pos = bi_prev(le, pos);
	while (pos > 0 && cls(le, bi_prev(le, pos)) != C_BLANK)
		pos = bi_prev(le, pos);
	return pos;
}

size_t
bi_vi_w(const struct lineedit *le, size_t pos, int big)
{
	if (pos >= le->len)
		return le->len;
	int c = cls(le, pos);
	if (c != C_BLANK)
		while (pos < le->len && same(cls(le, pos), c, big))
			pos = bi_next(le, pos);
	while (pos < le->len && cls(le, pos) == C_BLANK)
		pos = bi_next(le, pos);
	return pos;
}

size_t
bi_vi_b(const struct lineedit *le, size_t pos, int big)
{
	while (pos > 0 && cls(le, bi_prev(le, pos)) == C_BLANK)
		pos = bi_prev(le, pos);
	if (pos == 0)
		return 0;
	int c = cls(le, bi_prev(le, pos));
	while (pos > 0 && same(cls(le, bi_prev(le, pos)), c, big))
		pos = bi_prev(le, pos);
	return pos;
}

/* The last character of this or the next word. */
size_t
bi_vi_e(const struct lineedit *le, size_t pos, int big)
{
	if (pos < le->len)
		pos = bi_next(le, pos);
	while (pos < le->len && cls(le, pos) == C_BLANK)
		pos = bi_next(le, pos);
	if (pos >= le->len)
		return le->len ? bi_prev(le, le->len) : 0;
	int c = cls(le, pos);
	while (bi_next(le, pos) < le->len && same(cls(le, bi_next(le, pos)), c, big))
		pos = bi_next(le, pos);
	return pos;
}

/* ---- undo ---- */

void
bi_undo_save(struct lineedit *le)
{
	if (le->nundo == BI_UNDO_MAX) {
		free(le->undo[0].s);
		memmove(le->undo, le->undo + 1, sizeof le->undo[0] * (BI_UNDO_MAX - 1));
		le->nundo--;
	}
	struct bi_undo *u = &le->undo[le->nundo++];
	u->s = le_xrealloc(NULL, le->len + 1);
	memcpy(u->s, le->s, le->len);
	u->len = le->len;
	u->pos = le->pos;
}

int
bi_undo(struct lineedit *le)
{
	if (le->nundo == 0)
		return 0;
	struct bi_undo *u = &le->undo[--le->nundo];
	bi_set_line(le, u->s, u->len, u->pos);
	free(u->s);
	return 1;
}

void
bi_undo_clear(struct lineedit *le)
{
	while (le->nundo > 0)
		free(le->undo[--le->nundo].s);
}

/* ---- history ---- */

void
bi_hist_go(struct lineedit *le, int n, int cursor_at_start)
{
	if (le->hist == NULL) {
		bi_bell(le);
		return;
	}
	int first = le->hist->first(), last = le->hist->last();
	const char *t = n <= last ? le->hist->get(n) : NULL;
	if (n < first || n > last + 1 || (n <= last && t == NULL)) {
		bi_bell(le);
		return;
	}
	if (le->hnum > last) {
		free(le->hsaved);
		le->hsaved = le_xrealloc(NULL, le->len + 1);
		memcpy(le->hsaved, le->s, le->len);
		le->hsaved_len = le->len;
	}
	size_t tl = t ? strlen(t) : le->hsaved_len;
	bi_set_line(le, t ? t : le->hsaved, tl, cursor_at_start ? 0 : tl);
	le->hnum = n;
	bi_undo_clear(le);
}

void
bi_hist_move(struct lineedit *le, int delta, int cursor_at_start)
{
	bi_hist_go(le, le->hnum + delta, cursor_at_start);
}

int
bi_hist_find(struct lineedit *le, int from, int dir, const char *pat, size_t plen, size_t *at)
{
	if (le->hist == NULL)
		return 0;
	int first = le->hist->first(), last = le->hist->last();
	for (int n = from; n >= first && n <= last; n += dir) {
		const char *t = le->hist->get(n);
		const char *p = t ? memmem(t, strlen(t), pat, plen) : NULL;
		if (p != NULL) {
			*at = (size_t)(p - t);
			return n;
		}
	}
	return 0;
}

/* ---- completion ---- */

static void
list(struct lineedit *le, const struct le_completion *c)
{
	struct le_buf b = { 0 };
	le_list(&b, c, le->cols);
	bi_print_below(le, b.p, b.len);
	le_buf_free(&b);
}

/* Past this many, ask first, as bash does. */
#define LIST_ASK 100

static void
list_or_ask(struct lineedit *le, struct le_completion *c)
{
	if (c->n <= LIST_ASK) {
		list(le, c);
		le_completion_free(c);
		return;
	}
	le_completion_free(&le->pending_list);
	le->pending_list = *c;
	memset(c, 0, sizeof *c);
	if (!bi_finish(le))
		le_buf_add(&le->ob, "\r\n", 2);
	le_buf_fmt(&le->ob, "Display all %zu possibilities? (y or n)", le->pending_list.n);
	le->crow = 0;
	le->asking = 1;
}

void
bi_answer(struct lineedit *le, int key)
{
	le->asking = 0;
	le_buf_add(&le->ob, "\r\n", 2);
	le->crow = 0;
	if (key == 'y' || key == 'Y' || key == ' ')
		list(le, &le->pending_list);
	le_completion_free(&le->pending_list);
}

/* Tab: the unique candidate, or what all candidates share; a second Tab
 * that adds nothing lists them. */
void
bi_tab(struct lineedit *le, int list_only)
{
	struct le_completion c = { 0 };
	if (le->complete == NULL || le->complete(le->s, le->pos, &c) == 0 ||
	    c.start > le->pos) {
		le_completion_free(&c);
		bi_bell(le);
		return;
	}
	size_t wl = le->pos - c.start;
	size_t lcp = c.n == 1 ? strlen(c.word[0]) : le_common_prefix(&c);
	int same_text = lcp == wl && memcmp(c.word[0], le->s + c.start, wl) == 0;
	if (!list_only && (c.n == 1 || !same_text) && lcp > 0) {
		bi_undo_save(le);
		bi_delete(le, c.start, le->pos);
		bi_insert(le, c.word[0], lcp);
		le->tabs = c.n > 1;   /* still ambiguous: the next Tab lists */
	} else if (list_only || ++le->tabs >= 2) {
		list_or_ask(le, &c);
		le->tabs = 0;
	} else {
		bi_bell(le);
	}
	le_completion_free(&c);
}
