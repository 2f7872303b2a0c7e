# tests/local.mk: C unit tests (TAP) in tests/unit, bats tests in tests/*.bats.
noinst_LTLIBRARIES += tests/unit/libtap.la
tests_unit_libtap_la_SOURCES = tests/unit/tap.c tests/unit/tap.h
UNIT_LIBS = tests/unit/libtap.la $(UTIL_LIBS)

dist_check_DATA += tests/helper.bash

UNIT_TESTS = tests/unit/name tests/unit/rundir tests/unit/cli
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_name_LDADD = $(UNIT_LIBS)
tests_unit_rundir_LDADD = $(UNIT_LIBS)
tests_unit_cli_LDADD = $(UNIT_LIBS)

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
