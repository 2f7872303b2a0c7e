/* lctype.h: the character locale, loaded only when something needs it. */
#ifndef SH_LCTYPE_H
#define SH_LCTYPE_H

#include <stddef.h>

/*
 * Loading a UTF-8 locale costs a dozen system calls at every start, yet most
 * scripts never ask a multibyte question. Whatever depends on LC_CTYPE
 * (patterns, ${#x}, the line editor) calls locale_ensure first.
 */
extern int locale_ready;
void locale_load(void);

static inline void
locale_ensure(void)
{
	if (!locale_ready)
		locale_load();
}

/* LC_ALL, LC_CTYPE or LANG changed: load again on next use. */
void locale_changed(void);

/* The length of the character at s (n bytes left, n > 0): more than 1
 * only for a valid multibyte character of the locale. */
size_t lc_char_len(const char *s, size_t n);

/* Is the k-byte character at s one of the characters of ifs? Field
 * splitting and read both delimit on whole characters only. */
int ifs_has_char(const char *ifs, const char *s, size_t k);

#endif
