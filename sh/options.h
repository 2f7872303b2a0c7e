/* options.h: the shell's options (set -o, $-) and the set builtin. */
#ifndef SH_OPTIONS_H
#define SH_OPTIONS_H

struct shopts {
	char allexport;   /* -a */
	char notify;      /* -b */
	char noclobber;   /* -C */
	char errexit;     /* -e */
	char noglob;      /* -f */
	char hashall;     /* -h */
	char interactive; /* -i */
	char monitor;     /* -m */
	char noexec;      /* -n */
	char nounset;     /* -u */
	char verbose;     /* -v */
	char xtrace;      /* -x */
	char ignoreeof;
	char nolog;
	char pipefail;
	char vi;
	char emacs;
	char stdin_mode;  /* -s */
	char cmdstring;   /* -c */
	char login;       /* -l */
};

extern struct shopts opt;

/* The letters of $-. */
const char *opt_dollar_dash(void);
/* Applies one option by letter or by -o name; -1 when unknown. */
int opt_set_letter(int letter, int on);
int opt_set_name(const char *name, int on);
/* 1 or 0 for a known option name (test -o), -1 otherwise. */
int opt_is_set(const char *name);
/* Parses leading option words (-x, +x, -o name); returns how many were used,
 * or -1 after an error message. In set, "-" ends options too. */
int opt_parse(int argc, char **argv, int *ended);

int set_builtin(int argc, char **argv);

#endif
