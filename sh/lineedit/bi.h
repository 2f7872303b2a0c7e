/* bi.h: the built-in line editor's state and the parts of it, shared by
 * lineedit_builtin.c (reading keys), bi_render.c (drawing), bi_edit.c
 * (the line, history, completion), bi_emacs.c and bi_vi.c (the keys). */
#ifndef SH_BI_H
#define SH_BI_H

#include <stddef.h>
#include <stdint.h>

#include "le_common.h"
#include "lineedit.h"

/* Keys: a control byte is itself (1..31, 127); the rest are these. */
enum {
	K_NONE = -1,          /* nothing: a signal woke the reader */
	K_EOF = -2,           /* the terminal is gone */
	K_ERR = -3,
	K_TEXT = 0x110000,    /* printable text, in le->key */
	K_UP, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DEL, K_INS,
	K_PGUP, K_PGDN, K_WLEFT, K_WRIGHT,
	K_ESC,                /* a lone escape */
	K_META = 0x200000,    /* Alt-c: K_META | c */
};
#define KCTRL(c) ((c) & 0x1f)

enum bi_status { BI_EDITING, BI_ACCEPT, BI_EOF, BI_INTR };

/* One saved state of the line for undo. */
struct bi_undo {
	char *s;
	size_t len, pos;
};
#define BI_UNDO_MAX 64

struct lineedit {
	int in, out;
	enum le_mode mode;
	le_complete_fn *complete;
	const struct le_history *hist;
	struct le_tty tty;
	struct le_buf ob;            /* output composed for one write */
	enum bi_status status;
	int err;

	/* the line */
	char *s;
	size_t len, cap, pos;

	/* the screen: the prompt's last line, the width, and where the
	 * cursor is drawn, in rows below the prompt's first row */
	const char *prompt;
	int cols;
	int crow;

	/* input: bytes read but not yet used, and the current key's text */
	unsigned char ib[512];
	size_t ib_off, ib_len;
	char key[8];
	size_t key_len;
	int last_key;                /* the key handled before this one */

	char *yank;                  /* the last text killed */
	size_t yank_len;
	struct bi_undo undo[BI_UNDO_MAX];
	int nundo;
	int last_undo_key;           /* typing runs make one undo step */

	/* history browsing: the entry shown (last + 1: the new line) */
	int hnum;
	char *hsaved;                /* the new line, while browsing */
	size_t hsaved_len;

	/* incremental search (Ctrl-R) and vi's / and ? */
	int searching;               /* 1 incremental, 2 vi pattern entry */
	char query[256];
	size_t qlen;
	int qfail;
	int shit;                    /* the entry that matched */
	char *sorig;                 /* the line before the search */
	size_t sorig_len, sorig_pos;
	int sorig_hnum;
	char vpat[256];              /* vi: the last pattern and direction */
	int vdir;

	/* vi */
	int vi_insert;
	int vi_count;
	int vi_op;                   /* a pending d, c or y */
	int vi_op_count;
	int vi_pending;              /* a command waiting for its character: r f F t T */
	int vi_find, vi_find_char_len;
	char vi_find_char[8];

	int quote_next;              /* Ctrl-V: the next key goes in as it is */
	int tabs;                    /* Tabs in a row with nothing completed */
	int asking;                  /* "Display all N possibilities?" */
	struct le_completion pending_list;
};

/* lineedit_builtin.c */
int bi_getkey(struct lineedit *le);
int bi_input_pending(const struct lineedit *le);
void bi_bell(struct lineedit *le);

/* bi_render.c */
void bi_refresh(struct lineedit *le);
/* Moves the cursor after the line's end; 1 when that is the start of a
 * fresh row already (the line filled its last row exactly). */
int bi_finish(struct lineedit *le);
void bi_clear_screen(struct lineedit *le);
void bi_resized(struct lineedit *le, int cols);
/* Moves below the line and writes text there; the line is then drawn
 * anew under it. */
void bi_print_below(struct lineedit *le, const char *text, size_t n);

/* bi_edit.c: the line */
void bi_set_line(struct lineedit *le, const char *s, size_t n, size_t pos);
void bi_insert(struct lineedit *le, const char *s, size_t n);
void bi_delete(struct lineedit *le, size_t from, size_t to);
void bi_kill(struct lineedit *le, size_t from, size_t to);
void bi_yank(struct lineedit *le, int after);
void bi_transpose(struct lineedit *le);
size_t bi_next(const struct lineedit *le, size_t pos);
size_t bi_prev(const struct lineedit *le, size_t pos);
/* Word motions: emacs words are letters and digits; vi's small words are
 * those or runs of punctuation, big words (W) anything but blanks. */
size_t bi_word_fwd(const struct lineedit *le, size_t pos);
size_t bi_word_back(const struct lineedit *le, size_t pos);
size_t bi_blank_word_back(const struct lineedit *le, size_t pos);
size_t bi_vi_w(const struct lineedit *le, size_t pos, int big);
size_t bi_vi_b(const struct lineedit *le, size_t pos, int big);
size_t bi_vi_e(const struct lineedit *le, size_t pos, int big);
void bi_undo_save(struct lineedit *le);
int bi_undo(struct lineedit *le);
void bi_undo_clear(struct lineedit *le);
void bi_toggle_case(struct lineedit *le);

/* bi_edit.c: history and completion */
void bi_hist_move(struct lineedit *le, int delta, int cursor_at_start);
void bi_hist_go(struct lineedit *le, int n, int cursor_at_start);
/* Searches entries from `from` towards older (dir -1) or newer (+1) for
 * pat; the entry number or 0, and *at the match's offset. */
int bi_hist_find(struct lineedit *le, int from, int dir, const char *pat, size_t plen, size_t *at);
void bi_tab(struct lineedit *le, int list_only);
void bi_answer(struct lineedit *le, int key);

/* bi_search.c */
void bi_search_start(struct lineedit *le, int vi_dir);
/* 1 when the key was used by the search; 0 when it ended the search and
 * must be handled as usual. */
int bi_search_key(struct lineedit *le, int key);
void bi_vi_search_next(struct lineedit *le, int reverse);

/* bi_emacs.c, bi_vi.c */
void bi_emacs_key(struct lineedit *le, int key);
void bi_vi_key(struct lineedit *le, int key);
/* Keys both modes treat alike; 1 when handled. */
int bi_common_key(struct lineedit *le, int key);

#endif
