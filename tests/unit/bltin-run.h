/* bltin-run.h: run a builtin in-process with fd 0/1/2 redirected, or dash, and compare. */
#ifndef BLTIN_RUN_H
#define BLTIN_RUN_H

#include <stddef.h>

/* What a run printed and returned. out and err are NUL-terminated copies
 * (the lengths count embedded NULs). */
struct cap {
	int status;
	char *out, *err;
	size_t outlen, errlen;
};

typedef int builtin_fn(int argc, char **argv);

/* Sets up the shell pieces the builtins use (no line numbers in messages). */
void run_init(void);
/* Runs fn(argv) with input (NULL: /dev/null) on fd 0 and fds 1, 2 captured. */
void cap_builtin(struct cap *c, builtin_fn *fn, char **argv, const char *input);
/* Runs dash -c '"$@"' with argv, same input; -1 when dash is not there. */
int cap_dash(struct cap *c, char **argv, const char *input);
void cap_free(struct cap *c);
int have_dash(void);

/* One test point: fn(argv) prints to stdout what dash's builtin prints,
 * returns what it returns, and complains on stderr exactly when it does.
 * Skipped when dash is absent. */
void same_as_dash(builtin_fn *fn, char **argv, const char *input);

#define DASH_CASE(fn, ...) do { \
	char *dc_v[] = { __VA_ARGS__, NULL }; \
	same_as_dash(fn, dc_v, NULL); \
} while (0)

/* One test point: status, stdout and stderr of fn(argv) are as given. */
void expect(builtin_fn *fn, char **argv, const char *input, int status,
    const char *out, const char *err);

#define EXPECT(fn, status, out, err, ...) do { \
	char *ex_v[] = { __VA_ARGS__, NULL }; \
	expect(fn, ex_v, NULL, status, out, err); \
} while (0)

/* The words of argv joined, for test point names. */
const char *argv_text(char **argv);

#endif
