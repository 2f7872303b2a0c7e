/* getopts.c: getopts optstring name [arg...], with OPTIND/OPTARG and grouped options. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "error.h"
#include "var.h"

/*
 * Between calls the shell must remember where it is inside a group like
 * -abc; OPTIND alone cannot say, since (as in dash) it already names the
 * word after the group. The shell is one process with one getopts state:
 * a static, cleared whenever OPTIND is assigned (getopts_reset is that
 * variable's hook) so `OPTIND=1` always starts over.
 */
static size_t group_off;   /* next letter's offset in the word before OPTIND; 0: none */

void
getopts_reset(const char *optind_value)
{
	(void)optind_value;
	group_off = 0;
}

size_t
getopts_position(void)
{
	return group_off;
}

void
getopts_set_position(size_t pos)
{
	group_off = pos;
}

/* OPTIND as a number; anything unusable counts as 1. */
static int
current_optind(void)
{
	const char *s = var_get("OPTIND");
	char *end;
	long n = s != NULL ? strtol(s, &end, 10) : 1;
	if (s == NULL || *s == '\0' || *end != '\0' || n < 1 || n > 0x7fffffff)
		return 1;
	return (int)n;
}

/* One call's view: the arguments, where we are, what to store. */
struct go {
	char **args;
	int nargs;
	int ind;            /* OPTIND to store */
	size_t off;         /* group_off to store */
	char name_value[2]; /* the option letter, '?' or ':' */
	const char *optarg; /* NULL: OPTARG unset */
	char optarg_buf[2];
	int found;
};

/* The next letter to look at, or NULL at the end of the options. */
static const char *
next_letter(struct go *g)
{
	if (group_off > 0 && g->ind >= 2 && g->ind - 2 < g->nargs &&
	    group_off < strlen(g->args[g->ind - 2])) {
		g->off = group_off;
		return g->args[g->ind - 2] + group_off;
	}
	if (g->ind > g->nargs) {
		/* Past the end (OPTIND left from a longer list): no operand,
		 * so OPTIND is $# + 1, as POSIX asks at the end of options. */
		g->ind = g->nargs + 1;
		return NULL;
	}
	const char *w = g->args[g->ind - 1];
	if (w[0] != '-' || w[1] == '\0')
		return NULL;
	g->ind++;
	if (strcmp(w, "--") == 0)
		return NULL;
	g->off = 1;
	return w + 1;
}

static void
letter_arg(struct go *g, char c)
{
	g->optarg_buf[0] = c;
	g->optarg_buf[1] = '\0';
	g->optarg = g->optarg_buf;
}

/* Handles the letter at p of the word before g->ind. */
static void
take_option(struct go *g, const char *optstring, const char *p)
{
	int silent = optstring[0] == ':';
	char c = *p;
	const char *spec = c != ':' ? strchr(optstring + silent, c) : NULL;
	const char *word = g->args[g->ind - 2];
	g->found = 1;
	g->name_value[0] = c;
	g->off = (size_t)(p + 1 - word);
	if (spec == NULL) {
		g->name_value[0] = '?';
		if (silent)
			letter_arg(g, c);
		else
			sh_warn("getopts: -%c: invalid option", c);
	} else if (spec[1] == ':') {
		if (p[1] != '\0') {
			g->optarg = p + 1;
		} else if (g->ind <= g->nargs) {
			g->optarg = g->args[g->ind++ - 1];
		} else if (silent) {
			g->name_value[0] = ':';
			letter_arg(g, c);
		} else {
			g->name_value[0] = '?';
			sh_warn("getopts: -%c: option requires an argument", c);
		}
		g->off = 0;
	}
	if (word[g->off] == '\0')
		g->off = 0;
}

/* Stores name, OPTARG and OPTIND; the group offset last, since assigning
 * OPTIND clears it through the hook. */
static int
store(struct go *g, const char *name)
{
	char num[16];
	snprintf(num, sizeof num, "%d", g->ind);
	int bad = var_set(name, g->name_value, 0) < 0;
	if (g->optarg != NULL)
		bad |= var_set("OPTARG", g->optarg, 0) < 0;
	else
		bad |= var_unset("OPTARG") < 0;
	bad |= var_set("OPTIND", num, 0) < 0;
	group_off = g->off;
	return bad ? 2 : g->found ? 0 : 1;
}

/*
 * Status 0 with the option in name (or '?'/':' on errors), 1 at the end
 * of the options (name is then '?' and OPTIND the first operand's index),
 * 2 on bad usage. OPTARG is unset when there is no option-argument (POSIX;
 * dash leaves the old value). Messages, when optstring does not start
 * with ':', are "getopts: -x: invalid option" and
 * "getopts: -x: option requires an argument".
 */
int
getopts_builtin(int argc, char **argv)
{
	if (argc < 3) {
		sh_warn("getopts: usage: getopts optstring name [arg ...]");
		return 2;
	}
	if (!is_name(argv[2])) {
		sh_warn("getopts: %s: bad variable name", argv[2]);
		return 2;
	}
	struct go g = { argc > 3 ? argv + 3 : params.v, argc > 3 ? argc - 3 : params.n,
	    current_optind(), 0, "?", NULL, "", 0 };
	const char *p = next_letter(&g);
	if (p != NULL)
		take_option(&g, argv[1], p);
	return store(&g, argv[2]);
}
