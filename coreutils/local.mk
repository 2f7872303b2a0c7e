# coreutils/local.mk: the utilities, each one file `int NAME_main(int, char **)`
# in libcoreutils (linked into ipcsh as builtins) plus a standalone binary.
noinst_LTLIBRARIES += coreutils/libcoreutils.la
coreutils_libcoreutils_la_SOURCES = \
	coreutils/cli.c coreutils/cli.h \
	coreutils/mode.c \
	coreutils/quote.c coreutils/quote.h

UTIL_LIBS = coreutils/libcoreutils.la libipc/libipc-core.la

# A utility NAME adds itself like this (its entry is NAME_main in coreutils/NAME.c,
# declared in coreutils/utilities.h; the same file, built with -DCLI_STANDALONE,
# also gives its own binary a main()):
#   coreutils_libcoreutils_la_SOURCES += coreutils/NAME.c
#   bin_PROGRAMS += coreutils/NAME
#   coreutils_NAME_SOURCES = coreutils/NAME.c
#   coreutils_NAME_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
#   coreutils_NAME_LDADD = $(UTIL_LIBS)

# msgq (utilities.h listed here so that it is distributed: msgq.c includes it)
coreutils_libcoreutils_la_SOURCES += coreutils/msgq.c coreutils/msgq_cli.h \
	coreutils/msgq_send.c coreutils/msgq_recv.c coreutils/msgq_show.c \
	coreutils/utilities.h
bin_PROGRAMS += coreutils/msgq
coreutils_msgq_SOURCES = coreutils/msgq.c
coreutils_msgq_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
coreutils_msgq_LDADD = $(UTIL_LIBS)
# shmctl: shared-memory segments
coreutils_libcoreutils_la_SOURCES += coreutils/shmctl.c coreutils/shmctl.h \
	coreutils/shmctl_lock.c coreutils/shmctl_show.c
bin_PROGRAMS += coreutils/shmctl
coreutils_shmctl_SOURCES = coreutils/shmctl.c
coreutils_shmctl_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
coreutils_shmctl_LDADD = $(UTIL_LIBS)

# chan: channels
coreutils_libcoreutils_la_SOURCES += coreutils/chan.c
bin_PROGRAMS += coreutils/chan
coreutils_chan_SOURCES = coreutils/chan.c
coreutils_chan_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
coreutils_chan_LDADD = $(UTIL_LIBS)

# mkfifo: GNU's drop-in (GNU's exit statuses, not the table: see mkfifo(1)).
coreutils_libcoreutils_la_SOURCES += coreutils/mkfifo.c
bin_PROGRAMS += coreutils/mkfifo
coreutils_mkfifo_SOURCES = coreutils/mkfifo.c
coreutils_mkfifo_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
coreutils_mkfifo_LDADD = $(UTIL_LIBS)

# ports (issue 8): portd, the broker (a daemon, not a builtin), with its event
# loop on epoll where there is one; portd-poll keeps the poll(2) loop built
# and tested.
sbin_PROGRAMS += coreutils/portd/portd
PORTD_SOURCES = coreutils/portd/portd.h coreutils/portd/main.c coreutils/portd/client.c \
	coreutils/portd/dispatch.c coreutils/portd/port.c coreutils/portd/queue.c \
	coreutils/portd/ring.c coreutils/portd/activate.c coreutils/portd/loop.h
PORTD_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/coreutils/portd
coreutils_portd_portd_SOURCES = $(PORTD_SOURCES)
if HAVE_EPOLL
coreutils_portd_portd_SOURCES += coreutils/portd/loop_epoll.c
else
coreutils_portd_portd_SOURCES += coreutils/portd/loop_poll.c
endif
coreutils_portd_portd_CPPFLAGS = $(PORTD_CPPFLAGS)
coreutils_portd_portd_LDADD = $(UTIL_LIBS)
check_PROGRAMS += coreutils/portd/portd-poll
coreutils_portd_portd_poll_SOURCES = $(PORTD_SOURCES) coreutils/portd/loop_poll.c
coreutils_portd_portd_poll_CPPFLAGS = $(PORTD_CPPFLAGS)
coreutils_portd_portd_poll_LDADD = $(UTIL_LIBS)
EXTRA_DIST += coreutils/portd/loop_epoll.c coreutils/portd/loop_poll.c

# ports (issue 8): portctl, the ports utility.
coreutils_libcoreutils_la_SOURCES += coreutils/portctl.c coreutils/portctl.h \
	coreutils/portctl_msg.c coreutils/portctl_admin.c coreutils/portctl_serve.c
bin_PROGRAMS += coreutils/portctl
coreutils_portctl_SOURCES = coreutils/portctl.c
coreutils_portctl_CPPFLAGS = $(AM_CPPFLAGS) -DCLI_STANDALONE
coreutils_portctl_LDADD = $(UTIL_LIBS)
