/* ipcdemo.c: the library half of the quickstart demo: pipes, FIFOs and files used for real, one line per step. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/ipc.h"

#define PROG "ipcdemo"
#define COPY_BYTES (4 << 20)

static long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int
reap(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
fail(const char *what, int err)
{
	return cli_fail(PROG, what, err);
}

/* ---- pipes ---- */

static int
pipe_feed(int fd)
{
	static char chunk[65536];
	for (int i = 0; i < COPY_BYTES / (int)sizeof chunk; i++) {
		memset(chunk, 'a' + i % 26, sizeof chunk);
		if (ipc_pipe_write(fd, chunk, sizeof chunk, 10000) != (ssize_t)sizeof chunk)
			return 1;
	}
	return 0;
}

static int
demo_pipe(const char *dir)
{
	int p[2];
	int e = ipc_pipe_open(p, 0);
	if (e < 0)
		return fail("ipc_pipe_open", e);
	printf("ipc_pipe_open: a pipe, both ends close-on-exec\n");
	int before = ipc_pipe_capacity(p[0]), after = ipc_pipe_set_capacity(p[1], 1 << 20);
	if (before < 0 || after < 0)
		printf("pipe capacity: not adjustable here (%s)\n", ipc_strerror(before < 0 ? before : after));
	else
		printf("ipc_pipe_set_capacity: %d -> %d bytes\n", before, after);
	long t0 = now_ms();
	char buf[16];
	e = (int)ipc_pipe_read(p[0], buf, sizeof buf, 100);
	printf("ipc_pipe_read on an empty pipe with a 100 ms timeout: \"%s\" after %ld ms\n",
	    ipc_strerror(e), now_ms() - t0);

	char out[4096];
	snprintf(out, sizeof out, "%s/copy.out", dir);
	int fd = open(out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(out, -errno);
	pid_t pid = fork();
	if (pid == 0)
		_exit(pipe_feed(p[1]));
	close(p[1]);
	t0 = now_ms();
	ssize_t n = ipc_pipe_copy(p[0], fd, IPC_PIPE_ALL, 10000);
	long ms = now_ms() - t0;
	close(p[0]);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(out);
	if (reap(pid) != 0 || n != COPY_BYTES || size != COPY_BYTES)
		return fail("ipc_pipe_copy", n < 0 ? (int)n : -EIO);
	printf("ipc_pipe_copy: %zd bytes from a child's pipe into a file in %ld ms (splice where the system has it)\n",
	    n, ms);
	return 0;
}

/* ---- FIFOs ---- */

static int
fifo_reader(const char *path)
{
	int fd = ipc_fifo_open_read(path, 0, 5000);
	if (fd < 0)
		return 1;
	char buf[256];
	size_t got = 0;
	ssize_t r;
	while ((r = ipc_pipe_read(fd, buf + got, sizeof buf - 1 - got, 5000)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
	printf("a reader in another process got: %s", buf);
	fflush(stdout);
	close(fd);
	return r < 0 || got == 0;
}

static int
demo_fifo(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/demo.fifo", dir);
	int e = ipc_fifo_create(path, 0600, IPC_FIFO_EXACT);
	if (e < 0)
		return fail(path, e);
	printf("ipc_fifo_create: %s, mode 0600 exactly, whatever the umask\n", path);
	long t0 = now_ms();
	e = ipc_fifo_open_write(path, 0, 200);
	printf("ipc_fifo_open_write with no reader and a 200 ms timeout: \"%s\" after %ld ms, no hang\n",
	    ipc_strerror(e), now_ms() - t0);
	if (e >= 0)
		close(e);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fifo_reader(path));
	int fd = ipc_fifo_open_write(path, 0, 5000);
	if (fd < 0)
		return fail(path, fd);
	const char msg[] = "hello from another process, through the FIFO\n";
	e = (int)ipc_pipe_write(fd, msg, sizeof msg - 1, 5000);
	close(fd);
	int st = reap(pid);
	unlink(path);
	if (e < 0 || st != 0)
		return fail(path, e < 0 ? e : -EIO);
	printf("ipc_fifo_open_write found the reader, which ipc_fifo_open_read had waiting\n");
	return 0;
}

/* ---- files ---- */

static int
appender(const char *path, int who)
{
	int fd = ipc_file_open_append(path, 0600);
	char rec[64];
	for (int i = 0; fd >= 0 && i < 1000; i++) {
		int n = snprintf(rec, sizeof rec, "writer %d record %04d\n", who, i);
		if (ipc_file_append(fd, rec, (size_t)n) != n)
			return 1;
	}
	return fd < 0;
}

static int
count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[128];
	int n = 0;
	while (f && fgets(line, sizeof line, f))
		n += strncmp(line, "writer ", 7) == 0 && line[strlen(line) - 1] == '\n';
	if (f)
		fclose(f);
	return n;
}

static int
demo_appends(const char *rt)
{
	char log[4200];
	snprintf(log, sizeof log, "%s/demo.log", rt);
	unlink(log);
	pid_t a = fork();
	if (a == 0)
		_exit(appender(log, 1));
	pid_t b = fork();
	if (b == 0)
		_exit(appender(log, 2));
	int ok = reap(a) == 0 && reap(b) == 0;
	int lines = count_lines(log);
	unlink(log);
	if (!ok || lines != 2000)
		return fail(log, -EIO);
	printf("ipc_file_append: two processes appended 1000 records each: %d whole records\n", lines);
	return 0;
}

static int
late_publish(const char *path)
{
	usleep(100000);
	return ipc_file_publish(path, "version 2\n", 10, 0600) < 0;
}

static int
demo_file(void)
{
	char rt[4096], path[4200];
	int st = cli_runtime_dir(PROG, rt, sizeof rt);
	if (st != CLI_OK)
		return st;
	snprintf(path, sizeof path, "%s/demo.state", rt);
	int e = ipc_file_publish(path, "version 1\n", 10, 0600);
	if (e < 0)
		return fail(path, e);
	printf("ipc_file_publish: %s in the runtime directory (temp, fsync, rename)\n", path);
	ipc_file_watch *w;
	if ((e = ipc_file_watch_open(path, &w)) < 0)
		return fail(path, e);
	pid_t pid = fork();
	if (pid == 0)
		_exit(late_publish(path));
	long t0 = now_ms();
	e = ipc_file_watch_wait(w, 5000);
	ipc_file_watch_close(w);
	if (e < 0 || reap(pid) != 0)
		return fail(path, e < 0 ? e : -EIO);
	printf("ipc_file_watch_wait: saw another process publish version 2 after %ld ms\n", now_ms() - t0);

	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || (e = ipc_file_lock(fd, IPC_FILE_EXCLUSIVE, 0, 0, 1000)) < 0)
		return fail(path, fd < 0 ? -errno : e);
	pid = fork();
	if (pid == 0) {
		int fd2 = open(path, O_RDWR | O_CLOEXEC);
		_exit(ipc_file_lock(fd2, IPC_FILE_EXCLUSIVE, 0, 0, 150) == -ETIMEDOUT ? 0 : 1);
	}
	st = reap(pid);
	close(fd);
	if (st != 0)
		return fail("ipc_file_lock", -EIO);
	printf("ipc_file_lock: held here, another process gave up after its 150 ms timeout\n");
	e = demo_appends(rt);
	unlink(path);
	return e;
}

int
main(int argc, char **argv)
{
	int st = CLI_USAGE;
	if (argc == 3 && strcmp(argv[1], "pipe") == 0)
		st = demo_pipe(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "fifo") == 0)
		st = demo_fifo(argv[2]);
	else if (argc == 2 && strcmp(argv[1], "file") == 0)
		st = demo_file();
	else
		fprintf(stderr, "usage: %s pipe DIR | fifo DIR | file\n", PROG);
	fflush(stdout);
	return st;
}
