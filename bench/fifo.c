/* fifo.c: `make bench` for FIFOs: libipc's round trip and stream against the raw system calls. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"
#include "duplex.h"
#include "ipc/fifo.h"

static char dir[64];

/* Two FIFOs, one each way: paths[0] parent to child, paths[1] back. */
static int
fifos_prepare(struct transport *t)
{
	for (int i = 0; i < 2; i++) {
		snprintf(t->paths[i], sizeof t->paths[i], "%s/%s", dir, i ? "up" : "down");
		int e = ipc_fifo_create(t->paths[i], 0600, IPC_FIFO_EXACT);
		if (e < 0)
			return e;
	}
	return 0;
}

static int
open_end(const char *path, int writing, int use_ipc)
{
	if (use_ipc)
		return writing ? ipc_fifo_open_write(path, 0, 10000)
		    : ipc_fifo_open_read(path, 0, IPC_FOREVER);
	return open(path, writing ? O_WRONLY : O_RDONLY);
}

/* Parent: write down, then read up; child: read down, then write up. The
 * order matches, so the blocking raw opens pair off without deadlock. The
 * libipc reader waits for the first data, so the child's ends come first. */
static int
fifos_open(struct transport *t, int child, int use_ipc, int *rd, int *wr)
{
	if (child) {
		*rd = open_end(t->paths[0], 0, 0);
		*wr = open_end(t->paths[1], 1, use_ipc);
	} else {
		*wr = open_end(t->paths[0], 1, use_ipc);
		*rd = open_end(t->paths[1], 0, 0);
	}
	return *rd < 0 || *wr < 0 ? -1 : 0;
}

static void
fifos_done(struct transport *t)
{
	unlink(t->paths[0]);
	unlink(t->paths[1]);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/ipc-bench-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	struct transport t = { fifos_prepare, fifos_open, fifos_done, { 0 }, { "", "" } };
	bench_section("FIFOs: libipc against read(2)/write(2); best of 21 alternating rounds, not pinned");
	duplex_report_round_trip("FIFO round trip, 1 byte", &t, &io_ipc, 1);
	duplex_report_round_trip("FIFO round trip, 512 bytes", &t, &io_ipc, 512);
	duplex_report_stream("FIFO stream, 64 KiB writes", &t, 65536, (size_t)256 << 20);
	rmdir(dir);
	return 0;
}
