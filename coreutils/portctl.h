/* portctl.h: what portctl's files share: the parsed command line, waiting, errors. */
#ifndef IPC_PORTCTL_H
#define IPC_PORTCTL_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "ipc/port.h"

#define PORTCTL "portctl"

struct portctl {
	const char *verb;
	const char **args;         /* operands after the verb */
	int nargs;
	int system, nowait, json, all, nostart, public;
	int timeout_ms;            /* -1: forever */
	enum cli_split split;
	long count;                /* -n, or -1 */
	uint32_t type;
	int rights, who;
	unsigned id;
	ipc_port_conn *c;
	int64_t deadline_ns;       /* from timeout_ms, for calls that repeat */
};

/* Milliseconds left of the command's timeout: -1 forever, 0 when past. */
int portctl_left(const struct portctl *x);
/* A library call returned -EINTR: 128 + the signal when the caller should
 * stop (a builtin's Ctrl-C), 0 when it should call again. */
int portctl_interrupted(void);
/* One line on stderr for err about object; the exit status. */
int portctl_fail(const struct portctl *x, const char *object, int err);
int portctl_connect(struct portctl *x, int flags);

/* portctl_serve.c */
int portctl_serve(struct portctl *x, const char *name, char **cmd);

#endif
