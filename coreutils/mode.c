/* mode.c: chmod-style modes (octal and symbolic) for every utility's -m MODE. */
#include <config.h>

#include <errno.h>
#include <sys/stat.h>

#include "cli.h"

#define ALL_BITS 07777

static int
parse_octal(const char *s, mode_t *out)
{
	mode_t m = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '7')
			return -EINVAL;
		m = m * 8 + (mode_t)(*s - '0');
		if (m > ALL_BITS)
			return -EINVAL;
	}
	*out = m;
	return 0;
}

static mode_t
who_mask(const char **sp)
{
	mode_t who = 0;
	for (;; (*sp)++) {
		switch (**sp) {
		case 'u': who |= S_ISUID | S_IRWXU; break;
		case 'g': who |= S_ISGID | S_IRWXG; break;
		case 'o': who |= S_ISVTX | S_IRWXO; break;
		case 'a': who |= ALL_BITS; break;
		default: return who;
		}
	}
}

/* Copies one class's rwx (u, g or o of cur) to all three classes. */
static mode_t
copy_class(char c, mode_t cur)
{
	mode_t from = c == 'u' ? (cur >> 6) & 7 : c == 'g' ? (cur >> 3) & 7 : cur & 7;
	return from * 0111;
}

/* The permission letters after an operator: rwxXst, or one of u, g, o. */
static mode_t
perm_bits(const char **sp, mode_t cur)
{
	const char *s = *sp;
	mode_t b = 0;
	if (*s == 'u' || *s == 'g' || *s == 'o') {
		*sp = s + 1;
		return copy_class(*s, cur);
	}
	for (;; s++) {
		switch (*s) {
		case 'r': b |= 0444; break;
		case 'w': b |= 0222; break;
		case 'x': b |= 0111; break;
		/* X: execute where some execute bit is already set (our objects
		 * are never directories). */
		case 'X': if (cur & 0111) b |= 0111; break;
		case 's': b |= S_ISUID | S_ISGID; break;
		case 't': b |= S_ISVTX; break;
		default: *sp = s; return b;
		}
	}
}

/* One clause, [ugoa]*([-+=]perms)+, applied as GNU chmod's mode_adjust does:
 * without u/g/o/a the umask's bits are left alone by + and -, and = sets
 * exactly the unmasked bits. */
static int
apply_clause(const char **sp, mode_t umask_bits, mode_t *cur)
{
	mode_t who = who_mask(sp);
	if (**sp != '+' && **sp != '-' && **sp != '=')
		return -EINVAL;
	while (**sp == '+' || **sp == '-' || **sp == '=') {
		char op = *(*sp)++;
		mode_t value = perm_bits(sp, *cur) & (who ? who : ~umask_bits & ALL_BITS);
		switch (op) {
		case '+': *cur |= value; break;
		case '-': *cur &= ~value; break;
		case '=': *cur = (*cur & (who ? ~who & ALL_BITS : 0)) | value; break;
		}
	}
	return 0;
}

int
cli_parse_mode(const char *spec, mode_t base, mode_t umask_bits, mode_t *out)
{
	if (*spec == '\0')
		return -EINVAL;
	if (*spec >= '0' && *spec <= '7')
		return parse_octal(spec, out);
	mode_t cur = base;
	const char *s = spec;
	for (;;) {
		int e = apply_clause(&s, umask_bits, &cur);
		if (e < 0)
			return e;
		if (*s == '\0')
			break;
		if (*s++ != ',' || *s == '\0')
			return -EINVAL;
	}
	*out = cur;
	return 0;
}
