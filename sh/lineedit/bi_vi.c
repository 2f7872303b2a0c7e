/* bi_vi.c: the built-in editor's vi mode (set -o vi): insert mode shares
 * emacs's plain keys; ESC enters command mode, with counts, motions,
 * the d c y operators and history search. */
#include <config.h>

#include <string.h>

#include "bi.h"

/* Insert mode after a change that saved the undo state already. */
static void
go_insert(struct lineedit *le, size_t pos)
{
	le->last_undo_key = K_TEXT;   /* the whole insert is one undo step */
	le->pos = pos;
	le->vi_insert = 1;
}

static void
enter_insert(struct lineedit *le, size_t pos)
{
	bi_undo_save(le);
	go_insert(le, pos);
}

static size_t
first_nonblank(const struct lineedit *le)
{
	size_t p = 0;
	while (p < le->len && (le->s[p] == ' ' || le->s[p] == '\t'))
		p++;
	return p;
}

/* f F t T: the count-th c after (or before) pos; pos when there is none. */
static size_t
find_char(const struct lineedit *le, int cmd, int count, size_t pos)
{
	const char *c = le->vi_find_char;
	size_t n = (size_t)le->vi_find_char_len, p = pos;
	int fwd = cmd == 'f' || cmd == 't';
	while (count-- > 0) {
		size_t q = p;
		for (;;) {
			q = fwd ? bi_next(le, q) : (q == 0 ? (size_t)-1 : bi_prev(le, q));
			if (q == (size_t)-1 || q >= le->len)
				return pos;
			if (q + n <= le->len && memcmp(le->s + q, c, n) == 0)
				break;
		}
		p = q;
	}
	if (cmd == 't')
		p = bi_prev(le, p);
	else if (cmd == 'T')
		p = bi_next(le, p);
	return p;
}

/* A motion: 1 and *to, *inclusive when key is one. */
static int
motion(struct lineedit *le, int key, int count, size_t *to, int *inclusive)
{
	size_t p = le->pos;
	*inclusive = 0;
	switch (key) {
	case 'h': case K_LEFT: case 0x7f: case KCTRL('H'):
		while (count-- > 0) p = bi_prev(le, p);
		break;
	case 'l': case K_RIGHT: case ' ':
		while (count-- > 0) p = bi_next(le, p);
		break;
	case 'w': case 'W':
		while (count-- > 0) p = bi_vi_w(le, p, key == 'W');
		break;
	case 'b': case 'B': case K_WLEFT:
		while (count-- > 0) p = bi_vi_b(le, p, key == 'B');
		break;
	case 'e': case 'E': case K_WRIGHT:
		while (count-- > 0) p = bi_vi_e(le, p, key == 'E');
		*inclusive = 1;
		break;
	case '0': case K_HOME: p = 0; break;
	case '^': p = first_nonblank(le); break;
	case '$': case K_END: p = le->len; break;
	case ';': case ',':
		if (le->vi_find == 0)
			return 0;
		{
			int cmd = le->vi_find;
			if (key == ',')
				cmd = cmd == 'f' ? 'F' : cmd == 'F' ? 'f' : cmd == 't' ? 'T' : 't';
			p = find_char(le, cmd, count, p);
			*inclusive = cmd == 'f' || cmd == 't';
		}
		break;
	default:
		return 0;
	}
	*to = p;
	return 1;
}

/* d, c or y over [pos, to). */
static void
apply_op(struct lineedit *le, int op, size_t to, int inclusive)
{
	size_t from = le->pos < to ? le->pos : to;
	size_t end = le->pos < to ? to : le->pos;
	if (inclusive && end < le->len)
		end = bi_next(le, end);
	if (op == 'y') {
		size_t keep = le->pos;
		bi_kill(le, from, end);
		le->pos = from;
		bi_yank(le, 0);
		le->pos = from < keep ? from : keep;
		return;
	}
	bi_undo_save(le);
	bi_kill(le, from, end);
	le->pos = from;
	if (op == 'c')
		go_insert(le, from);
}

static void
operator_key(struct lineedit *le, int key, int count)
{
	int op = le->vi_op;
	size_t to;
	int inclusive;
	le->vi_op = 0;
	count *= le->vi_op_count;
	if (key == op) {                       /* dd cc yy: the whole line */
		le->pos = 0;
		apply_op(le, op, le->len, 0);
		return;
	}
	if (key == 'f' || key == 'F' || key == 't' || key == 'T') {
		le->vi_pending = key;
		le->vi_op = op;
		le->vi_op_count = count;
		return;
	}
	/* cw changes to the end of the word, as in vi */
	if (op == 'c' && (key == 'w' || key == 'W') && le->pos < le->len &&
	    le->s[le->pos] != ' ' && le->s[le->pos] != '\t')
		key = key == 'w' ? 'e' : 'E';
	if (!motion(le, key, count, &to, &inclusive)) {
		bi_bell(le);
		return;
	}
	apply_op(le, op, to, inclusive);
}

/* The character after r, f, F, t or T. */
static void
pending_key(struct lineedit *le, int key, int count)
{
	int cmd = le->vi_pending;
	le->vi_pending = 0;
	char ch[8];
	size_t n = key == K_TEXT ? le->key_len : 1;
	if (key == K_TEXT)
		memcpy(ch, le->key, n);
	else if (key >= 0 && key < 0x80 && key != 033)
		ch[0] = (char)key;
	else
		return;
	if (cmd == 'r') {
		if (le->pos >= le->len)
			return;
		bi_undo_save(le);
		size_t at = le->pos;
		while (count-- > 0 && le->pos < le->len) {
			size_t here = le->pos;
			bi_delete(le, here, bi_next(le, here));
			bi_insert(le, ch, n);
		}
		le->pos = le->pos > at ? bi_prev(le, le->pos) : at;
		return;
	}
	le->vi_find = cmd;
	memcpy(le->vi_find_char, ch, n);
	le->vi_find_char_len = (int)n;
	size_t to = find_char(le, cmd, le->vi_op ? le->vi_op_count : count, le->pos);
	if (le->vi_op) {
		int op = le->vi_op;
		le->vi_op = 0;
		if (to != le->pos)
			apply_op(le, op, to, cmd == 'f' || cmd == 't');
	} else {
		le->pos = to;
	}
}

static void
delete_chars(struct lineedit *le, int count, int before)
{
	size_t to = le->pos;
	while (count-- > 0)
		to = before ? bi_prev(le, to) : bi_next(le, to);
	if (to == le->pos) {
		bi_bell(le);
		return;
	}
	bi_undo_save(le);
	bi_kill(le, le->pos, to);
}

static int
insert_command(struct lineedit *le, int key)
{
	switch (key) {
	case 'i': case K_INS: enter_insert(le, le->pos); return 1;
	case 'a': enter_insert(le, bi_next(le, le->pos)); return 1;
	case 'I': enter_insert(le, first_nonblank(le)); return 1;
	case 'A': enter_insert(le, le->len); return 1;
	case 'S':
		bi_undo_save(le);
		bi_kill(le, 0, le->len);
		go_insert(le, 0);
		return 1;
	case 'C':
		bi_undo_save(le);
		bi_kill(le, le->pos, le->len);
		go_insert(le, le->pos);
		return 1;
	}
	return 0;
}

static int
history_command(struct lineedit *le, int key, int count)
{
	switch (key) {
	case 'k': case '-': case K_UP: bi_hist_move(le, -count, 1); return 1;
	case 'j': case '+': case K_DOWN: bi_hist_move(le, count, 1); return 1;
	case 'G': if (le->hist) bi_hist_go(le, le->hist->first(), 1); return 1;
	case '/': bi_search_start(le, -1); return 1;
	case '?': bi_search_start(le, 1); return 1;
	case 'n': bi_vi_search_next(le, 0); return 1;
	case 'N': bi_vi_search_next(le, 1); return 1;
	}
	return 0;
}

static int
edit_command(struct lineedit *le, int key, int count)
{
	switch (key) {
	case 'x': case K_DEL: delete_chars(le, count, 0); return 1;
	case 'X': delete_chars(le, count, 1); return 1;
	case 's':
		delete_chars(le, count, 0);
		go_insert(le, le->pos);
		return 1;
	case 'D':
		bi_undo_save(le);
		bi_kill(le, le->pos, le->len);
		return 1;
	case 'd': case 'c': case 'y':
		le->vi_op = key;
		le->vi_op_count = count;
		return 1;
	case 'r': case 'f': case 'F': case 't': case 'T':
		le->vi_pending = key;
		le->vi_count = count;
		return 1;
	case '~':
		bi_undo_save(le);
		while (count-- > 0)
			bi_toggle_case(le);
		return 1;
	case 'p': case 'P':
		bi_undo_save(le);
		bi_yank(le, key == 'p');
		if (le->pos > 0)
			le->pos = bi_prev(le, le->pos);
		return 1;
	case 'u':
		if (!bi_undo(le))
			bi_bell(le);
		return 1;
	}
	return 0;
}

static int
line_command(struct lineedit *le, int key)
{
	switch (key) {
	case '\r': case '\n': le->status = BI_ACCEPT; return 1;
	case KCTRL('C'): le->status = BI_INTR; return 1;
	case KCTRL('D'): if (le->len == 0) le->status = BI_EOF; return 1;
	case KCTRL('L'): bi_clear_screen(le); return 1;
	case '=': case '\\': case '\t':
		/* The cursor sits on the word's last character: complete
		 * what is up to and with it; \ then goes on inserting. */
		le->pos = bi_next(le, le->pos);
		bi_tab(le, key == '=');
		if (key == '=')
			le->pos = bi_prev(le, le->pos);
		else
			enter_insert(le, le->pos);
		return 1;
	case '#':               /* comment the line out and enter it, as ksh */
		le->pos = 0;
		bi_insert(le, "#", 1);
		le->status = BI_ACCEPT;
		return 1;
	}
	return 0;
}

static void
command_key(struct lineedit *le, int key)
{
	if (le->vi_pending) {
		int count = le->vi_count ? le->vi_count : 1;
		le->vi_count = 0;
		pending_key(le, key, count);
		return;
	}
	if ((key >= '1' && key <= '9') || (key == '0' && le->vi_count > 0)) {
		if (le->vi_count < 10000)
			le->vi_count = le->vi_count * 10 + (key - '0');
		return;
	}
	int count = le->vi_count ? le->vi_count : 1;
	le->vi_count = 0;
	if (le->vi_op) {
		operator_key(le, key, count);
		return;
	}
	size_t to;
	int inclusive;
	if (motion(le, key, count, &to, &inclusive))
		le->pos = to;
	else if (!insert_command(le, key) && !history_command(le, key, count) &&
	    !edit_command(le, key, count) && !line_command(le, key) && key != K_NONE)
		bi_bell(le);
}

void
bi_vi_key(struct lineedit *le, int key)
{
	if (le->vi_insert) {
		if (key == K_ESC) {
			le->vi_insert = 0;
			le->pos = bi_prev(le, le->pos);
			le->last_undo_key = 0;
		} else if (!bi_common_key(le, key) && key != K_NONE) {
			bi_bell(le);
		}
		return;
	}
	if (key == K_TEXT && le->key_len == 1)
		key = (unsigned char)le->key[0];   /* commands are letters */
	command_key(le, key);
	/* In command mode the cursor sits on a character, not past the end. */
	if (!le->vi_insert && le->len > 0 && le->pos >= le->len)
		le->pos = bi_prev(le, le->len);
}
