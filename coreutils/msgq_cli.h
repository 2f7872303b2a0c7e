/* msgq_cli.h: what the msgq utility's files share: parsed arguments, verbs, messages. */
#ifndef IPC_MSGQ_CLI_H
#define IPC_MSGQ_CLI_H

#include <stddef.h>
#include <sys/types.h>

#include "cli.h"
#include "ipc/msgq.h"

#define MSGQ_PROG "msgq"

/* Everything the command line said, for one call. */
struct msgq_args {
	mode_t mode;            /* create: default 0600 */
	size_t max_bytes;       /* create: 0 keeps the system default */
	long type;              /* send: default 1; recv: default 0 */
	long count;             /* recv: default 1 */
	int all;                /* recv --all */
	int timeout_ms;         /* IPC_FOREVER unless --nowait or --timeout */
	int timeout_given;      /* --timeout or --nowait was given */
	int print_type;         /* recv --print-type */
	enum cli_split split;   /* lines, -0 or --raw */
	int json;               /* stat, ls --json */
	char **operands;        /* the QUEUE and MESSAGE operands, in order */
	int noperands;
};

/* The verbs; each returns the exit status. */
int msgq_create(const struct msgq_args *a);
int msgq_send(const struct msgq_args *a);
int msgq_recv(const struct msgq_args *a);
int msgq_stat(const struct msgq_args *a);
int msgq_ls(const struct msgq_args *a);
int msgq_rm(const struct msgq_args *a);

/*
 * "msgq: QUEUE: reason" in msgq's words for a libipc error, and its exit
 * status. Only the messages that need numbers (sizes, counts) are written
 * by the verbs themselves.
 */
int msgq_fail(const char *queue, int err);

/* Opens QUEUE, reporting failure; 0 or the exit status. */
int msgq_open(const char *queue, ipc_msgq **q);

/* After -EINTR from a wait: 128 + the signal to stop for, or 0 to go on. */
int msgq_interrupted(void);

#endif
