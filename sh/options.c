/* options.c: the shell's options, $-, and the set builtin. */
#include <config.h>

#include <string.h>

#include "error.h"
#include "jobs.h"
#include "options.h"
#include "output.h"
#include "quote.h"
#include "trap.h"
#include "var.h"

struct shopts opt;

static const struct {
	const char *name;
	char letter;
	char *flag;
} table[] = {
	{ "allexport", 'a', &opt.allexport },
	{ "notify", 'b', &opt.notify },
	{ "noclobber", 'C', &opt.noclobber },
	{ "errexit", 'e', &opt.errexit },
	{ "noglob", 'f', &opt.noglob },
	{ "hashall", 'h', &opt.hashall },
	{ "monitor", 'm', &opt.monitor },
	{ "noexec", 'n', &opt.noexec },
	{ "nounset", 'u', &opt.nounset },
	{ "verbose", 'v', &opt.verbose },
	{ "xtrace", 'x', &opt.xtrace },
	{ "ignoreeof", 0, &opt.ignoreeof },
	{ "nolog", 0, &opt.nolog },
	{ "pipefail", 0, &opt.pipefail },
	{ "vi", 0, &opt.vi },
	{ "emacs", 0, &opt.emacs },
};
#define NOPTS (sizeof table / sizeof table[0])

const char *
opt_dollar_dash(void)
{
	static char buf[32];
	char *p = buf;
	for (size_t i = 0; i < NOPTS; i++)
		if (table[i].letter && *table[i].flag)
			*p++ = table[i].letter;
	if (opt.interactive)
		*p++ = 'i';
	*p = '\0';
	return buf;
}

static void
set_flag(size_t i, int on)
{
	*table[i].flag = (char)on;
	/* vi and emacs are the two editing modes: one excludes the other. */
	if (on && table[i].flag == &opt.vi)
		opt.emacs = 0;
	if (on && table[i].flag == &opt.emacs)
		opt.vi = 0;
}

int
opt_set_letter(int letter, int on)
{
	for (size_t i = 0; i < NOPTS; i++) {
		if (table[i].letter == letter) {
			set_flag(i, on);
			return 0;
		}
	}
	return -1;
}

int
opt_is_set(const char *name)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(table[i].name, name) == 0)
			return *table[i].flag != 0;
	return -1;
}

int
opt_set_name(const char *name, int on)
{
	for (size_t i = 0; i < NOPTS; i++) {
		if (strcmp(table[i].name, name) == 0) {
			set_flag(i, on);
			return 0;
		}
	}
	return -1;
}

static void
print_options(int reusable)
{
	for (size_t i = 0; i < NOPTS; i++) {
		if (reusable)
			out_fmt(&out1, "set %co %s\n", *table[i].flag ? '-' : '+', table[i].name);
		else
			out_fmt(&out1, "%-16s%s\n", table[i].name, *table[i].flag ? "on" : "off");
	}
}

int
opt_parse(int argc, char **argv, int *ended)
{
	int i;
	*ended = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int on = a[0] == '-';
		if (strcmp(a, "+") == 0)
			continue;   /* no letters: nothing to turn off (bash, dash) */
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0') {
			if (strcmp(a, "-") == 0) {
				/* Historical: -x and -v off, and the end of the
				 * options; alone, it leaves the parameters be. */
				opt.xtrace = opt.verbose = 0;
				*ended = i + 1 < argc;
				i++;
			}
			break;
		}
		if (strcmp(a, "--") == 0) {
			*ended = 1;
			i++;
			break;
		}
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'o') {
				if (i + 1 >= argc) {
					print_options(!on);
					continue;
				}
				if (opt_set_name(argv[++i], on) < 0) {
					sh_warn("set: %s: invalid option name", argv[i]);
					return -1;
				}
			} else if (opt_set_letter(*p, on) < 0) {
				sh_warn("set: -%c: invalid option", *p);
				return -1;
			}
		}
	}
	return i;
}

static void
print_var(struct var *v, void *arg)
{
	(void)arg;
	if (v->flags & VUNSET)
		return;
	out_str(&out1, v->name);
	out_char(&out1, '=');
	out_quoted(&out1, var_get(v->name));
	out_char(&out1, '\n');
}

int
set_builtin(int argc, char **argv)
{
	if (argc == 1) {
		var_each(print_var, NULL);
		return 0;
	}
	int ended, monitor = opt.monitor;
	int used = opt_parse(argc - 1, argv + 1, &ended);
	if (opt.monitor != monitor && jobs_control(opt.monitor) < 0) {
		sh_warn("set: -m: no terminal to control");
		opt.monitor = 0;
	}
	if (used < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	if (ended || 1 + used < argc)
		params_set(argc - 1 - used, argv + 1 + used);
	return 0;
}
