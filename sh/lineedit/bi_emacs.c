/* bi_emacs.c: the built-in editor's emacs keys (the default), and the keys
 * vi's insert mode shares with them. */
#include <config.h>

#include "bi.h"

/* Typing a run of characters makes one undo step, as in readline. */
static void
change(struct lineedit *le, int key)
{
	if (!(key == K_TEXT && le->last_undo_key == K_TEXT))
		bi_undo_save(le);
	le->last_undo_key = key;
}

static void
self_insert(struct lineedit *le, int key)
{
	change(le, key);
	if (key == K_TEXT) {
		bi_insert(le, le->key, le->key_len);
	} else {
		char c = (char)key;
		bi_insert(le, &c, 1);
	}
}

static void
backspace(struct lineedit *le)
{
	if (le->pos == 0) {
		bi_bell(le);
		return;
	}
	change(le, 0x7f);
	bi_delete(le, bi_prev(le, le->pos), le->pos);
}

static void
delete_here(struct lineedit *le)
{
	if (le->pos >= le->len) {
		bi_bell(le);
		return;
	}
	change(le, K_DEL);
	bi_delete(le, le->pos, bi_next(le, le->pos));
}

static void
kill_to(struct lineedit *le, size_t to)
{
	change(le, KCTRL('K'));
	bi_kill(le, le->pos, to);
}

static int
motion_key(struct lineedit *le, int key)
{
	switch (key) {
	case K_LEFT: le->pos = bi_prev(le, le->pos); return 1;
	case K_RIGHT: le->pos = bi_next(le, le->pos); return 1;
	case K_HOME: le->pos = 0; return 1;
	case K_END: le->pos = le->len; return 1;
	case K_WLEFT: le->pos = bi_word_back(le, le->pos); return 1;
	case K_WRIGHT: le->pos = bi_word_fwd(le, le->pos); return 1;
	case K_UP: bi_hist_move(le, -1, le->mode == LE_VI && !le->vi_insert); return 1;
	case K_DOWN: bi_hist_move(le, 1, le->mode == LE_VI && !le->vi_insert); return 1;
	}
	return 0;
}

int
bi_common_key(struct lineedit *le, int key)
{
	if (le->quote_next) {
		le->quote_next = 0;
		if (key == K_TEXT || (key >= 0 && key < 0x80))
			self_insert(le, key);
		return 1;
	}
	if (motion_key(le, key))
		return 1;
	switch (key) {
	case '\r': case '\n': le->status = BI_ACCEPT; return 1;
	case KCTRL('C'): le->status = BI_INTR; return 1;
	case K_TEXT: self_insert(le, key); return 1;
	case 0x7f: case KCTRL('H'): backspace(le); return 1;
	case K_DEL: delete_here(le); return 1;
	case '\t': bi_tab(le, 0); return 1;
	case KCTRL('L'): bi_clear_screen(le); return 1;
	case KCTRL('R'): bi_search_start(le, 0); return 1;
	case KCTRL('V'): le->quote_next = 1; return 1;
	case KCTRL('U'):
		change(le, key);
		bi_kill(le, 0, le->pos);
		return 1;
	case KCTRL('W'):
		change(le, key);
		bi_kill(le, bi_blank_word_back(le, le->pos), le->pos);
		return 1;
	case KCTRL('D'):
		if (le->len == 0)
			le->status = BI_EOF;
		else if (le->mode == LE_EMACS)
			delete_here(le);
		return 1;
	}
	return 0;
}

static int
meta_key(struct lineedit *le, int c)
{
	switch (c) {
	case 'b': case 'B': le->pos = bi_word_back(le, le->pos); return 1;
	case 'f': case 'F': le->pos = bi_word_fwd(le, le->pos); return 1;
	case 'd': case 'D': kill_to(le, bi_word_fwd(le, le->pos)); return 1;
	case 0x7f: case KCTRL('H'):
		change(le, K_META | c);
		bi_kill(le, bi_word_back(le, le->pos), le->pos);
		return 1;
	case '<': if (le->hist) bi_hist_go(le, le->hist->first(), 0); return 1;
	case '>': if (le->hist) bi_hist_go(le, le->hist->last() + 1, 0); return 1;
	}
	return 0;
}

void
bi_emacs_key(struct lineedit *le, int key)
{
	if (bi_common_key(le, key))
		return;
	if (key >= K_META && meta_key(le, key - K_META))
		return;
	switch (key) {
	case KCTRL('A'): le->pos = 0; break;
	case KCTRL('E'): le->pos = le->len; break;
	case KCTRL('B'): le->pos = bi_prev(le, le->pos); break;
	case KCTRL('F'): le->pos = bi_next(le, le->pos); break;
	case KCTRL('P'): bi_hist_move(le, -1, 0); break;
	case KCTRL('N'): bi_hist_move(le, 1, 0); break;
	case KCTRL('K'): kill_to(le, le->len); break;
	case KCTRL('Y'):
		change(le, key);
		bi_yank(le, 0);
		break;
	case KCTRL('T'):
		change(le, key);
		bi_transpose(le);
		break;
	case KCTRL('_'):
		if (!bi_undo(le))
			bi_bell(le);
		le->last_undo_key = 0;
		break;
	case KCTRL('G'):
		bi_bell(le);
		break;
	default:
		if (key != K_NONE && key != K_INS && key != K_PGUP && key != K_PGDN)
			bi_bell(le);
	}
}
