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
