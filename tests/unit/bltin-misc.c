/* bltin-misc.c: umask, ulimit, kill, times, true and false, against dash where it can judge. */
#include <config.h>

#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bltin-run.h"
#include "builtins.h"
#include "signames.h"
#include "tap.h"

/* ---- umask ---- */

/* After `umask 022; umask SPEC`: "status|octal|symbolic" (and "!" on a message). */
static const char *
umask_after(const char *spec)
{
	static char buf[128];
	struct cap set, oct, sym;
	char *v_set[] = { "umask", (char *)spec, NULL };
	char *v_oct[] = { "umask", NULL };
	char *v_sym[] = { "umask", "-S", NULL };
	umask(022);
	cap_builtin(&set, umask_builtin, v_set, NULL);
	cap_builtin(&oct, umask_builtin, v_oct, NULL);
	cap_builtin(&sym, umask_builtin, v_sym, NULL);
	snprintf(buf, sizeof buf, "%d%s|%s|%s", set.status, set.errlen ? "!" : "", oct.out, sym.out);
	cap_free(&set);
	cap_free(&oct);
	cap_free(&sym);
	return buf;
}

static const char *
dash_umask_after(const char *spec)
{
	static char buf[128];
	char *v[] = { DASH_PATH, "-c",
	    "umask 022; umask \"$1\" 2>/dev/null; s=$?; o=$(umask); S=$(umask -S); "
	    "printf '%s|%s\\n|%s\\n' $s \"$o\" \"$S\"", "dash", (char *)spec, NULL };
	struct cap c;
	if (cap_dash(&c, v, NULL) < 0)
		return NULL;
	snprintf(buf, sizeof buf, "%s", c.out);
	cap_free(&c);
	return buf;
}

static void
umask_case(const char *spec, const char *want)
{
	char got[128];
	snprintf(got, sizeof got, "%s", umask_after(spec));
	is_str(got, want, "umask %s", spec);
	const char *d = dash_umask_after(spec);
	if (d == NULL) {
		tap_skip(1, "dash not found");
		return;
	}
	/* dash's status and messages differ only in wording: compare values */
	char ours[128];
	snprintf(ours, sizeof ours, "%s", got);
	char *bang = strchr(ours, '!');
	if (bang != NULL)
		memmove(bang, bang + 1, strlen(bang));
	is_str(ours, d, "  ... as dash");
}

static void
test_umask(void)
{
	mode_t saved = umask(022);
	umask_case("027", "0|0027\n|u=rwx,g=rx,o=\n");
	umask_case("0", "0|0000\n|u=rwx,g=rwx,o=rwx\n");
	umask_case("777", "0|0777\n|u=,g=,o=\n");
	umask_case("u=rwx,g=rx,o=", "0|0027\n|u=rwx,g=rx,o=\n");
	umask_case("g+w", "0|0002\n|u=rwx,g=rwx,o=rx\n");
	umask_case("a-x", "0|0133\n|u=rw,g=r,o=r\n");
	umask_case("o=u", "0|0020\n|u=rwx,g=rx,o=rwx\n");
	umask_case("=", "0|0777\n|u=,g=,o=\n");
	umask_case("+x", "0|0022\n|u=rwx,g=rx,o=rx\n");
	umask_case("=rx", "0|0222\n|u=rx,g=rx,o=rx\n");
	umask_case("u-w,g=,o+w", "0|0270\n|u=rx,g=,o=rwx\n");
	umask_case("go=X", "0|0066\n|u=rwx,g=x,o=x\n");
	umask_case("u=rwxs", "0|0022\n|u=rwx,g=rx,o=rx\n");
	umask_case("u=rws", "0|0122\n|u=rw,g=rx,o=rx\n");
	/* errors: the mask stays */
	umask_case("8", "2!|0022\n|u=rwx,g=rx,o=rx\n");
	umask_case("u=q", "2!|0022\n|u=rwx,g=rx,o=rx\n");
	/* where we are stricter than dash (it takes these, oddly) */
	is_str(umask_after("u=rw,"), "2!|0022\n|u=rwx,g=rx,o=rx\n", "umask u=rw,: a bad mask");
	is_str(umask_after("12345"), "2!|0022\n|u=rwx,g=rx,o=rx\n", "umask 12345: out of range");
	EXPECT(umask_builtin, 2, "", "ipcsh: umask: too many arguments\n", "umask", "0777", "2");
	EXPECT(umask_builtin, 2, "", "ipcsh: umask: -x: invalid option\n", "umask", "-x");
	EXPECT(umask_builtin, 2, "", "ipcsh: umask: u=q: invalid mask\n", "umask", "u=q");
	umask(022);
	EXPECT(umask_builtin, 0, "", "", "umask", "-S", "077");
	EXPECT(umask_builtin, 0, "0077\n", "", "umask");
	umask(saved);
}

/* ---- ulimit ---- */

/* Under valgrind this process sees (and may set) other open-file limits
 * than the kernel gives it, so dash, a child, cannot agree with us there:
 * /proc/self/limits tells the kernel's view. */
static int
nofile_virtualized(void)
{
	FILE *f = fopen("/proc/self/limits", "r");
	char line[256];
	unsigned long long soft = 0;
	int found = 0;
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "Max open files %llu", &soft) == 1)
			found = 1;
	if (f != NULL)
		fclose(f);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	return found && soft != (unsigned long long)rl.rlim_cur;
}

static void
test_ulimit_print(void)
{
	DASH_CASE(ulimit_builtin, "ulimit");
	if (nofile_virtualized()) {
		tap_skip(5, "open-file limits are virtualized here (valgrind?)");
	} else {
		DASH_CASE(ulimit_builtin, "ulimit", "-a");
		DASH_CASE(ulimit_builtin, "ulimit", "-H", "-a");
		DASH_CASE(ulimit_builtin, "ulimit", "-S", "-a");
		DASH_CASE(ulimit_builtin, "ulimit", "-n");
		DASH_CASE(ulimit_builtin, "ulimit", "-Hn");
	}
	DASH_CASE(ulimit_builtin, "ulimit", "-c");
	DASH_CASE(ulimit_builtin, "ulimit", "-s");
	DASH_CASE(ulimit_builtin, "ulimit", "-t");
	DASH_CASE(ulimit_builtin, "ulimit", "-d");
	DASH_CASE(ulimit_builtin, "ulimit", "-v");
	DASH_CASE(ulimit_builtin, "ulimit", "-f");
	DASH_CASE(ulimit_builtin, "ulimit", "-n", "-c");
	DASH_CASE(ulimit_builtin, "ulimit", "-f", "1", "2");
	DASH_CASE(ulimit_builtin, "ulimit", "-a", "5");
	DASH_CASE(ulimit_builtin, "ulimit", "-f", "abc");
	DASH_CASE(ulimit_builtin, "ulimit", "-x");
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	char want[64];
	snprintf(want, sizeof want, "%llu\n", (unsigned long long)rl.rlim_cur);
	EXPECT(ulimit_builtin, 0, want, "", "ulimit", "-n");
	EXPECT(ulimit_builtin, 2, "", "ipcsh: ulimit: abc: bad number\n", "ulimit", "-f", "abc");
	EXPECT(ulimit_builtin, 2, "", "ipcsh: ulimit: too many arguments\n", "ulimit", "-f", "1", "2");
}

static void
test_ulimit_set(void)
{
	struct rlimit saved, rl;
	getrlimit(RLIMIT_NOFILE, &saved);
	EXPECT(ulimit_builtin, 0, "", "", "ulimit", "-S", "-n", "100");
	getrlimit(RLIMIT_NOFILE, &rl);
	is((long long)rl.rlim_cur, 100, "ulimit -S -n 100 sets the soft limit");
	ok(rl.rlim_max == saved.rlim_max, "  and leaves the hard one");
	EXPECT(ulimit_builtin, 0, "100\n", "", "ulimit", "-n");
	setrlimit(RLIMIT_NOFILE, &saved);

	getrlimit(RLIMIT_CORE, &saved);
	EXPECT(ulimit_builtin, 0, "", "", "ulimit", "-S", "-c", "4");
	getrlimit(RLIMIT_CORE, &rl);
	is((long long)rl.rlim_cur, 4 * 512, "ulimit -c counts 512-byte blocks");
	setrlimit(RLIMIT_CORE, &saved);

	/* without -H or -S both limits move (in a child: hard limits only go down) */
	if (nofile_virtualized()) {
		tap_skip(1, "open-file limits are virtualized here (valgrind?)");
	} else {
		pid_t pid = fork();
		if (pid == 0) {
			char *v[] = { "ulimit", "-n", "64", NULL };
			int st = ulimit_builtin(3, v);
			getrlimit(RLIMIT_NOFILE, &rl);
			_exit(st == 0 && rl.rlim_cur == 64 && rl.rlim_max == 64 ? 0 : 1);
		}
		int st;
		waitpid(pid, &st, 0);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ulimit -n 64 sets soft and hard limits");
	}

	getrlimit(RLIMIT_NOFILE, &saved);
	if (saved.rlim_max == RLIM_INFINITY) {
		tap_skip(1, "no finite hard limit on open files");
	} else {
		char big[32];
		snprintf(big, sizeof big, "%llu", (unsigned long long)saved.rlim_max + 1);
		char *v[] = { "ulimit", "-S", "-n", big, NULL };
		struct cap c;
		cap_builtin(&c, ulimit_builtin, v, NULL);
		ok(c.status == 1 && strstr(c.err, "ulimit: nofiles: ") != NULL,
		    "a soft limit above the hard one: status 1 and why");
		cap_free(&c);
	}
	setrlimit(RLIMIT_NOFILE, &saved);
}

/* ---- kill ---- */

/* A child waiting for signals in a process group of its own. */
static pid_t
child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	return pid;
}

/* The signal that ended pid (reaped), or -1 if it is still running. */
static int
ended_by(pid_t pid)
{
	int st;
	for (int i = 0; i < 200; i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		usleep(10000);
	}
	return -1;
}

static void
kill_with(const char *what, char **argv, int pidpos, int want_sig)
{
	pid_t pid = child();
	char num[24];
	snprintf(num, sizeof num, "%s%d", pidpos < 0 ? "-" : "", (int)pid);
	argv[pidpos < 0 ? -pidpos : pidpos] = num;
	struct cap c;
	cap_builtin(&c, kill_builtin, argv, NULL);
	is(c.status, 0, "kill %s: status 0", what);
	is(ended_by(pid), want_sig, "  the child got %s", sig_name(want_sig));
	cap_free(&c);
}

static pid_t stub_job;

/* The job table's function, as the shell will provide it: %1 is stub_job. */
int
jobs_kill(const char *spec, int sig)
{
	if (strcmp(spec, "%1") == 0 && stub_job > 0)
		return kill(-stub_job, sig) == 0 ? 0 : errno;
	return strcmp(spec, "%x") == 0 ? -EINVAL : -ESRCH;
}

static void
test_kill_send(void)
{
	kill_with("-s USR1", (char *[]){ "kill", "-s", "USR1", NULL, NULL }, 3, SIGUSR1);
	kill_with("-s usr2", (char *[]){ "kill", "-s", "usr2", NULL, NULL }, 3, SIGUSR2);
	kill_with("-sHUP", (char *[]){ "kill", "-sHUP", NULL, NULL }, 2, SIGHUP);
	kill_with("-9", (char *[]){ "kill", "-9", NULL, NULL }, 2, SIGKILL);
	kill_with("-KILL", (char *[]){ "kill", "-KILL", NULL, NULL }, 2, SIGKILL);
	kill_with("-int", (char *[]){ "kill", "-int", NULL, NULL }, 2, SIGINT);
	kill_with("-SIGQUIT", (char *[]){ "kill", "-SIGQUIT", NULL, NULL }, 2, SIGQUIT);
	kill_with("-RTMIN+1", (char *[]){ "kill", "-RTMIN+1", NULL, NULL }, 2, SIGRTMIN + 1);
	kill_with("PID (TERM)", (char *[]){ "kill", NULL, NULL }, 1, SIGTERM);
	kill_with("-- PID", (char *[]){ "kill", "--", NULL, NULL }, 2, SIGTERM);
	kill_with("-s TERM -- -PGID", (char *[]){ "kill", "-s", "TERM", "--", NULL, NULL }, -4,
	    SIGTERM);
	kill_with("-HUP -- -PGID", (char *[]){ "kill", "-HUP", "--", NULL, NULL }, -3, SIGHUP);

	pid_t pid = child();
	char num[24];
	snprintf(num, sizeof num, "%d", (int)pid);
	EXPECT(kill_builtin, 0, "", "", "kill", "-0", num);
	EXPECT(kill_builtin, 0, "", "", "kill", "-s", "0", num);
	EXPECT(kill_builtin, 2, "", "ipcsh: kill: abc: arguments must be process or job IDs\n",
	    "kill", num, "abc");
	usleep(50000);
	ok(waitpid(pid, NULL, WNOHANG) == 0, "a bad operand anywhere: nothing is sent");
	stub_job = pid;
	EXPECT(kill_builtin, 0, "", "", "kill", "-s", "USR1", "%1");
	is(ended_by(pid), SIGUSR1, "kill %%1 signals the job's process group");
	stub_job = 0;
	EXPECT(kill_builtin, 1, "", "ipcsh: kill: %9: no such job\n", "kill", "%9");
	EXPECT(kill_builtin, 1, "", "ipcsh: kill: %x: ambiguous or bad job spec\n", "kill", "%x");

	/* a pid that just ended and was reaped names no process */
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	snprintf(num, sizeof num, "%d", (int)pid);
	char want[96];
	snprintf(want, sizeof want, "ipcsh: kill: %d: No such process\n", (int)pid);
	EXPECT(kill_builtin, 1, "", want, "kill", num);
}

static void
test_kill_usage(void)
{
	DASH_CASE(kill_builtin, "kill");
	DASH_CASE(kill_builtin, "kill", "-s");
	DASH_CASE(kill_builtin, "kill", "-s", "FOO", "1");
	DASH_CASE(kill_builtin, "kill", "-FOO", "1");
	DASH_CASE(kill_builtin, "kill", "-9");
	DASH_CASE(kill_builtin, "kill", "abc");
	DASH_CASE(kill_builtin, "kill", "-s", "INT");
	EXPECT(kill_builtin, 2, "", "ipcsh: kill: FOO: invalid signal\n", "kill", "-s", "FOO", "1");
	EXPECT(kill_builtin, 2, "", "ipcsh: kill: 99: invalid signal\n", "kill", "-99", "1");
	EXPECT(kill_builtin, 2, "",
	    "ipcsh: kill: usage: kill [-s sigspec | -signum | -sigspec] pid|%job ... "
	    "or kill -l [exitstatus]\n", "kill");
}

static void
test_kill_list(void)
{
	DASH_CASE(kill_builtin, "kill", "-l", "130");
	DASH_CASE(kill_builtin, "kill", "-l", "9");
	DASH_CASE(kill_builtin, "kill", "-l", "1");
	DASH_CASE(kill_builtin, "kill", "-l", "15");
	DASH_CASE(kill_builtin, "kill", "-l", "143");
	DASH_CASE(kill_builtin, "kill", "-l", "192");
	DASH_CASE(kill_builtin, "kill", "-l", "64");
	DASH_CASE(kill_builtin, "kill", "-l", "50");
	DASH_CASE(kill_builtin, "kill", "-l", "128");
	DASH_CASE(kill_builtin, "kill", "-l", "300");
	DASH_CASE(kill_builtin, "kill", "-l", "abc");
	EXPECT(kill_builtin, 0, "2\n", "", "kill", "-l", "INT");
	EXPECT(kill_builtin, 0, "HUP\nINT\n9\n", "", "kill", "-l", "1", "130", "sigkill");
	/* 0 is the EXIT condition, as bash and trap name it (dash refuses it) */
	EXPECT(kill_builtin, 0, "EXIT\n", "", "kill", "-l", "0");

	/* the whole list: dash's, less its numbers for nameless signals */
	char *v[] = { "kill", "-l", NULL };
	struct cap us, them;
	cap_builtin(&us, kill_builtin, v, NULL);
	ok(strncmp(us.out, "HUP\nINT\nQUIT\n", 13) == 0, "kill -l starts HUP INT QUIT");
	ok(strstr(us.out, "\nRTMIN\nRTMIN+1\n") != NULL && strstr(us.out, "\nRTMAX-1\nRTMAX\n"),
	    "  and names the real-time signals as dash does");
	if (cap_dash(&them, v, NULL) < 0) {
		tap_skip(1, "dash not found");
	} else {
		char names[4096] = "";
		for (char *line = strtok(them.out, "\n"); line; line = strtok(NULL, "\n"))
			if (line[0] < '0' || line[0] > '9')
				strcat(strcat(names, line), "\n");
		char ours[4096] = "";
		for (char *line = strtok(us.out, "\n"); line; line = strtok(NULL, "\n"))
			if (strcmp(line, "STKFLT") != 0)   /* dash has no name for it */
				strcat(strcat(ours, line), "\n");
		is_str(ours, names, "  the names, in dash's order");
		cap_free(&them);
	}
	cap_free(&us);
}

static void
test_signames(void)
{
	is(sig_number("INT"), SIGINT, "sig_number INT");
	is(sig_number("int"), SIGINT, "sig_number int");
	is(sig_number("SIGint"), SIGINT, "sig_number SIGint");
	is(sig_number("2"), 2, "sig_number 2");
	is(sig_number("EXIT"), 0, "sig_number EXIT");
	is(sig_number("0"), 0, "sig_number 0");
	is(sig_number("IOT"), SIGABRT, "sig_number IOT (an alias)");
	is(sig_number("CLD"), SIGCHLD, "sig_number CLD");
	is(sig_number("RTMIN"), SIGRTMIN, "sig_number RTMIN");
	is(sig_number("rtmax-2"), SIGRTMAX - 2, "sig_number rtmax-2");
	is(sig_number("RTMIN+99"), -1, "sig_number RTMIN+99");
	is(sig_number("RTMIN-1"), -1, "sig_number RTMIN-1");
	is(sig_number("FOO"), -1, "sig_number FOO");
	is(sig_number("65"), sig_max() >= 65 ? 65 : -1, "sig_number past the last");
	is(sig_number("2x"), -1, "sig_number 2x");
	is_str(sig_name(SIGKILL), "KILL", "sig_name 9");
	is_str(sig_name(SIGABRT), "ABRT", "sig_name of an aliased number: the canonical name");
	is_str(sig_name(0), "EXIT", "sig_name 0");
	is_str(sig_name(SIGRTMIN + 3), "RTMIN+3", "sig_name RTMIN+3");
	is_str(sig_name(SIGRTMAX - 3), "RTMAX-3", "sig_name RTMAX-3");
	is(sig_max(), NSIG - 1, "sig_max");
	int all = 1;
	for (int i = 1; i <= sig_max(); i++)
		if (sig_name(i) != NULL && sig_number(sig_name(i)) != i)
			all = 0;
	ok(all, "every name maps back to its number");
}

/* ---- times, true, false ---- */

static void
burn(double seconds)
{
	struct rusage ru;
	volatile unsigned long x = 0;
	do {
		for (int i = 0; i < 1000000; i++)
			x += (unsigned long)i;
		getrusage(RUSAGE_SELF, &ru);
	} while (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 < seconds);
}

static void
test_times(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		burn(0.05);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	char *v[] = { "times", NULL };
	struct cap c;
	cap_builtin(&c, times_builtin, v, NULL);
	regex_t re;
	regcomp(&re, "^[0-9]+m[0-9]+\\.[0-9]{6}s [0-9]+m[0-9]+\\.[0-9]{6}s\n"
	    "[0-9]+m[0-9]+\\.[0-9]{6}s [0-9]+m[0-9]+\\.[0-9]{6}s\n$", REG_EXTENDED);
	ok(c.status == 0 && regexec(&re, c.out, 0, NULL, 0) == 0, "times prints two lines of NmS.SSSSSSs");
	double cu = -1;
	char *second = strchr(c.out, '\n');
	int m = 0;
	if (second != NULL && sscanf(second + 1, "%dm%lfs", &m, &cu) == 2)
		cu += 60 * m;
	ok(cu >= 0.05, "  the children's user time counts a child that burnt 0.05 s (%f)", cu);
	cap_free(&c);
	struct cap d;
	if (cap_dash(&d, v, NULL) < 0) {
		tap_skip(1, "dash not found");
	} else {
		ok(regexec(&re, d.out, 0, NULL, 0) == 0, "  dash prints the same shape");
		cap_free(&d);
	}
	regfree(&re);
	EXPECT(true_builtin, 0, "", "", "true");
	EXPECT(true_builtin, 0, "", "", "true", "--help", "x");
	EXPECT(false_builtin, 1, "", "", "false");
	EXPECT(false_builtin, 1, "", "", "false", "x");
}

int
main(void)
{
	run_init();
	test_umask();
	test_ulimit_print();
	test_ulimit_set();
	test_signames();
	test_kill_send();
	test_kill_usage();
	test_kill_list();
	test_times();
	return tap_done();
}
