/* port_nats.c: the NATS side of the ports benchmark (nats-server + nats.c, SendAsap). */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nats/nats.h>

#include "bench.h"
#include "port_nats.h"

static int
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ntohs(sa.sin_port);
}

static int
answers(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* The server allows 1 MiB payloads and more (its default is 1 MB). */
pid_t
nats_start(char *url, size_t len, const char *dir)
{
	int port = free_port();
	char conf[4096];
	snprintf(conf, sizeof conf, "%s/nats.conf", dir);
	FILE *f = fopen(conf, "w");
	if (port < 0 || f == NULL)
		return -1;
	fprintf(f, "listen: 127.0.0.1:%d\nmax_payload: 4MB\nmax_pending: 1GB\n", port);
	fclose(f);
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execlp("nats-server", "nats-server", "-c", conf, (char *)NULL);
		execl("/usr/sbin/nats-server", "nats-server", "-c", conf, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && pid > 0; i++) {
		if (answers(port)) {
			snprintf(url, len, "nats://127.0.0.1:%d", port);
			return pid;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		usleep(10000);
	}
	nats_stop(pid);
	return -1;
}

void
nats_stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

/* Latency is measured with SendAsap: without it the client waits up to a
 * millisecond to batch each write. */
static natsConnection *
connect_to(const char *url, int asap)
{
	natsOptions *o = NULL;
	natsConnection *nc = NULL;
	natsStatus st;
	/* A busy machine may take more than the default 2 s to connect. */
	if (natsOptions_Create(&o) != NATS_OK || natsOptions_SetURL(o, url) != NATS_OK ||
	    natsOptions_SetTimeout(o, 20000) != NATS_OK ||
	    natsOptions_SetSendAsap(o, asap) != NATS_OK ||
	    (st = natsConnection_Connect(&nc, o)) != NATS_OK) {
		fprintf(stderr, "bench: nats: %s\n", nats_GetLastError(&st));
		nc = NULL;
	}
	natsOptions_Destroy(o);
	return nc;
}

static void
tell(int fd, const void *v, size_t len)
{
	if (write(fd, v, len) != (ssize_t)len)
		_exit(1);
}

int
nats_responder(const char *url, int n, int ready_fd)
{
	natsConnection *nc = connect_to(url, 1);
	natsSubscription *sub = NULL;
	natsStatus st = NATS_OK;
	if (nc == NULL || (st = natsConnection_SubscribeSync(&sub, nc, "rr")) != NATS_OK ||
	    (st = natsConnection_Flush(nc)) != NATS_OK) {
		fprintf(stderr, "bench: nats responder: %s\n", natsStatus_GetText(st));
		return -1;
	}
	tell(ready_fd, "r", 1);
	for (int i = 0; i < n; i++) {
		natsMsg *m = NULL;
		if ((st = natsSubscription_NextMsg(&m, sub, 10000)) != NATS_OK) {
			fprintf(stderr, "bench: nats responder %d: %s\n", i, natsStatus_GetText(st));
			return -1;
		}
		natsConnection_Publish(nc, natsMsg_GetReply(m), natsMsg_GetData(m),
		    natsMsg_GetDataLength(m));
		natsMsg_Destroy(m);
	}
	natsSubscription_Destroy(sub);
	natsConnection_Destroy(nc);
	nats_Close();
	return 0;
}

double
nats_request(const char *url, int n, size_t size)
{
	natsConnection *nc = connect_to(url, 1);
	char *data = calloc(1, size);
	if (nc == NULL || data == NULL)
		return -1;
	int64_t t0 = 0;
	for (int i = 0; i < n; i++) {
		if (i == n / 10)
			t0 = bench_now_ns();   /* the first tenth warms up */
		natsMsg *r = NULL;
		natsStatus st = natsConnection_Request(&r, nc, "rr", data, (int)size, 10000);
		if (st != NATS_OK) {
			fprintf(stderr, "bench: nats request %d: %s\n", i, natsStatus_GetText(st));
			return -1;
		}
		natsMsg_Destroy(r);
	}
	double us = (double)(bench_now_ns() - t0) / 1000.0 / (n - n / 10);
	free(data);
	natsConnection_Destroy(nc);
	nats_Close();
	return us;
}

int
nats_subscriber(const char *url, long n, int ready_fd, int done_fd)
{
	natsConnection *nc = connect_to(url, 0);
	natsSubscription *sub = NULL;
	if (nc == NULL || natsConnection_SubscribeSync(&sub, nc, "tp") != NATS_OK ||
	    natsSubscription_SetPendingLimits(sub, -1, -1) != NATS_OK ||
	    natsConnection_Flush(nc) != NATS_OK)
		return -1;
	tell(ready_fd, "r", 1);
	long long t = 0;
	for (long i = 0; i < n; i++) {
		natsMsg *m = NULL;
		if (natsSubscription_NextMsg(&m, sub, 20000) != NATS_OK)
			break;
		natsMsg_Destroy(m);
		if (i == n - 1)
			t = bench_now_ns();
	}
	tell(done_fd, &t, sizeof t);
	natsSubscription_Destroy(sub);
	natsConnection_Destroy(nc);
	nats_Close();
	return 0;
}

/* Throughput is measured the way NATS is fastest: batched writes. */
long long
nats_publisher(const char *url, long n, size_t size)
{
	natsConnection *nc = connect_to(url, 0);
	char *data = calloc(1, size);
	if (nc == NULL || data == NULL)
		return -1;
	long long t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (natsConnection_Publish(nc, "tp", data, (int)size) != NATS_OK)
			return -1;
	natsConnection_FlushTimeout(nc, 60000);
	free(data);
	natsConnection_Destroy(nc);
	nats_Close();
	return t0;
}
