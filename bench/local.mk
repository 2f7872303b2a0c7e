# bench/local.mk: `make bench` builds the benchmark programs and runs them all,
# printing each figure beside its anchor as a ratio, in one run.
noinst_LTLIBRARIES += bench/libbench.la
bench_libbench_la_SOURCES = bench/bench.c bench/bench.h
BENCH_LIBS = bench/libbench.la $(UTIL_LIBS)

# Each benchmark program adds itself here (built only by `make bench`).
BENCH_BINS =
EXTRA_PROGRAMS += $(BENCH_BINS)
CLEANFILES += $(BENCH_BINS)
dist_noinst_SCRIPTS += bench/run

# `all` first, then the programs: in parallel, `all` (a sub-make) and the
# programs would build the same libraries at once.
bench: all
	@$(MAKE) $(AM_MAKEFLAGS) $(BENCH_BINS)
	@$(SHELL) $(srcdir)/bench/run $(BENCH_BINS)
.PHONY: bench

# The shell's builtins in tight loops: read (file vs pipe) and printf.
BENCH_BINS += bench/bltin
bench_bltin_SOURCES = bench/bltin.c
bench_bltin_LDADD = bench/libbench.la sh/libsh.la $(UTIL_LIBS)

# msgq
BENCH_BINS += bench/msgq
bench_msgq_SOURCES = bench/msgq.c
bench_msgq_LDADD = $(BENCH_LIBS)
# shared memory: update->wake latency and 1 MiB write throughput
BENCH_BINS += bench/shm
bench_shm_LDADD = $(BENCH_LIBS)

# channels: latency and throughput beside a pipe and a bare shm+futex ring
BENCH_BINS += bench/chan
bench_chan_SOURCES = bench/chan.c
bench_chan_LDADD = $(BENCH_LIBS)

# Pipes and FIFOs: libipc's round trip, stream and copy against the raw calls.
noinst_LTLIBRARIES += bench/libduplex.la
bench_libduplex_la_SOURCES = bench/duplex.c bench/duplex.h
BENCH_BINS += bench/pipe bench/fifo
bench_pipe_LDADD = bench/libduplex.la $(BENCH_LIBS)
bench_fifo_LDADD = bench/libduplex.la $(BENCH_LIBS)

# The interactive shell's start: loading a 10,000-entry history.
BENCH_BINS += bench/history
bench_history_SOURCES = bench/history.c
bench_history_LDADD = bench/libbench.la sh/libsh.la $(UTIL_LIBS)

# The shell workloads (bench/sh/run.sh, called by bench/run) and their helper.
include bench/sh/local.mk

# ports (issue 8): portd next to nats-server + nats.c, and the floors.
BENCH_BINS += bench/port
bench_port_SOURCES = bench/port.c bench/port_nats.h
if HAVE_NATS
bench_port_SOURCES += bench/port_nats.c
bench_port_CFLAGS = $(AM_CFLAGS) $(NATS_CFLAGS)
bench_port_LDADD = $(BENCH_LIBS) $(NATS_LIBS)
else
bench_port_SOURCES += bench/port_nats_none.c
bench_port_LDADD = $(BENCH_LIBS)
endif
EXTRA_DIST += bench/port_nats.c bench/port_nats_none.c
