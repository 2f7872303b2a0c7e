# coreutils/local.mk: the utilities, each one file `int NAME_main(int, char **)`
# in libcoreutils (linked into ipcsh as builtins) plus a standalone binary.
noinst_LTLIBRARIES += coreutils/libcoreutils.la
coreutils_libcoreutils_la_SOURCES = \
	coreutils/cli.c coreutils/cli.h \
	coreutils/mode.c \
	coreutils/quote.c coreutils/quote.h

UTIL_LIBS = coreutils/libcoreutils.la libipc/libipc-core.la

# A utility NAME adds itself like this (its main is NAME_main in coreutils/NAME.c,
# declared in coreutils/utilities.h):
#   coreutils_libcoreutils_la_SOURCES += coreutils/NAME.c
#   bin_PROGRAMS += coreutils/NAME
#   coreutils_NAME_SOURCES = coreutils/standalone.c
#   coreutils_NAME_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_MAIN=NAME_main
#   coreutils_NAME_LDADD = $(UTIL_LIBS)

# msgq (utilities.h listed here so that it is distributed: msgq.c includes it)
coreutils_libcoreutils_la_SOURCES += coreutils/msgq.c coreutils/msgq_cli.h \
	coreutils/msgq_send.c coreutils/msgq_recv.c coreutils/msgq_show.c \
	coreutils/utilities.h
bin_PROGRAMS += coreutils/msgq
coreutils_msgq_SOURCES = coreutils/standalone.c
coreutils_msgq_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_MAIN=msgq_main
coreutils_msgq_LDADD = $(UTIL_LIBS)
# shmctl: shared-memory segments
coreutils_libcoreutils_la_SOURCES += coreutils/shmctl.c coreutils/shmctl.h \
	coreutils/shmctl_lock.c coreutils/shmctl_show.c
bin_PROGRAMS += coreutils/shmctl
coreutils_shmctl_SOURCES = coreutils/standalone.c
coreutils_shmctl_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_MAIN=shmctl_main
coreutils_shmctl_LDADD = $(UTIL_LIBS)

# mkfifo: GNU's drop-in (GNU's exit statuses, not the table: see mkfifo(1)).
coreutils_libcoreutils_la_SOURCES += coreutils/mkfifo.c
bin_PROGRAMS += coreutils/mkfifo
coreutils_mkfifo_SOURCES = coreutils/standalone.c
coreutils_mkfifo_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_MAIN=mkfifo_main
coreutils_mkfifo_LDADD = $(UTIL_LIBS)
