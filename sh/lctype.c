/* lctype.c: LC_CTYPE from the shell's own variables, loaded lazily. */
#include <config.h>

#include <locale.h>
#include <stddef.h>

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
