/* port_forge.c: a test client that lies: it sends a message whose frame claims uid 0, gid 0, pid 1. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/core.h"
#include "ipc/port.h"
#include "port_wire.h"

/* Usage: port_forge [--system] NAME MESSAGE. The frame is written straight
 * to the connection's socket, past the library; then a sync asks portd
 * whether it took it. Exits with portctl's statuses. */
int
main(int argc, char **argv)
{
	int sys = argc > 1 && strcmp(argv[1], "--system") == 0;
	if (argc != 3 + sys) {
		fprintf(stderr, "usage: port_forge [--system] NAME MESSAGE\n");
		return CLI_USAGE;
	}
	const char *name = argv[1 + sys], *msg = argv[2 + sys];
	ipc_port_conn *c;
	uint32_t port;
	int e = ipc_port_connect(&c, sys ? IPC_PORT_SYSTEM : 0, 5000);
	if (e < 0)
		return cli_fail("port_forge", "portd", e);
	if ((e = ipc_port_lookup(c, name, 0, 5000, &port)) < 0) {
		ipc_port_disconnect(c);
		return cli_fail("port_forge", name, e);
	}
	uint8_t frame[4096];
	struct ipc__frame f = { .kind = IPC__K_MESSAGE, .dst = port, .type = 99,
	    .uid = 0, .gid = 0, .pid = 1, .cookie = 1 };
	size_t n = ipc__wire_encode(frame, &f, msg, (uint32_t)strlen(msg));
	e = write(ipc_port_fd(c), frame, n) == (ssize_t)n ? ipc_port_sync(c, 5000) : -errno;
	ipc_port_disconnect(c);
	return e < 0 ? cli_fail("port_forge", name, e) : 0;
}
