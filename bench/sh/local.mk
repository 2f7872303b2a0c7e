# bench/sh/local.mk: the shell workloads, run by bench/sh/run.sh under the
# build tree's ipcsh and under dash (bench/run calls it after the C programs).
BENCH_SH_HELPERS = bench/sh/timecmd
EXTRA_PROGRAMS += $(BENCH_SH_HELPERS)
CLEANFILES += $(BENCH_SH_HELPERS)
bench_sh_timecmd_SOURCES = bench/sh/timecmd.c
bench_sh_timecmd_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench
bench_sh_timecmd_LDADD = $(BENCH_LIBS) -lm
bench: $(BENCH_SH_HELPERS)

BENCH_SH_WORKLOADS = \
	bench/sh/arith.sh bench/sh/assign.sh bench/sh/case.sh \
	bench/sh/cmdsub-builtin.sh bench/sh/cmdsub-func.sh bench/sh/fork-exec.sh \
	bench/sh/func.sh bench/sh/glob.sh bench/sh/heredoc.sh \
	bench/sh/pipeline.sh bench/sh/printf.sh bench/sh/read-file.sh \
	bench/sh/read-pipe.sh bench/sh/split.sh bench/sh/strings.sh
EXTRA_DIST += $(BENCH_SH_WORKLOADS)
dist_noinst_SCRIPTS += bench/sh/run.sh
