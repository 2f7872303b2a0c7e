/* duplex.h: round-trip and stream drivers over a pair of byte channels, for the pipe and FIFO benchmarks. */
#ifndef IPC_BENCH_DUPLEX_H
#define IPC_BENCH_DUPLEX_H

#include <stddef.h>
#include <sys/types.h>

/* How bytes move: the raw system calls, or libipc's calls on the same fds. */
struct io {
	ssize_t (*rd)(int fd, void *buf, size_t len);
	ssize_t (*wr)(int fd, const void *buf, size_t len);
};
extern const struct io io_raw, io_ipc, io_ipc_timed;

/*
 * A pair of channels between a parent and its child: prepare makes the
 * kernel objects before the fork, open gives each side its read and write
 * ends after it (child = 1 in the child), done removes what prepare made.
 * use_ipc says whether the ends are opened through libipc.
 */
struct transport {
	int (*prepare)(struct transport *t);
	int (*open)(struct transport *t, int child, int use_ipc, int *rd, int *wr);
	void (*done)(struct transport *t);
	int fds[4];
	char paths[2][256];
};

/* One report row: the best round trip of msg bytes through ours against
 * the raw calls, both processes left to the scheduler (never pinned). */
void duplex_report_round_trip(const char *what, struct transport *t,
    const struct io *ours, size_t msg);
/* One report row: the best throughput of total bytes in chunk-sized writes
 * from parent to child, libipc against the raw calls. */
void duplex_report_stream(const char *what, struct transport *t, size_t chunk,
    size_t total);

#endif
