/* port_util.h: what the port unit tests share: a private broker per test, raw sockets. */
#ifndef IPC_TEST_PORT_UTIL_H
#define IPC_TEST_PORT_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* What every broker test does first: ignores SIGPIPE (a broker that drops
 * a client must not kill the test) and returns 1 when IPC_PORTD names the
 * portd to run; else reports the test skipped and returns 0. */
int pt_begin(void);
/* Points IPC_RUNTIME_DIR at a fresh directory under the test's scratch
 * directory, so the next connect starts a broker of its own. */
const char *pt_fresh_rundir(const char *tag);
/* The pid in the runtime directory's portd.pid, or 0. */
pid_t pt_broker_pid(void);
/* Stops the broker of the current runtime directory (SIGTERM, then waits
 * for it to be gone); returns 1 when it went by itself within 5 s. */
int pt_stop_broker(void);
/* Runs portd -f with extra options in the current runtime directory and
 * waits until its socket answers; its pid. */
pid_t pt_start_broker(const char *const *opts);
/* A plain connected socket to the broker, for frames the library would
 * never send. */
int pt_raw_connect(void);
/* 1 when the broker closed the raw socket within 2 s (EOF), else 0. */
int pt_closed_by_peer(int fd);
int pt_alive(pid_t pid);

#endif
