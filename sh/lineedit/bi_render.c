/* bi_render.c: drawing the built-in editor's line: the layout of prompt
 * and text over rows of the terminal's width, redrawn whole in one write. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "bi.h"

struct at {
	int row, col;
};

/* Places a character w columns wide: a character that does not fit on
 * the row goes to the next one, as the terminal wraps it. */
static void
advance(struct at *p, int w, int cols)
{
	if (w > 0 && p->col + w > cols) {
		p->row++;
		p->col = 0;
	}
	p->col += w;
}

/* The prompt: escape sequences and \001...\002 take no room. */
static struct at
layout_prompt(const char *s, int cols)
{
	struct at p = { 0, 0 };
	size_t n = strlen(s), i = 0;
	int hidden = 0;
	int32_t cp;
	while (le_next_visible(s, n, &i, &hidden, &cp))
		advance(&p, le_width(cp), cols);
	return p;
}

/* What is on screen: a prompt and a text with a cursor in it. */
struct view {
	const char *prompt;
	const char *text;
	size_t len, pos;
	char pbuf[300];
};

static void
current_view(const struct lineedit *le, struct view *v)
{
	v->prompt = le->prompt;
	v->text = le->s;
	v->len = le->len;
	v->pos = le->pos;
	if (le->searching == 1) {
		snprintf(v->pbuf, sizeof v->pbuf, "(%sreverse-i-search)`%.*s': ",
		    le->qfail ? "failed " : "", (int)le->qlen, le->query);
		v->prompt = v->pbuf;
	} else if (le->searching == 2) {
		v->pbuf[0] = le->vdir < 0 ? '/' : '?';
		v->pbuf[1] = '\0';
		v->prompt = v->pbuf;
		v->text = le->query;
		v->len = v->pos = le->qlen;
	}
}

/* Draws the view from the start of its first row; returns where the text
 * ends and sets *cur to where the cursor belongs. */
static struct at
draw(struct lineedit *le, const struct view *v, struct at *cur)
{
	struct at p = layout_prompt(v->prompt, le->cols);
	le_buf_adds(&le->ob, v->prompt);
	*cur = p;
	for (size_t i = 0; i < v->len;) {
		int32_t cp;
		size_t n = le_u8_len(v->text + i, v->len - i, &cp);
		int w = le_width(cp);
		if (i == v->pos) {
			*cur = p;
			if (w > 0 && cur->col + w > le->cols)
				cur->row++, cur->col = 0;
		}
		advance(&p, w, le->cols);
		le_render_char(&le->ob, v->text + i, n, cp);
		i += n;
	}
	if (p.col >= le->cols) {
		/* The terminal waits at the last column: make the wrap real
		 * so that the cursor can be placed on the new row. */
		le_buf_add(&le->ob, "\r\n", 2);
		p.row++;
		p.col = 0;
	}
	if (v->pos >= v->len)
		*cur = p;
	return p;
}

static void
move_to(struct lineedit *le, struct at from, struct at to)
{
	if (from.row > to.row)
		le_buf_fmt(&le->ob, "\033[%dA", from.row - to.row);
	else if (to.row > from.row)
		le_buf_fmt(&le->ob, "\033[%dB", to.row - from.row);
	le_buf_add(&le->ob, "\r", 1);
	if (to.col > 0)
		le_buf_fmt(&le->ob, "\033[%dC", to.col);
}

void
bi_refresh(struct lineedit *le)
{
	struct view v;
	struct at cur;
	current_view(le, &v);
	if (le->crow > 0)
		le_buf_fmt(&le->ob, "\033[%dA", le->crow);
	le_buf_add(&le->ob, "\r\033[J", 4);
	struct at end = draw(le, &v, &cur);
	move_to(le, end, cur);
	le->crow = cur.row;
	le_buf_flush(&le->ob, le->out);
}

/* Where the end of the line is, without drawing. */
static struct at
end_of_text(const struct lineedit *le, const struct view *v)
{
	struct at p = layout_prompt(v->prompt, le->cols);
	for (size_t i = 0; i < v->len;) {
		int32_t cp;
		i += le_u8_len(v->text + i, v->len - i, &cp);
		advance(&p, le_width(cp), le->cols);
	}
	if (p.col >= le->cols)
		p.row++, p.col = 0;
	return p;
}

int
bi_finish(struct lineedit *le)
{
	struct view v;
	current_view(le, &v);
	struct at end = end_of_text(le, &v);
	struct at from = { le->crow, 0 };
	move_to(le, from, end);
	le->crow = end.row;
	return end.row > 0 && end.col == 0;
}

void
bi_print_below(struct lineedit *le, const char *text, size_t n)
{
	if (!bi_finish(le))
		le_buf_add(&le->ob, "\r\n", 2);
	le_buf_add(&le->ob, text, n);
	le->crow = 0;
	bi_refresh(le);
}

void
bi_clear_screen(struct lineedit *le)
{
	le_buf_adds(&le->ob, "\033[H\033[2J");
	le->crow = 0;
	bi_refresh(le);
}

/*
 * The width changed. Terminals that rewrap (tmux, VTE, kitty) have moved
 * the cursor to where the same text lays out in the new width: count the
 * rows above it that way, then draw everything again.
 */
void
bi_resized(struct lineedit *le, int cols)
{
	struct view v;
	current_view(le, &v);
	struct at p = layout_prompt(v.prompt, cols);
	for (size_t i = 0; i < v.pos && i < v.len;) {
		int32_t cp;
		i += le_u8_len(v.text + i, v.len - i, &cp);
		advance(&p, le_width(cp), cols);
	}
	if (p.col >= cols)
		p.row++;
	le->cols = cols;
	le->crow = p.row;
	bi_refresh(le);
}
