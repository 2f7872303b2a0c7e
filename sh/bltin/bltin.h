/* bltin.h: what the standalone builtins (sh/bltin/) share and nobody else needs. */
#ifndef SH_BLTIN_H
#define SH_BLTIN_H

#include <stddef.h>

struct output;

/*
 * Options the POSIX way (XBD 12.2) for builtins, like dash's nextopt:
 * options come first, "--" ends them, "-" alone is an operand, letters may
 * be grouped (-rd:), an option's argument is the rest of the word or the
 * next word. State is per call, in the caller's struct.
 */
struct bopt {
	const char *name;    /* the builtin, for messages */
	char **argv;         /* NULL-terminated */
	int idx;             /* the next word; the first operand at the end */
	const char *rest;    /* the rest of a group of letters */
	const char *arg;     /* the argument of the option just returned */
	int done;            /* the options have ended */
};

void bopt_init(struct bopt *o, char **argv);
/*
 * The next option letter, 0 at the end of the options (o->idx is then the
 * first operand), or '?' after printing "NAME: -x: invalid option" or
 * "NAME: -x: option requires an argument". In optstring a letter followed
 * by ':' takes an argument.
 */
int bopt_next(struct bopt *o, const char *optstring);

/*
 * Backslash escapes, shared by echo and printf (dash's rules).
 *
 * esc_format: the escape after a backslash in a printf format, at s (just
 * past the backslash): \\ \a \b \e \f \n \r \t \v and \NNN (one to three
 * octal digits). Stores one byte in *c and returns how many characters of s
 * it used; for an unknown escape (or a backslash at the end) *c is the
 * backslash itself and 0 is returned, so the next character prints as is.
 */
size_t esc_format(const char *s, char *c);

/*
 * esc_string: a string with echo's and %b's escapes: those of esc_format,
 * except that octal is \0NNN (the 0 then up to three digits; \NNN also
 * works), and \c ends all output. Writes at most limit bytes of the result
 * to o (o may be NULL to only measure) and returns the whole result's length
 * (up to a \c); *stop is set when a \c was met anywhere in s (dash stops
 * even when a precision cut the text before it).
 */
size_t esc_string(const char *s, size_t limit, struct output *o, int *stop);

/*
 * The logical current directory: $PWD when it is an absolute path without
 * . or .. components naming the current directory, else NULL (pwd -L and
 * cd's step 7 then use the physical one).
 */
const char *pwd_logical(void);

#endif
