/* ulimit.c: ulimit [-HSa] [-tfdscmlpnvwr] [limit]: resource limits, as dash names them. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/resource.h>

#include "bltin.h"
#include "builtins.h"
#include "error.h"
#include "output.h"

/* Whether the file size limit is set, as last read: it changes only here,
 * so ulimit_fsize_limited costs no system call per substitution. */
static int fsize_state;   /* 0: to be read; 1: unlimited; 2: limited */

struct limit {
	char opt;
	int resource;
	rlim_t unit;        /* bytes (or seconds, or items) per displayed unit */
	const char *name;   /* as ulimit -a shows it */
};

/* dash's table and order; a letter is here only where the system has it. */
static const struct limit limits[] = {
	{ 't', RLIMIT_CPU, 1, "time(seconds)" },
	{ 'f', RLIMIT_FSIZE, 512, "file(blocks)" },
	{ 'd', RLIMIT_DATA, 1024, "data(kbytes)" },
	{ 's', RLIMIT_STACK, 1024, "stack(kbytes)" },
	{ 'c', RLIMIT_CORE, 512, "coredump(blocks)" },
#ifdef RLIMIT_RSS
	{ 'm', RLIMIT_RSS, 1024, "memory(kbytes)" },
#endif
#ifdef RLIMIT_MEMLOCK
	{ 'l', RLIMIT_MEMLOCK, 1024, "locked memory(kbytes)" },
#endif
#ifdef RLIMIT_NPROC
	{ 'p', RLIMIT_NPROC, 1, "process" },
#endif
	{ 'n', RLIMIT_NOFILE, 1, "nofiles" },
	{ 'v', RLIMIT_AS, 1024, "vmemory(kbytes)" },
#ifdef RLIMIT_LOCKS
	{ 'w', RLIMIT_LOCKS, 1, "locks" },
#endif
#ifdef RLIMIT_RTPRIO
	{ 'r', RLIMIT_RTPRIO, 1, "rtprio" },
#endif
	{ 0, 0, 0, NULL },
};

enum { SOFT = 1, HARD = 2 };

static const struct limit *
find(char opt)
{
	const struct limit *l = limits;
	while (l->opt != 0 && l->opt != opt)
		l++;
	return l;
}

/* The soft limit unless only -H was given. */
static void
print_limit(const struct limit *l, int how)
{
	struct rlimit rl;
	if (getrlimit(l->resource, &rl) != 0) {
		sh_warn("ulimit: %s: %s", l->name, strerror(errno));
		return;
	}
	rlim_t v = how == HARD ? rl.rlim_max : rl.rlim_cur;
	if (v == RLIM_INFINITY)
		out_str(&out1, "unlimited\n");
	else
		out_fmt(&out1, "%" PRIuMAX "\n", (uintmax_t)(v / l->unit));
}

/* "unlimited" or decimal digits, in the limit's unit; 0 or -1. */
static int
parse_value(const char *s, const struct limit *l, rlim_t *out)
{
	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	rlim_t v = 0;
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (RLIM_INFINITY - 9) / 10 / l->unit)
			return -1;
		v = v * 10 + (rlim_t)(*s - '0');
	}
	*out = v * l->unit;
	return 0;
}

/* Without -H or -S both limits are set, as in dash and bash. */
static int
set_limit(const struct limit *l, int how, const char *value)
{
	struct rlimit rl;
	rlim_t v;
	if (parse_value(value, l, &v) < 0) {
		sh_warn("ulimit: %s: bad number", value);
		return 2;
	}
	if (getrlimit(l->resource, &rl) != 0)
		goto fail;
	if (how & HARD)
		rl.rlim_max = v;
	if (how & SOFT)
		rl.rlim_cur = v;
	if (setrlimit(l->resource, &rl) == 0) {
		fsize_state = 0;
		return 0;
	}
fail:
	sh_warn("ulimit: %s: %s", l->name, strerror(errno));
	return 1;
}

int
ulimit_fsize_limited(void)
{
	if (fsize_state == 0) {
		struct rlimit rl;
		fsize_state = getrlimit(RLIMIT_FSIZE, &rl) == 0 &&
		    rl.rlim_cur == RLIM_INFINITY ? 1 : 2;
	}
	return fsize_state == 2;
}

int
ulimit_builtin(int argc, char **argv)
{
	struct bopt o;
	int c, how = 0, all = 0;
	char what = 'f';
	bopt_init(&o, argv);
	while ((c = bopt_next(&o, "HSatfdscmlpnvwr")) != 0) {
		switch (c) {
		case '?': return 2;
		case 'H': how |= HARD; break;
		case 'S': how |= SOFT; break;
		case 'a': all = 1; break;
		default: what = (char)c; break;   /* the last resource letter wins, as in dash */
		}
	}
	if (find(what)->opt == 0) {
		sh_warn("ulimit: -%c: not supported here", what);
		return 2;
	}
	if (argc - o.idx > 1 || (all && o.idx < argc)) {
		sh_warn("ulimit: too many arguments");
		return 2;
	}
	if (o.idx < argc)
		return set_limit(find(what), how ? how : SOFT | HARD, argv[o.idx]);
	for (const struct limit *l = all ? limits : find(what); l->opt; l++) {
		if (all)
			out_fmt(&out1, "%-20s ", l->name);
		print_limit(l, how);
		if (!all)
			break;
	}
	return 0;
}
