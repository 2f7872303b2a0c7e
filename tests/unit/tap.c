/* tap.c: TAP output for the unit tests: numbered points, plan at the end. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Test programs are single processes run once: plain statics are fine here. */
static int tap_count, tap_failed;
static char tap_dir[64];

static void
vpoint(int cond, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
}

int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vpoint(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		tap_diag("  at %s:%d", file, line);
	return cond;
}

int
tap_is(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vpoint(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		tap_diag("  at %s:%d: got %lld, want %lld", file, line, got, want);
	return got == want;
}

int
tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	int same = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;
	va_start(ap, fmt);
	vpoint(same, fmt, ap);
	va_end(ap);
	if (!same)
		tap_diag("  at %s:%d: got '%s', want '%s'", file, line,
		    got ? got : "(null)", want ? want : "(null)");
	return same;
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(stdout);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	va_end(ap);
}

void
tap_skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # skip %s\n", ++tap_count, why);
}

const char *
tap_tmpdir(void)
{
	if (tap_dir[0] == '\0') {
		const char *base = getenv("TMPDIR");
		snprintf(tap_dir, sizeof tap_dir, "%s/ipc-unit-XXXXXX",
		    base && *base && strlen(base) < 30 ? base : "/tmp");
		if (mkdtemp(tap_dir) == NULL) {
			perror("mkdtemp");
			exit(99);
		}
	}
	return tap_dir;
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_dir[0] != '\0') {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tap_dir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", tap_dir);
	}
	return tap_failed ? 1 : 0;
}
