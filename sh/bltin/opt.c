/* opt.c: the builtins' one option scanner (POSIX utility syntax, per call state). */
#include <config.h>

#include <string.h>

#include "bltin.h"
#include "error.h"

void
bopt_init(struct bopt *o, char **argv)
{
	o->name = argv[0];
	o->argv = argv;
	o->idx = 1;
	o->rest = NULL;
	o->arg = NULL;
	o->done = 0;
}

/* Starts the next word when it is a group of options; 0 when options end. */
static int
next_word(struct bopt *o)
{
	const char *w = o->argv[o->idx];
	if (w == NULL || w[0] != '-' || w[1] == '\0')
		return 0;
	o->idx++;
	if (w[1] == '-' && w[2] == '\0')
		return 0;   /* "--" ends the options and is consumed */
	o->rest = w + 1;
	return 1;
}

int
bopt_next(struct bopt *o, const char *optstring)
{
	if (o->done)
		return 0;
	if ((o->rest == NULL || *o->rest == '\0') && !next_word(o)) {
		o->rest = NULL;
		o->done = 1;
		return 0;
	}
	char c = *o->rest++;
	const char *p = c != ':' ? strchr(optstring, c) : NULL;
	o->arg = NULL;
	if (p == NULL) {
		sh_warn("%s: -%c: invalid option", o->name, c);
		return '?';
	}
	if (p[1] != ':')
		return c;
	if (*o->rest != '\0') {
		o->arg = o->rest;
	} else if (o->argv[o->idx] != NULL) {
		o->arg = o->argv[o->idx++];
	} else {
		sh_warn("%s: -%c: option requires an argument", o->name, c);
		return '?';
	}
	o->rest = NULL;
	return c;
}
