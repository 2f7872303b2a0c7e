/* bi_search.c: searching the history from the built-in editor: emacs's
 * incremental Ctrl-R and vi's / and ? patterns. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "bi.h"

void
bi_search_start(struct lineedit *le, int vi_dir)
{
	le->searching = vi_dir ? 2 : 1;
	if (vi_dir)
		le->vdir = vi_dir;
	le->qlen = 0;
	le->qfail = 0;
	le->shit = le->hnum;
	free(le->sorig);
	le->sorig = le_xrealloc(NULL, le->len + 1);
	memcpy(le->sorig, le->s, le->len);
	le->sorig_len = le->len;
	le->sorig_pos = le->pos;
	le->sorig_hnum = le->hnum;
}

static void
restore(struct lineedit *le)
{
	if (le->hist != NULL && le->hnum != le->sorig_hnum)
		bi_hist_go(le, le->sorig_hnum, 0);
	bi_set_line(le, le->sorig, le->sorig_len, le->sorig_pos);
	le->searching = 0;
}

/* Looks for the query from entry `from` back. */
static void
research(struct lineedit *le, int from)
{
	size_t at;
	if (le->qlen == 0) {
		le->qfail = 0;
		return;
	}
	int n = bi_hist_find(le, from, -1, le->query, le->qlen, &at);
	le->qfail = n == 0;
	if (n == 0) {
		bi_bell(le);
		return;
	}
	bi_hist_go(le, n, 0);
	le->pos = at;
	le->shit = n;
}

static void
add_query(struct lineedit *le)
{
	if (le->qlen + le->key_len < sizeof le->query) {
		memcpy(le->query + le->qlen, le->key, le->key_len);
		le->qlen += le->key_len;
	}
}

static void
drop_query_char(struct lineedit *le)
{
	while (le->qlen > 0 && ((unsigned char)le->query[--le->qlen] & 0xc0) == 0x80)
		;
}

static int
incremental_key(struct lineedit *le, int key)
{
	int from = le->shit > le->sorig_hnum - 1 ? le->sorig_hnum - 1 : le->shit;
	switch (key) {
	case K_TEXT:
		add_query(le);
		research(le, from);
		return 1;
	case KCTRL('R'):
		research(le, le->qfail ? from : from - (le->shit < le->sorig_hnum));
		return 1;
	case 0x7f:
	case KCTRL('H'):
		drop_query_char(le);
		le->shit = le->sorig_hnum;
		research(le, le->sorig_hnum - 1);
		return 1;
	case KCTRL('G'):
		restore(le);
		return 1;
	case KCTRL('C'):
		restore(le);
		return 0;
	}
	le->searching = 0;   /* any other key takes the match and acts on it */
	return 0;
}

void
bi_vi_search_next(struct lineedit *le, int reverse)
{
	size_t at;
	int dir = reverse ? -le->vdir : le->vdir;
	size_t plen = strlen(le->vpat);
	int n = plen ? bi_hist_find(le, le->hnum + dir, dir, le->vpat, plen, &at) : 0;
	if (n == 0)
		bi_bell(le);
	else
		bi_hist_go(le, n, 1);
}

static int
pattern_key(struct lineedit *le, int key)
{
	switch (key) {
	case K_TEXT:
		add_query(le);
		break;
	case 0x7f:
	case KCTRL('H'):
		if (le->qlen == 0)
			le->searching = 0;
		drop_query_char(le);
		break;
	case '\r':
	case '\n':
		le->searching = 0;
		if (le->qlen > 0) {
			memcpy(le->vpat, le->query, le->qlen);
			le->vpat[le->qlen] = '\0';
		}
		bi_vi_search_next(le, 0);
		break;
	case K_ESC:
	case KCTRL('C'):
	case KCTRL('G'):
		le->searching = 0;
		break;
	}
	return 1;
}

int
bi_search_key(struct lineedit *le, int key)
{
	return le->searching == 1 ? incremental_key(le, key) : pattern_key(le, key);
}
