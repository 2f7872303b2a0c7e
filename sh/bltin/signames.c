/* signames.c: this system's signal names (without SIG) both ways, for kill and trap. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signames.h"

struct signame {
	const char *name;
	int no;
};

/* Every name this system defines; the first of two for one number is the
 * one sig_name gives (aliases follow their canonical name). */
static const struct signame table[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
#ifdef SIGWINCH
	{ "WINCH", SIGWINCH },
#endif
#ifdef SIGIO
	{ "IO", SIGIO },
#endif
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
	{ "SYS", SIGSYS },
#ifdef SIGEMT
	{ "EMT", SIGEMT },
#endif
#ifdef SIGINFO
	{ "INFO", SIGINFO },
#endif
	/* aliases */
	{ "IOT", SIGABRT },
#ifdef SIGCLD
	{ "CLD", SIGCLD },
#endif
#ifdef SIGPOLL
	{ "POLL", SIGPOLL },
#endif
	{ NULL, 0 },
};

int
sig_max(void)
{
	return NSIG - 1;
}

/* Real-time signals are RTMIN+k in the lower half, RTMAX-k in the upper,
 * as dash and bash name them. SIGRTMIN is a run-time value under glibc. */
static const char *
rt_name(int no)
{
	static char names[NSIG][20];   /* "RTMAX-" and any int fit */
	int lo = SIGRTMIN, hi = SIGRTMAX;
	if (no < lo || no > hi)
		return NULL;
	char *b = names[no];
	if (b[0] == '\0') {
		if (no == lo)
			snprintf(b, sizeof names[0], "RTMIN");
		else if (no == hi)
			snprintf(b, sizeof names[0], "RTMAX");
		else if (no - lo <= (hi - lo) / 2)
			snprintf(b, sizeof names[0], "RTMIN+%d", no - lo);
		else
			snprintf(b, sizeof names[0], "RTMAX-%d", hi - no);
	}
	return b;
}

const char *
sig_name(int no)
{
	if (no == 0)
		return "EXIT";
	for (const struct signame *s = table; s->name; s++)
		if (s->no == no)
			return s->name;
	return rt_name(no);
}

/* "RTMIN", "RTMIN+3", "RTMAX-2" (case already ignored by the caller). */
static int
rt_number(const char *name)
{
	int base, sign;
	if (strncasecmp(name, "RTMIN", 5) == 0)
		base = SIGRTMIN, sign = 1;
	else if (strncasecmp(name, "RTMAX", 5) == 0)
		base = SIGRTMAX, sign = -1;
	else
		return -1;
	name += 5;
	if (*name == '\0')
		return base;
	if (*name != (sign > 0 ? '+' : '-') || name[1] < '0' || name[1] > '9')
		return -1;
	char *end;
	long k = strtol(name + 1, &end, 10);
	if (*end != '\0' || k > SIGRTMAX - SIGRTMIN)
		return -1;
	return base + sign * (int)k;
}

int
sig_number(const char *name)
{
	if (name[0] >= '0' && name[0] <= '9') {
		char *end;
		long n = strtol(name, &end, 10);
		return *end == '\0' && n < NSIG ? (int)n : -1;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	if (strcasecmp(name, "EXIT") == 0)
		return 0;
	for (const struct signame *s = table; s->name; s++)
		if (strcasecmp(s->name, name) == 0)
			return s->no;
	return rt_number(name);
}
