/* portctl.h: what portctl's files share: the parsed command line, waiting, errors. */
#ifndef IPC_PORTCTL_H
#define IPC_PORTCTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* Checks the first operand is a port name and the count of operands is in
 * [min, max] (max -1: any); 0 or the usage status. */
int portctl_need_names(const struct portctl *x, int min, int max);
/* A send right by name, starting its service when it has one: 1 when
 * someone receives, 0 when not, -errno. */
int portctl_look_up(struct portctl *x, const char *name, uint32_t *port);
/* A JSON string of len bytes: UTF-8 as it is, other bytes as \u00XX. */
void portctl_json_str(const void *data, size_t len);
/* The user's or group's name, else its number, in buf. */
const char *portctl_user_name(uid_t uid, char *buf, size_t len);
const char *portctl_group_name(gid_t gid, char *buf, size_t len);

/* Bytes gathered as they come (a stream's pieces, a command's output):
 * start it zeroed, free .p when done. */
struct portctl_buf {
	char *p;
	size_t len, cap;
};
/* Appends len bytes, the room growing by doubling; 0 or -ENOMEM. */
int portctl_buf_add(struct portctl_buf *b, const void *data, size_t len);

/* The verbs, each in the file of its kind. */
int portctl_send(struct portctl *x);       /* portctl_msg.c */
int portctl_recv(struct portctl *x);
int portctl_call(struct portctl *x);
int portctl_create(struct portctl *x);     /* portctl_admin.c */
int portctl_grant(struct portctl *x);
int portctl_lookup(struct portctl *x);
int portctl_ls(struct portctl *x);
int portctl_rm(struct portctl *x);
int portctl_status(struct portctl *x);
int portctl_serve(struct portctl *x, const char *name, char **cmd);   /* portctl_serve.c */

#endif
