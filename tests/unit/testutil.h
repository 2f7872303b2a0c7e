/* testutil.h: what several unit tests need besides TAP: signals, children, clocks. */
#ifndef IPC_TESTUTIL_H
#define IPC_TESTUTIL_H

#include <stdint.h>
#include <sys/types.h>

/* Delivers SIGALRM (to a handler that does nothing, without SA_RESTART)
 * after ms milliseconds, so a blocking call returns EINTR. 0 cancels. */
void tu_interrupt_after_ms(int ms);
/* Milliseconds since t0 (from tu_now_ms). */
int64_t tu_now_ms(void);
/* Waits for pid; its exit status, or 128 + signal, or -1. */
int tu_wait(pid_t pid);
/* Runs fn(arg) in a child that exits with fn's return value; the pid. */
pid_t tu_spawn(int (*fn)(void *), void *arg);

#endif
