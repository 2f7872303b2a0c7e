/* port_nats_none.c: configure found no libnats: the ports benchmark runs without its anchor. */
#include <config.h>

#include <stddef.h>

#include "port_nats.h"

pid_t nats_start(char *url, size_t len, const char *dir) { (void)url, (void)len, (void)dir; return -1; }
void nats_stop(pid_t pid) { (void)pid; }
int nats_responder(const char *url, int n, int fd) { (void)url, (void)n, (void)fd; return -1; }
double nats_request(const char *url, int n, size_t size) { (void)url, (void)n, (void)size; return -1; }
int nats_subscriber(const char *url, long n, int a, int b) { (void)url, (void)n, (void)a, (void)b; return -1; }
long long nats_publisher(const char *url, long n, size_t size) { (void)url, (void)n, (void)size; return -1; }
