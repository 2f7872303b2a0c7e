/* port_nats.h: the anchor of the ports benchmark: nats-server and the nats.c client on loopback. */
#ifndef IPC_BENCH_PORT_NATS_H
#define IPC_BENCH_PORT_NATS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Each side runs in a process of its own, forked by the caller before any
 * NATS call (the client library starts threads: a process that used it must
 * not fork). The functions return -1 when NATS is not there.
 */

/* Starts nats-server on a free loopback port; its pid, the URL in url. */
pid_t nats_start(char *url, size_t len, const char *dir);
void nats_stop(pid_t pid);

/* The responder's side: answers n requests on "rr", telling ready first. */
int nats_responder(const char *url, int n, int ready_fd);
/* The requester's side: mean microseconds per request/reply of size bytes. */
double nats_request(const char *url, int n, size_t size);

/* The subscriber: takes n messages on "tp", tells ready, then the time the
 * last one arrived (monotonic ns) on done_fd. */
int nats_subscriber(const char *url, long n, int ready_fd, int done_fd);
/* The publisher: n messages of size bytes; the time it started. */
long long nats_publisher(const char *url, long n, size_t size);

#endif
