# libipc/local.mk: the library, built once as a convenience library that the
# in-tree programs link statically, and installed as libipc.la from the same objects.
noinst_LTLIBRARIES += libipc/libipc-core.la
lib_LTLIBRARIES += libipc/libipc.la

libipc_libipc_core_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
libipc_libipc_core_la_SOURCES = \
	libipc/error.c \
	libipc/name.c \
	libipc/rundir.c \
	libipc/sys.c libipc/sys.h
# msgq
libipc_libipc_core_la_SOURCES += \
	libipc/msgq.c libipc/msgq_int.h \
	libipc/msgq_keyfile.c \
	libipc/msgq_io.c \
	libipc/msgq_ctl.c
# pipes, FIFOs, files (foundation)
libipc_libipc_core_la_SOURCES += \
	libipc/compat.c libipc/compat.h \
	libipc/pipe.c libipc/copy.h libipc/copy_rw.c \
	libipc/fifo.c \
	libipc/file.c libipc/file_lock.c libipc/lock.h libipc/lock_posix.c \
	libipc/file_watch.c libipc/watch.h libipc/watch_poll.c

# Linux accelerants: each beside a portable backend that is always built.
if HAVE_SPLICE
libipc_libipc_core_la_SOURCES += libipc/copy_splice.c
endif
if HAVE_OFD_LOCKS
libipc_libipc_core_la_SOURCES += libipc/lock_ofd.c
endif
if HAVE_INOTIFY
libipc_libipc_core_la_SOURCES += libipc/watch_inotify.c
endif

# shared memory: segments with a double buffer, a robust lock and a wake word
SHM_SOURCES = \
	libipc/shm_int.h \
	libipc/shm_map.c \
	libipc/shm_lock.c \
	libipc/shm_data.c \
	libipc/shm_wait.c \
	libipc/shm_stat.c
if HAVE_FUTEX
SHM_WAKE = libipc/shm_wake_futex.c
else
SHM_WAKE = libipc/shm_wake_cond.c
endif
libipc_libipc_core_la_SOURCES += $(SHM_SOURCES) $(SHM_WAKE)

libipc_libipc_la_SOURCES =
libipc_libipc_la_LIBADD = libipc/libipc-core.la
libipc_libipc_la_LDFLAGS = -version-info $(LIBIPC_VERSION_INFO) \
	-export-symbols-regex '^ipc_[a-z0-9]'

ipcincludedir = $(includedir)/ipc
ipcinclude_HEADERS = \
	libipc/include/ipc/ipc.h \
	libipc/include/ipc/core.h
# msgq
ipcinclude_HEADERS += libipc/include/ipc/msgq.h
ipcinclude_HEADERS += libipc/include/ipc/shm.h

# pipes, FIFOs, files (foundation)
ipcinclude_HEADERS += \
	libipc/include/ipc/pipe.h \
	libipc/include/ipc/fifo.h \
	libipc/include/ipc/file.h

pkgconfig_DATA = libipc/libipc.pc
