/* lctype.c: LC_CTYPE from the shell's own variables, loaded lazily. */
#include <config.h>

#include <locale.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lctype.h"
#include "var.h"

int locale_ready;

void
locale_load(void)
{
	static const char *const names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *loc = "C";
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = var_get(names[i]);
		if (v != NULL && *v != '\0') {
			loc = v;
			break;
		}
	}
	if (setlocale(LC_CTYPE, loc) == NULL)
		setlocale(LC_CTYPE, "C");
	locale_ready = 1;
}

void
locale_changed(void)
{
	locale_ready = 0;
}

size_t
lc_char_len(const char *s, size_t n)
{
	locale_ensure();
	if (MB_CUR_MAX == 1)
		return 1;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = mbrlen(s, n, &st);
	return k == (size_t)-1 || k == (size_t)-2 || k == 0 ? 1 : k;
}

int
ifs_has_char(const char *ifs, const char *s, size_t k)
{
	for (size_t n = strlen(ifs), j; n > 0; ifs += j, n -= j) {
		j = lc_char_len(ifs, n);
		if (j == k && memcmp(ifs, s, k) == 0)
			return 1;
	}
	return 0;
}
