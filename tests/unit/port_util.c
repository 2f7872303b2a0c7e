/* port_util.c: a private broker per test, started and stopped for real. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "port_util.h"
#include "tap.h"

static void
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Every runtime directory a test made, so that whatever happens to the test
 * (a failed check, a sanitizer's abort) its brokers are stopped. */
static char dirs[32][256];
static int ndirs;

static pid_t
pid_in(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/portd.pid", dir);
	FILE *f = fopen(path, "r");
	long pid = 0;
	if (f != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

static void
stop_all(void)
{
	for (int i = 0; i < ndirs; i++) {
		pid_t pid = pid_in(dirs[i]);
		if (pid > 0)
			kill(pid, SIGTERM);
	}
}

static void
on_crash(int sig)
{
	stop_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

int
pt_begin(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (getenv("IPC_PORTD") != NULL)
		return 1;
	tap_skip(1, "IPC_PORTD is not set: run through make check");
	return 0;
}

const char *
pt_fresh_rundir(const char *tag)
{
	if (ndirs == 0) {
		atexit(stop_all);
		signal(SIGABRT, on_crash);
		signal(SIGSEGV, on_crash);
		signal(SIGBUS, on_crash);
	}
	char *dir = dirs[ndirs < 32 ? ndirs++ : 31];
	snprintf(dir, sizeof dirs[0], "%s/%s", tap_tmpdir(), tag);
	mkdir(dir, 0700);
	setenv("IPC_RUNTIME_DIR", dir, 1);
	return dir;
}

pid_t
pt_broker_pid(void)
{
	return pid_in(getenv("IPC_RUNTIME_DIR"));
}

int
pt_alive(pid_t pid)
{
	/* A zombie is gone for our purposes. */
	char path[64], state = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
		state = 0;
	fclose(f);
	return state != 0 && state != 'Z';
}

int
pt_stop_broker(void)
{
	pid_t pid = pt_broker_pid();
	if (pid <= 0 || !pt_alive(pid))
		return 1;
	kill(pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		waitpid(pid, NULL, WNOHANG);
		if (!pt_alive(pid))
			return 1;
		nap_ms(10);
	}
	kill(pid, SIGKILL);
	return 0;
}

static int
dial(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/portd.sock", getenv("IPC_RUNTIME_DIR"));
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

pid_t
pt_start_broker(const char *const *opts)
{
	const char *portd = getenv("IPC_PORTD");
	pid_t pid = fork();
	if (pid == 0) {
		const char *argv[16] = { "portd", "-f" };
		int n = 2;
		for (; opts && *opts && n < 15; opts++)
			argv[n++] = *opts;
		argv[n] = NULL;
		/* Not the test's output: a broker left behind would keep the
		 * harness waiting for its end of file. */
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(portd, (char **)argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		int fd = dial();
		if (fd >= 0) {
			close(fd);
			return pid;
		}
		nap_ms(10);
	}
	return pid;
}

int
pt_raw_connect(void)
{
	return dial();
}

int
pt_closed_by_peer(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[4096];
	for (int i = 0; i < 200; i++) {
		if (poll(&p, 1, 10) > 0) {
			ssize_t n = read(fd, buf, sizeof buf);
			if (n == 0 || (n < 0 && errno == ECONNRESET))
				return 1;
		}
	}
	return 0;
}
