/* msgq_main.c: unit tests of msgq run in-process as an ipcsh builtin: signals, state, descriptors. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"
#include "utilities.h"

/* The shell's side of cli_pending_signal: this strong definition replaces
 * the standalone programs' weak one, as ipcsh's does. */
static volatile sig_atomic_t caught;
static int stop_for_signals;

int
cli_pending_signal(void)
{
	return stop_for_signals ? caught : 0;
}

static void
on_alarm(int sig)
{
	caught = sig;
}

static void
alarm_in(int ms)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	caught = 0;
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static char out_path[512];

/* Runs msgq with the words of a command line, standard output to a file
 * read back into out; returns the status. */
static int
run(char *out, size_t len, const char *line)
{
	char copy[256], *argv[16];
	int argc = 0;
	snprintf(copy, sizeof copy, "msgq %s", line);
	for (char *w = strtok(copy, " "); w && argc < 15; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(stdout);
	int saved = dup(1);
	int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	int st = msgq_main(argc, argv);
	fflush(stdout);   /* as the shell does after each builtin */
	dup2(saved, 1);
	close(saved);
	FILE *f = fopen(out_path, "r");
	size_t n = f ? fread(out, 1, len - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	return st;
}

static long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
count_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

static void
test_signals(void)
{
	char out[256];
	run(out, sizeof out, "create q");

	stop_for_signals = 1;
	alarm_in(100);
	is(run(out, sizeof out, "recv q"), 128 + SIGALRM,
	    "a signal the shell stops for ends a blocking recv with 128+n");
	alarm_in(100);
	is(run(out, sizeof out, "recv --timeout 5 q"), 128 + SIGALRM, "and a timed one");

	stop_for_signals = 0;
	alarm_in(100);
	long t0 = now_ms();
	is(run(out, sizeof out, "recv --timeout 0.4 q"), CLI_NOTHING,
	    "a signal it does not stop for: recv waits on, then times out");
	ok(now_ms() - t0 >= 400, "after the whole timeout");
	ok(caught == SIGALRM, "the signal did come");

	run(out, sizeof out, "create --max-bytes 4 full");
	run(out, sizeof out, "send full abcd");
	stop_for_signals = 1;
	alarm_in(100);
	is(run(out, sizeof out, "send full more"), 128 + SIGALRM, "a blocking send stops for it too");
	is(run(out, sizeof out, "recv --all full"), 0, "and sent nothing:");
	is_str(out, "abcd\n", "only the first message is there");
	stop_for_signals = 0;
}

static void
test_no_state_between_calls(void)
{
	char out[256];
	run(out, sizeof out, "send -t 3 q one two");
	is(run(out, sizeof out, "recv --print-type q"), 0, "recv with --print-type");
	is_str(out, "3\tone\n", "prints the type");
	is(run(out, sizeof out, "recv q"), 0, "the next call without it");
	is_str(out, "two\n", "does not");
	is(run(out, sizeof out, "recv --bogus q"), CLI_USAGE, "a bad option");
	run(out, sizeof out, "send q three");
	is(run(out, sizeof out, "recv q"), 0, "leaves nothing behind for the next call");
	is_str(out, "three\n", "which works");
}

static void
test_descriptors(void)
{
	char out[256];
	int before = count_fds();
	static const char *lines[] = {
		"create d", "send d a b c", "recv -n 2 d", "stat d", "stat --json d",
		"ls", "ls --json", "recv --nowait -t 9 d", "send nosuch x", "create d",
		"rm d nosuch", "--help", "--version", "recv -n x d",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		run(out, sizeof out, lines[i]);
	is(count_fds(), before, "no descriptor is left open by any verb, failing or not");
}

int
main(void)
{
	fixture_init();
	snprintf(out_path, sizeof out_path, "%s/out", tap_tmpdir());
	test_signals();
	test_no_state_between_calls();
	test_descriptors();
	fixture_cleanup();
	return tap_done();
}
