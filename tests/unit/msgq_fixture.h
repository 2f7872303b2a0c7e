/* msgq_fixture.h: what the msgq unit tests share: a private runtime directory and cleanup. */
#ifndef IPC_MSGQ_FIXTURE_H
#define IPC_MSGQ_FIXTURE_H

#include <stddef.h>

/* Points IPC_RUNTIME_DIR at a fresh directory under the test's scratch
 * directory and makes the test remove its queues at exit, even on failure. */
void fixture_init(void);
/* Remembers a queue made by key or id (named ones are found by listing). */
void fixture_track(const char *name);
/* Removes every queue the test made; called at exit too. */
void fixture_cleanup(void);
/* 1 when a queue with these permission bits exists (from /proc/sysvipc/msg). */
int fixture_mode_exists(unsigned mode);
/* 1 when this process may raise a queue above msgmnb (CAP_SYS_RESOURCE). */
int fixture_has_sys_resource(void);
/* The full path of a name's key file. */
const char *fixture_keyfile(const char *name);

#endif
