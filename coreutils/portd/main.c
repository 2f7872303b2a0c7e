/* main.c: portd, the per-user (or --system) port broker: options, lock, socket, loop. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/port.h"
#include "loop.h"
#include "portd.h"
#include "sys.h"

#define PROG "portd"

static const char usage[] =
"Usage: portd [OPTION]...\n"
"The port broker: one per user, started on demand by the first port client.\n"
"\n"
"  -f, --foreground        stay in the foreground and log to standard error\n"
"      --system            serve every user from /run/ipc/portd.sock\n"
"                          ($IPC_SYSTEM_DIR overrides the directory)\n"
"      --max-frame SIZE    largest frame a client may send (default 1M)\n"
"      --queue-limit SIZE  bytes queued on one port before senders wait (16M)\n"
"      --client-limit SIZE bytes one client may have queued (64M)\n"
"      --max-ports N       ports one client may create (4096)\n"
"      --user-ports N      --system: named ports one user may own (4096)\n"
"      --max-clients N     connections at once (1024)\n"
"      --activate-timeout SECONDS\n"
"                          how long a started service has to take its port (10)\n"
"      --spin MICROSECONDS after a busy turn, look for more work this long\n"
"                          before sleeping (50; 0 never)\n"
"      --help              display this help and exit\n"
"      --version           output version information and exit\n";

/* The self-pipe: the one place a signal handler touches. */
static int sig_write_fd = -1;

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (write(sig_write_fd, &c, 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = saved;
}

int64_t
broker_now_ns(void)
{
	return ipc__now_ns();
}

void
broker_log(const struct broker *b, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	(void)b;
	fprintf(stderr, PROG ": %s\n", line);
}

enum { OPT_SYSTEM = 256, OPT_MAX_FRAME, OPT_QUEUE, OPT_CLIENT, OPT_PORTS,
	OPT_USER_PORTS, OPT_CLIENTS, OPT_ACTIVATE, OPT_SPIN, OPT_HELP, OPT_VERSION };

static const struct cli_option options[] = {
	{ "foreground", 'f', CLI_NOARG },
	{ "system", OPT_SYSTEM, CLI_NOARG },
	{ "max-frame", OPT_MAX_FRAME, CLI_ARG },
	{ "queue-limit", OPT_QUEUE, CLI_ARG },
	{ "client-limit", OPT_CLIENT, CLI_ARG },
	{ "max-ports", OPT_PORTS, CLI_ARG },
	{ "user-ports", OPT_USER_PORTS, CLI_ARG },
	{ "max-clients", OPT_CLIENTS, CLI_ARG },
	{ "activate-timeout", OPT_ACTIVATE, CLI_ARG },
	{ "spin", OPT_SPIN, CLI_ARG },
	{ "help", OPT_HELP, CLI_NOARG },
	{ "version", OPT_VERSION, CLI_NOARG },
	{ 0, 0, 0 },
};

struct opts {
	int foreground, help, version;
};

static int
size_opt(const char *arg, const char *what, size_t min, size_t max, size_t *out)
{
	if (cli_parse_size(arg, out) < 0 || *out < min || *out > max)
		return cli_usage_error(PROG, "invalid %s: '%s'", what, arg);
	return 0;
}

static int
count_opt(const char *arg, const char *what, unsigned *out)
{
	long v;
	if (cli_parse_long(arg, 1, 65535, &v) < 0)
		return cli_usage_error(PROG, "invalid %s: '%s'", what, arg);
	*out = (unsigned)v;
	return 0;
}

static int
parse_one(struct broker *b, struct opts *o, int k, const char *arg)
{
	size_t v;
	int r;
	switch (k) {
	case 'f': o->foreground = 1; return 0;
	case OPT_SYSTEM: b->system = 1; return 0;
	case OPT_MAX_FRAME:
		r = size_opt(arg, "frame size", 4096, IPC__WIRE_MAX, &v);
		b->lim.max_frame = (uint32_t)v;
		return r;
	case OPT_QUEUE: return size_opt(arg, "queue limit", 4096, (size_t)1 << 40, &b->lim.port_bytes);
	case OPT_CLIENT: return size_opt(arg, "client limit", 4096, (size_t)1 << 40, &b->lim.client_bytes);
	case OPT_PORTS: return count_opt(arg, "port count", &b->lim.client_ports);
	case OPT_USER_PORTS: return count_opt(arg, "port count", &b->lim.uid_ports);
	case OPT_CLIENTS: return count_opt(arg, "client count", &b->lim.max_clients);
	case OPT_ACTIVATE:
		if (cli_parse_seconds(arg, &b->lim.activate_ms) < 0 || b->lim.activate_ms == 0)
			return cli_usage_error(PROG, "invalid timeout: '%s'", arg);
		return 0;
	case OPT_SPIN: {
		long us;
		if (cli_parse_long(arg, 0, 1000000, &us) < 0)
			return cli_usage_error(PROG, "invalid spin time: '%s'", arg);
		b->lim.spin_ns = (int64_t)us * 1000;
		return 0;
	}
	case OPT_HELP: o->help = 1; return 0;
	case OPT_VERSION: o->version = 1; return 0;
	case CLI_OPERAND: return cli_usage_error(PROG, "extra operand '%s'", arg);
	default: return CLI_USAGE;
	}
}

static int
parse(struct broker *b, struct opts *o, int argc, char **argv)
{
	struct cli_parser p;
	const char *arg;
	int k;
	cli_parser_init(&p, PROG, argc, argv, 1);
	while ((k = cli_next(&p, options, &arg)) != CLI_END)
		if (parse_one(b, o, k, arg) != 0)
			return CLI_USAGE;
	return 0;
}

static void
defaults(struct broker *b)
{
	b->lim = (struct limits){
		.max_frame = 1u << 20, .port_bytes = 16u << 20, .client_bytes = 64u << 20,
		.client_ports = 4096, .uid_ports = 4096, .max_clients = 1024,
		.ctrl_bytes = 1u << 20, .ring_max = 256u << 20, .client_rings = 64,
		.activate_ms = 10000, .spin_ns = 50000,
	};
	b->listen_fd = -1;
	b->spare_fd = -1;
	b->sig_fd[0] = b->sig_fd[1] = -1;
}

/* ---- where things live ---- */

static int
system_dir(char *dir, size_t len)
{
	int n = ipc_port_dir(IPC_PORT_SYSTEM, dir, len);
	if (n < 0)
		return n;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	struct stat st;
	if (lstat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* Others must be able to reach the socket, never to replace it. */
	if (st.st_uid != geteuid() || (st.st_mode & 022))
		return -EPERM;
	if ((st.st_mode & 0755) != 0755 && chmod(dir, 0755) < 0)
		return -errno;
	return n;
}

static void
services_dir(struct broker *b)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	b->services[0] = '\0';
	if (b->system)
		return;   /* a system broker starts nothing on a user's behalf */
	if (xdg && xdg[0] == '/')
		snprintf(b->services, sizeof b->services, "%s/ipc/services", xdg);
	else if (home && home[0] == '/')
		snprintf(b->services, sizeof b->services, "%s/.config/ipc/services", home);
}

static int
paths(struct broker *b, char *dir, size_t len)
{
	int n = b->system ? system_dir(dir, len) : ipc_port_dir(0, dir, len);
	if (n < 0)
		return n;
	if ((size_t)snprintf(b->sock_path, sizeof b->sock_path, "%s/portd.sock", dir) >=
	    sizeof(((struct sockaddr_un *)0)->sun_path))
		return -ENAMETOOLONG;
	snprintf(b->logdir, sizeof b->logdir, "%s", dir);
	services_dir(b);
	if (gethostname(b->node, sizeof b->node) < 0)
		strcpy(b->node, "localhost");
	b->node[sizeof b->node - 1] = '\0';
	/* Services started from here must find this broker, whatever the
	 * environment of the client that happened to start it. */
	if (!b->system)
		setenv("IPC_RUNTIME_DIR", dir, 1);
	return 0;
}

/* ---- startup ---- */

/* Inherited descriptors (a pipeline's ends, a test harness's) would be held
 * open for the daemon's whole life: close them all. */
static void
close_inherited(int keep)
{
	struct rlimit rl;
	long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
	    ? (long)rl.rlim_cur : 65536;
	if (max > 65536)
		max = 65536;
	for (int fd = 3; fd < max; fd++)
		if (fd != keep)
			close(fd);
}

/* One broker per directory: the lock is held for the broker's life, so two
 * clients racing to start one end with exactly one. Returns the descriptor,
 * -EBUSY with *other set when another broker holds it, or -errno. */
static int
take_lock(const char *dir, pid_t *other)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/portd.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_SETLK, &fl) == 0)
		return fd;
	int e = errno;
	*other = 0;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		*other = fl.l_pid;
	close(fd);
	return e == EAGAIN || e == EACCES ? -EBUSY : -e;
}

static int
write_pid(const char *dir)
{
	char path[4200], text[32];
	snprintf(path, sizeof path, "%s/portd.pid", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
	int e = ipc__write_all(fd, text, (size_t)n);
	close(fd);
	return e;
}

static int
listen_on(struct broker *b)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(b->sock_path) >= sizeof sa.sun_path)
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, b->sock_path, strlen(b->sock_path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* We hold the lock: a socket file here is a dead broker's. */
	unlink(b->sock_path);
	/* The socket is born with its final mode: a client never sees another. */
	mode_t old = umask(b->system ? 0111 : 0177);
	int e = bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ? -errno : 0;
	umask(old);
	if (e == 0 && chmod(b->sock_path, b->system ? 0666 : 0600) < 0)
		e = -errno;
	if (e == 0 && listen(fd, SOMAXCONN) < 0)
		e = -errno;
	struct stat st;
	if (e == 0 && lstat(b->sock_path, &st) < 0)
		e = -errno;
	if (e < 0) {
		close(fd);
		return e;
	}
	b->listen_fd = fd;
	b->sock_ino = st.st_ino;
	b->sock_dev = st.st_dev;
	return 0;
}

static int
signals(struct broker *b)
{
	if (pipe2(b->sig_fd, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	sig_write_fd = b->sig_fd[1];
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGCHLD };
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* ---- the loop ---- */

static char listen_tag, signal_tag;

static void
on_signals(struct broker *b)
{
	unsigned char sig[64];
	ssize_t n;
	while ((n = read(b->sig_fd[0], sig, sizeof sig)) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (sig[i] == SIGCHLD)
				activate_reap(b);
			else
				b->stop = 1;
		}
}

static void
on_event(struct broker *b, const struct loop_event *ev)
{
	if (ev->ptr == &listen_tag) {
		client_accept(b);
	} else if (ev->ptr == &signal_tag) {
		on_signals(b);
	} else {
		struct client *c = ev->ptr;
		if (ev->events & (LOOP_IN | LOOP_ERR))
			client_readable(b, c);
		if ((ev->events & LOOP_OUT) && !c->dead)
			client_writable(b, c);
	}
}

/* How often portd checks that its socket is still its own. */
#define WATCH_MS 3000

/* A broker whose socket was removed (the runtime directory cleaned up at
 * logout, a test's scratch directory deleted) or replaced can never be
 * reached again: it leaves rather than linger. */
static void
watch_socket(struct broker *b, int64_t *next)
{
	int64_t now = broker_now_ns();
	if (now < *next)
		return;
	*next = now + (int64_t)WATCH_MS * 1000000;
	struct stat st;
	if (lstat(b->sock_path, &st) < 0 || st.st_ino != b->sock_ino || st.st_dev != b->sock_dev) {
		broker_log(b, "%s is gone: leaving", b->sock_path);
		b->stop = 1;
	}
}

/* The next events. After a turn with work, more usually follows within
 * microseconds (a request's reply, the next of a burst), and waking from
 * sleep costs more than that on these machines (an idle core halts): so
 * look again, yielding the core to anyone runnable, for lim.spin_ns
 * before sleeping in the kernel. */
static int
wait_events(struct broker *b, struct loop_event *ev, int timeout)
{
	int64_t until = b->busy_ns + b->lim.spin_ns;
	int n = 0;
	while (timeout != 0 && broker_now_ns() < until && (n = loop_wait(b->loop, ev, 64, 0)) == 0)
		sched_yield();
	if (n == 0)
		n = loop_wait(b->loop, ev, 64, timeout);
	if (n > 0)
		b->busy_ns = broker_now_ns();
	return n;
}

/* Every turn: handle the events, let paused senders go on, then write what
 * the turn produced, many frames per write. */
static int
run(struct broker *b)
{
	struct loop_event ev[64];
	int64_t next_watch = broker_now_ns() + (int64_t)WATCH_MS * 1000000;
	while (!b->stop) {
		int timeout = b->resume ? 0 : activate_next_ms(b);
		if (timeout < 0 || timeout > WATCH_MS)
			timeout = WATCH_MS;
		int n = wait_events(b, ev, timeout);
		if (n < 0 && n != -EINTR)
			return n;
		for (int i = 0; i < n; i++)
			on_event(b, &ev[i]);
		activate_expire(b);
		client_resume_paused(b);
		client_flush_dirty(b);
		client_reap(b);
		watch_socket(b, &next_watch);
	}
	return 0;
}

static int
setup(struct broker *b)
{
	int e = loop_new(&b->loop);
	b->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (e == 0)
		e = ports_init(b);
	if (e == 0)
		e = signals(b);
	if (e == 0)
		e = loop_add(b->loop, b->listen_fd, &listen_tag, LOOP_IN);
	if (e == 0)
		e = loop_add(b->loop, b->sig_fd[0], &signal_tag, LOOP_IN);
	return e;
}

static void
teardown(struct broker *b, const char *dir)
{
	char path[4200];
	client_close_all(b);
	ports_free(b);
	activate_free(b);
	loop_free(b->loop);
	if (b->listen_fd >= 0) {
		struct stat st;
		close(b->listen_fd);
		/* Only our own: a successor may already have bound a new one. */
		if (lstat(b->sock_path, &st) == 0 && st.st_ino == b->sock_ino &&
		    st.st_dev == b->sock_dev) {
			unlink(b->sock_path);
			snprintf(path, sizeof path, "%s/portd.pid", dir);
			unlink(path);
		}
	}
	if (b->sig_fd[0] >= 0) {
		close(b->sig_fd[0]);
		close(b->sig_fd[1]);
	}
	if (b->spare_fd >= 0)
		close(b->spare_fd);
}

/* ---- daemon ---- */

/* The parent waits for the child's word, so whoever started portd knows the
 * socket answers (or why not) when portd returns. */
static int
detach(int *report)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		unsigned char st = CLI_FAIL;
		close(p[1]);
		if (ipc__read_full(p[0], &st, 1) != 1)
			st = CLI_FAIL;
		close(p[0]);
		return 1 + st;
	}
	close(p[0]);
	setsid();
	*report = p[1];
	return 0;
}

static void
report(int *fd, unsigned char status)
{
	if (*fd >= 0) {
		ipc__write_all(*fd, &status, 1);
		close(*fd);
		*fd = -1;
	}
}

static void
quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

static int
serve(struct broker *b, const char *dir, int foreground, int *rep)
{
	pid_t other = 0;
	int lock = take_lock(dir, &other);
	if (lock == -EBUSY) {
		report(rep, CLI_OK);   /* a broker is there: that is what was wanted */
		if (foreground)
			cli_error(PROG, b->sock_path, "another portd (pid %ld) serves it",
			    (long)other);
		return foreground ? CLI_FAIL : CLI_OK;
	}
	int e = lock < 0 ? lock : listen_on(b);
	if (e == 0)
		e = setup(b);
	if (e == 0)
		e = write_pid(dir);
	if (e < 0) {
		report(rep, (unsigned char)cli_status_of(e));
		cli_fail(PROG, b->sock_path, e);
		teardown(b, dir);
		if (lock >= 0)
			close(lock);
		return cli_status_of(e);
	}
	b->pid = getpid();
	b->uid = geteuid();
	b->start_ns = broker_now_ns();
	if (!foreground)
		quiet_stdio();
	report(rep, CLI_OK);
	e = run(b);
	if (e < 0)
		broker_log(b, "event loop failed: %s", ipc_strerror(e));
	teardown(b, dir);
	close(lock);
	return e < 0 ? CLI_FAIL : CLI_OK;
}

int portd_main(int argc, char **argv);

int
portd_main(int argc, char **argv)
{
	struct broker b;
	struct opts o = { 0, 0, 0 };
	memset(&b, 0, sizeof b);
	defaults(&b);
	if (parse(&b, &o, argc, argv) != 0)
		return CLI_USAGE;
	if (o.help) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (o.version) {
		cli_version(PROG);
		return CLI_OK;
	}
	b.uid = geteuid();
	char dir[4096];
	int e = paths(&b, dir, sizeof dir);
	if (e < 0)
		return cli_fail(PROG, b.system ? "system directory" : "runtime directory", e);
	fflush(stdout);
	close_inherited(-1);
	int rep = -1;
	if (!o.foreground && (e = detach(&rep)) != 0)
		return e < 0 ? cli_fail(PROG, NULL, e) : e - 1;
	return serve(&b, dir, o.foreground, &rep);
}

int
main(int argc, char **argv)
{
	return cli_standalone(argc, argv, portd_main);
}
