# tests/local.mk: C unit tests (TAP) in tests/unit, bats tests in tests/*.bats.
noinst_LTLIBRARIES += tests/unit/libtap.la
tests_unit_libtap_la_SOURCES = tests/unit/tap.c tests/unit/tap.h \
	tests/unit/testutil.c tests/unit/testutil.h
UNIT_LIBS = tests/unit/libtap.la $(UTIL_LIBS)

dist_check_DATA += tests/helper.bash

UNIT_TESTS = tests/unit/name tests/unit/rundir tests/unit/cli \
	tests/unit/pipe tests/unit/fifo tests/unit/file
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_name_LDADD = $(UNIT_LIBS)
tests_unit_rundir_LDADD = $(UNIT_LIBS)
tests_unit_cli_LDADD = $(UNIT_LIBS)
tests_unit_pipe_LDADD = $(UNIT_LIBS)
tests_unit_fifo_LDADD = $(UNIT_LIBS)
tests_unit_file_LDADD = $(UNIT_LIBS)

# The shell's standalone builtins (sh/bltin/), run in-process and against dash.
BLTIN_TESTS = tests/unit/bltin-echo tests/unit/bltin-printf tests/unit/bltin-test \
	tests/unit/bltin-read tests/unit/bltin-getopts tests/unit/bltin-misc \
	tests/unit/bltin-cd
UNIT_TESTS += $(BLTIN_TESTS)
BLTIN_TEST_SOURCES = tests/unit/bltin-run.c tests/unit/bltin-run.h
BLTIN_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DDASH_PATH='"$(DASH)"'
BLTIN_TEST_LIBS = sh/libsh.la $(UNIT_LIBS)
tests_unit_bltin_echo_SOURCES = tests/unit/bltin-echo.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_echo_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_echo_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_printf_SOURCES = tests/unit/bltin-printf.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_printf_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_printf_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_test_SOURCES = tests/unit/bltin-test.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_test_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_test_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_read_SOURCES = tests/unit/bltin-read.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_read_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_read_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_getopts_SOURCES = tests/unit/bltin-getopts.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_getopts_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_getopts_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_misc_SOURCES = tests/unit/bltin-misc.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_misc_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_misc_LDADD = $(BLTIN_TEST_LIBS)
tests_unit_bltin_cd_SOURCES = tests/unit/bltin-cd.c $(BLTIN_TEST_SOURCES)
tests_unit_bltin_cd_CPPFLAGS = $(BLTIN_TEST_CPPFLAGS)
tests_unit_bltin_cd_LDADD = $(BLTIN_TEST_LIBS)

# msgq
MSGQ_FIXTURE = tests/unit/msgq_fixture.c tests/unit/msgq_fixture.h
MSGQ_UNIT_TESTS = tests/unit/msgq tests/unit/msgq_io tests/unit/msgq_ctl tests/unit/msgq_stress \
	tests/unit/msgq_main
check_PROGRAMS += $(MSGQ_UNIT_TESTS)
TESTS += $(MSGQ_UNIT_TESTS)
tests_unit_msgq_SOURCES = tests/unit/msgq.c $(MSGQ_FIXTURE)
tests_unit_msgq_LDADD = $(UNIT_LIBS)
tests_unit_msgq_io_SOURCES = tests/unit/msgq_io.c $(MSGQ_FIXTURE)
tests_unit_msgq_io_LDADD = $(UNIT_LIBS)
tests_unit_msgq_ctl_SOURCES = tests/unit/msgq_ctl.c $(MSGQ_FIXTURE)
tests_unit_msgq_ctl_LDADD = $(UNIT_LIBS)
tests_unit_msgq_stress_SOURCES = tests/unit/msgq_stress.c $(MSGQ_FIXTURE)
tests_unit_msgq_stress_LDADD = $(UNIT_LIBS)
tests_unit_msgq_main_SOURCES = tests/unit/msgq_main.c $(MSGQ_FIXTURE)
tests_unit_msgq_main_LDADD = $(UNIT_LIBS)
MSGQ_BATS = tests/msgq.bats tests/msgq-interop.bats tests/msgq-perm.bats tests/msgq-kill.bats
TESTS += $(MSGQ_BATS)
EXTRA_DIST += $(MSGQ_BATS)

# shared memory: the API through the library (built with configure's wake
# backend), and the portable condition-variable backend built into its own
# copy, so both stay compiled and tested.
SHM_UNIT_TESTS = tests/unit/shm tests/unit/shm_sync tests/unit/shm_sync_cond
check_PROGRAMS += $(SHM_UNIT_TESTS)
TESTS += $(SHM_UNIT_TESTS)
tests_unit_shm_LDADD = $(UNIT_LIBS)
tests_unit_shm_sync_LDADD = $(UNIT_LIBS)
tests_unit_shm_sync_cond_SOURCES = tests/unit/shm_sync.c $(SHM_SOURCES) libipc/shm_wake_cond.c
tests_unit_shm_sync_cond_CFLAGS = $(AM_CFLAGS)
tests_unit_shm_sync_cond_LDADD = $(UNIT_LIBS)

# shmctl's bats tests: a counter command for `shmctl lock`, and a driver that
# calls shmctl_main in a loop the way ipcsh runs builtins
check_PROGRAMS += tests/helpers/shm_incr tests/helpers/shm_lockloop
# shm_incr is exec'd 20,000 times: built from its own copy of the library
# sources without sanitizers (whose start-up costs ~14 ms a process) and
# statically where possible (no dynamic loader), so the run stays seconds.
tests_helpers_shm_incr_SOURCES = tests/helpers/shm_incr.c $(SHM_SOURCES) $(SHM_WAKE) \
	libipc/sys.c libipc/name.c libipc/error.c
tests_helpers_shm_incr_CFLAGS = $(WARN_CFLAGS) $(PTHREAD_CFLAGS)
if STATIC_LINK
tests_helpers_shm_incr_LDFLAGS = -all-static $(PTHREAD_CFLAGS)
else
tests_helpers_shm_incr_LDFLAGS = $(PTHREAD_CFLAGS)
endif
tests_helpers_shm_lockloop_LDADD = $(UTIL_LIBS)
SHMCTL_BATS = tests/shmctl.bats tests/shmctl-errors.bats tests/shmctl-wait.bats \
	tests/shmctl-lock.bats
TESTS += $(SHMCTL_BATS) tests/shm-valgrind.sh
dist_check_SCRIPTS += $(SHMCTL_BATS) tests/shm-valgrind.sh
CLEANFILES += tests/unit/*.valgrind.log

# The POSIX shell conformance cases (tests/posix), run against ipcsh and dash.
POSIX_CASES = \
	tests/posix/2.02-quoting.cases \
	tests/posix/2.03-token-recognition.cases \
	tests/posix/2.04-reserved-words.cases \
	tests/posix/2.05-parameters-variables.cases \
	tests/posix/2.06.1-tilde.cases \
	tests/posix/2.06.2-parameter-expansion.cases \
	tests/posix/2.06.3-command-substitution.cases \
	tests/posix/2.06.4-arithmetic.cases \
	tests/posix/2.06.5-field-splitting.cases \
	tests/posix/2.06.6-pathname-expansion.cases \
	tests/posix/2.06.7-quote-removal.cases \
	tests/posix/2.07-redirection.cases \
	tests/posix/2.07.4-here-documents.cases \
	tests/posix/2.08-exit-status-errors.cases \
	tests/posix/2.09.1-simple-commands.cases \
	tests/posix/2.09.2-pipelines.cases \
	tests/posix/2.09.3-lists.cases \
	tests/posix/2.09.4-compound-commands.cases \
	tests/posix/2.09.5-functions.cases \
	tests/posix/2.10-grammar.cases \
	tests/posix/2.11-signals-traps.cases \
	tests/posix/2.12-execution-environment.cases \
	tests/posix/2.13-pattern-matching.cases \
	tests/posix/2.14-special-builtins.cases \
	tests/posix/set-options.cases \
	tests/posix/util-alias.cases \
	tests/posix/util-cd.cases \
	tests/posix/util-command.cases \
	tests/posix/util-echo.cases \
	tests/posix/util-getopts.cases \
	tests/posix/util-hash.cases \
	tests/posix/util-jobs.cases \
	tests/posix/util-kill.cases \
	tests/posix/util-printf.cases \
	tests/posix/util-pwd.cases \
	tests/posix/util-read.cases \
	tests/posix/util-sh.cases \
	tests/posix/util-test.cases \
	tests/posix/util-true-false.cases \
	tests/posix/util-type.cases \
	tests/posix/util-ulimit.cases \
	tests/posix/util-umask.cases \
	tests/posix/util-wait.cases
EXTRA_DIST += tests/posix/README tests/posix/run tests/posix/split.awk \
	$(POSIX_CASES) tests/posix-ipcsh.sh tests/posix-dash.sh
TESTS += tests/posix-ipcsh.sh tests/posix-dash.sh

# channels: the API and stress tests run against both event backends: the
# one configure picked (in libipc) and the portable condvar one, built here
# from the same sources so it stays compiled and tested on Linux too.
noinst_LTLIBRARIES += tests/unit/libchan-condvar.la
tests_unit_libchan_condvar_la_SOURCES = $(CHAN_SOURCES) libipc/chan_condvar.c \
	libipc/barrier_fence.c
tests_unit_libchan_condvar_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
CHAN_UNIT = tests/unit/chan tests/unit/chan-type tests/unit/chan-stress \
	tests/unit/chan-condvar tests/unit/chan-stress-condvar
check_PROGRAMS += $(CHAN_UNIT)
TESTS += $(CHAN_UNIT)
tests_unit_chan_SOURCES = tests/unit/chan.c tests/unit/chantest.h
tests_unit_chan_LDADD = $(UNIT_LIBS)
tests_unit_chan_type_LDADD = $(UNIT_LIBS)
tests_unit_chan_stress_SOURCES = tests/unit/chan-stress.c tests/unit/chantest.h
tests_unit_chan_stress_LDADD = $(UNIT_LIBS)
tests_unit_chan_condvar_SOURCES = $(tests_unit_chan_SOURCES)
tests_unit_chan_condvar_CPPFLAGS = $(AM_CPPFLAGS) -DCHAN_TEST_CONDVAR
tests_unit_chan_condvar_LDADD = tests/unit/libchan-condvar.la $(UNIT_LIBS)
tests_unit_chan_stress_condvar_SOURCES = $(tests_unit_chan_stress_SOURCES)
tests_unit_chan_stress_condvar_CPPFLAGS = $(AM_CPPFLAGS) -DCHAN_TEST_CONDVAR
tests_unit_chan_stress_condvar_LDADD = tests/unit/libchan-condvar.la $(UNIT_LIBS)

# chan: the utility
CHAN_BATS = tests/chan.bats tests/chan-types.bats tests/chan-close.bats
dist_check_DATA += $(CHAN_BATS)
TESTS += $(CHAN_BATS)

# The quickstart demo: every mechanism built so far, used for real (TAP, so
# make check keeps it working). ipcdemo is built by `make` for ./quickstart.
noinst_PROGRAMS += tests/demo/ipcdemo
tests_demo_ipcdemo_LDADD = $(UTIL_LIBS)
dist_noinst_SCRIPTS += tests/demo/demo.sh
TESTS += tests/demo/demo.sh

# bats tests: each case is one TAP line through the harness.
BATS_TESTS = tests/mkfifo.bats tests/runtime-dir.bats
TESTS += $(BATS_TESTS)
dist_check_DATA += $(BATS_TESTS)

# The interactive shell in a real terminal (tmux), for both line editors.
BATS_TESTS += tests/ipcsh-interactive.bats
dist_check_DATA += tests/interactive.bash

# The history file: its format, concurrent appends while it is cut back.
UNIT_TESTS += tests/unit/histfile
tests_unit_histfile_LDADD = sh/libsh.la $(UNIT_LIBS)

# The parser fuzzing harness and its replay test.
include tests/fuzz/local.mk

# ipcsh itself: invocation, errors, IPC builtins in-process, and regressions
# from the sanitizer and valgrind sweep.
SH_BATS = tests/sh-invocation.bats tests/sh-errors.bats tests/sh-ipc.bats \
	tests/sh-regress.bats tests/sh-valgrind.bats
TESTS += $(SH_BATS)
dist_check_SCRIPTS += $(SH_BATS)

# ports (issue 8): codec unit tests, and the frame decoder's hostile corpus
# replayed through its fuzz target on every `make check`. `make fuzz-ports`
# builds the libFuzzer target (clang, as for fuzz-parser), `make
# fuzz-ports-run` fuzzes for FUZZ_TIME seconds from the corpus.
PORT_UNIT_TESTS = tests/unit/port_wire tests/fuzz/ports-replay
check_PROGRAMS += $(PORT_UNIT_TESTS)
TESTS += $(PORT_UNIT_TESTS)
tests_unit_port_wire_LDADD = $(UNIT_LIBS)
tests_fuzz_ports_replay_SOURCES = tests/fuzz/ports-replay.c tests/fuzz/port_frame.c
tests_fuzz_ports_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests/unit
tests_fuzz_ports_replay_LDADD = $(UNIT_LIBS)
EXTRA_DIST += tests/fuzz/corpus-ports

FUZZ_PORTS_SRCS = tests/fuzz/port_frame.c libipc/port_wire.c libipc/crc32c.c \
	libipc/name.c $(CRC32C_HW_SRC)
FUZZ_PORTS_WORK = tests/fuzz/work-ports
tests/fuzz/fuzz-ports: $(FUZZ_PORTS_SRCS:%=$(srcdir)/%) config.h
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_FLAGS) -I$(top_builddir) -I$(srcdir)/libipc \
	    -I$(srcdir)/libipc/include -include config.h -o $@ $(FUZZ_PORTS_SRCS:%=$(srcdir)/%)
fuzz-ports: tests/fuzz/fuzz-ports
# The corpus is hex text (reviewable); libFuzzer wants the bytes.
fuzz-ports-run: tests/fuzz/fuzz-ports
	@mkdir -p $(FUZZ_PORTS_WORK)
	@for f in $(srcdir)/tests/fuzz/corpus-ports/*.hex; do \
	    sed 's/#.*//' "$$f" | xxd -r -p > "$(FUZZ_PORTS_WORK)/$$(basename "$$f" .hex)"; \
	done
	tests/fuzz/fuzz-ports $(FUZZ_RUN_FLAGS) -artifact_prefix=tests/fuzz/ $(FUZZ_PORTS_WORK)
CLEANFILES += tests/fuzz/fuzz-ports
.PHONY: fuzz-ports fuzz-ports-run

# ports (issue 8): portd for real, each test with a private runtime directory
# and so a broker of its own, stopped at its end.
AM_TESTS_ENVIRONMENT += IPC_PORTD='$(abs_top_builddir)/coreutils/portd/portd'; export IPC_PORTD;
noinst_LTLIBRARIES += tests/unit/libporttest.la
tests_unit_libporttest_la_SOURCES = tests/unit/port_util.c tests/unit/port_util.h
PORT_BROKER_TESTS = tests/unit/port_broker tests/unit/port_stress tests/unit/port_rights
check_PROGRAMS += $(PORT_BROKER_TESTS)
TESTS += $(PORT_BROKER_TESTS)
tests_unit_port_broker_LDADD = tests/unit/libporttest.la $(UNIT_LIBS)
tests_unit_port_stress_LDADD = tests/unit/libporttest.la $(UNIT_LIBS)
if HAVE_MEMFD
PORT_BROKER_TESTS += tests/unit/port_large
endif
tests_unit_port_large_LDADD = tests/unit/libporttest.la $(UNIT_LIBS)
tests_unit_port_rights_LDADD = tests/unit/libporttest.la $(UNIT_LIBS)
TESTS += tests/unit/port_poll_broker.sh tests/unit/port_poll_stress.sh
dist_check_SCRIPTS += tests/unit/port_poll_broker.sh tests/unit/port_poll_stress.sh

# ports (issue 8): bats tests of portctl and portd, and a client that forges
# its identity for them.
check_PROGRAMS += tests/port_forge
tests_port_forge_LDADD = $(UTIL_LIBS)
PORT_BATS = tests/portctl.bats tests/portctl-rights.bats tests/portctl-activation.bats \
	tests/portctl-large.bats tests/portd.bats
TESTS += $(PORT_BATS)
dist_check_SCRIPTS += $(PORT_BATS)
