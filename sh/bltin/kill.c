/* kill.c: kill [-s sig | -sig] pid|%job..., and kill -l [status|name...]. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "error.h"
#include "output.h"
#include "signames.h"

static int
usage(void)
{
	sh_warn("kill: usage: kill [-s sigspec | -signum | -sigspec] pid|%%job ... "
	    "or kill -l [exitstatus]");
	return 2;
}

/* A whole decimal integer (a leading '-' allowed) in *v; 0 or -1. */
static int
integer(const char *s, long *v)
{
	char *end;
	if (*s == '\0' || (*s == '-' && s[1] == '\0'))
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

/* kill -l: every name, one a line; with operands, each exit status or
 * signal number as a name (128+n gives n's name) and each name as its
 * number (bash does this last; dash refuses it). */
static int
list(char **args)
{
	int st = 0;
	if (*args == NULL) {
		for (int i = 1; i <= sig_max(); i++)
			if (sig_name(i) != NULL)
				out_fmt(&out1, "%s\n", sig_name(i));
		return 0;
	}
	for (; *args != NULL; args++) {
		long n;
		if (integer(*args, &n) == 0) {
			if (n > 128)
				n -= 128;
			if (n == 0) {
				out_str(&out1, "EXIT\n");
				continue;
			}
			if (n > 0 && n <= sig_max() && sig_name((int)n) != NULL) {
				out_fmt(&out1, "%s\n", sig_name((int)n));
				continue;
			}
		} else if (sig_number(*args) > 0) {
			out_fmt(&out1, "%d\n", sig_number(*args));
			continue;
		}
		sh_warn("kill: %s: invalid signal number or exit status", *args);
		st = 2;
	}
	return st;
}

/* Every operand is a pid or a %job, checked before anything is sent. */
static int
check_operands(char **args)
{
	long v;
	if (*args == NULL)
		return usage();
	for (; *args != NULL; args++) {
		if (**args != '%' && integer(*args, &v) != 0) {
			sh_warn("kill: %s: arguments must be process or job IDs", *args);
			return 2;
		}
	}
	return 0;
}

/* Sends sig to one operand, a pid or a %job; 0, or 1 after a message. */
static int
send_one(const char *arg, int sig)
{
	long v;
	int e;
	if (*arg != '%') {
		integer(arg, &v);
		e = kill((pid_t)v, sig) == 0 ? 0 : errno;
	} else {
		e = jobs_kill(arg, sig);
	}
	if (e == 0)
		return 0;
	sh_warn("kill: %s: %s", arg, e == -ESRCH ? "no such job" :
	    e == -EINVAL ? "ambiguous or bad job spec" : strerror(e));
	return 1;
}

static int
send(int sig, char **args)
{
	/* The target may be this shell: what it printed must not die with it. */
	out_flush_all();
	int st = check_operands(args);
	if (st != 0)
		return st;
	for (; *args != NULL; args++)
		if (send_one(*args, sig) != 0)
			st = 1;
	return st;
}

static int
signal_of(const char *name)
{
	int sig = sig_number(name);
	if (sig < 0)
		sh_warn("kill: %s: invalid signal", name);
	return sig;
}

/*
 * The signal comes from -s NAME (or -sNAME), -NAME or -NUMBER, with names
 * case-insensitive and SIG optional; TERM by default. "--" may follow it.
 * Status 2 for bad usage (nothing is sent), 1 when some kill failed.
 */
int
kill_builtin(int argc, char **argv)
{
	int sig = SIGTERM;
	char **a = argv + 1;
	if (*a == NULL)
		return usage();
	if (strcmp(*a, "-l") == 0)
		return list(a + 1);
	if (strcmp(*a, "-s") == 0) {
		if (a[1] == NULL)
			return usage();
		if ((sig = signal_of(a[1])) < 0)
			return 2;
		a += 2;
	} else if (strncmp(*a, "-s", 2) == 0 && sig_number(*a + 2) >= 0) {
		sig = sig_number(*a + 2);
		a++;
	} else if (**a == '-' && strcmp(*a, "--") != 0 && (*a)[1] != '\0') {
		if ((sig = signal_of(*a + 1)) < 0)
			return 2;
		a++;
	}
	if (*a != NULL && strcmp(*a, "--") == 0)
		a++;
	return send(sig, a);
}
