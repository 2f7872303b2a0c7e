/* tap.h: a small TAP producer for the C unit tests. */
#ifndef IPC_TAP_H
#define IPC_TAP_H

#include <stddef.h>

/* ok(): one test point; the message is printf-style. Returns cond. */
int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* is(): compares two integers and shows both when they differ. */
int tap_is(long long got, long long want, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_skip(int n, const char *why);
/* Prints the plan and returns the process status: 0 when every point passed. */
int tap_done(void);
/* A scratch directory made for this test and removed by tap_done. */
const char *tap_tmpdir(void);

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) tap_is((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
