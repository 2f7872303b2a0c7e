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

# channels (chan): a typed MPSC ring in shared memory; the event backend
# (futex, or robust mutex + condition variable) is picked by configure, and
# tests/local.mk builds the other one too so both stay tested.
CHAN_SOURCES = \
	libipc/chan.c libipc/chan_impl.h libipc/chan_event.h \
	libipc/chan_lock.c libipc/chan_party.c libipc/chan_ring.c \
	libipc/chan_type.c libipc/chan_typed.c libipc/chan_json.c \
	libipc/chan_stat.c libipc/proc.c libipc/proc.h \
	libipc/robust.c libipc/robust.h libipc/barrier.h
libipc_libipc_core_la_SOURCES += $(CHAN_SOURCES)
# the heavy side of the asymmetric barriers (barrier.h); tests/local.mk
# builds the fence one with the condvar backend so both stay tested
if HAVE_MEMBARRIER
libipc_libipc_core_la_SOURCES += libipc/barrier_membarrier.c
else
libipc_libipc_core_la_SOURCES += libipc/barrier_fence.c
endif
EXTRA_DIST += libipc/barrier_membarrier.c libipc/barrier_fence.c
if HAVE_FUTEX
libipc_libipc_core_la_SOURCES += libipc/chan_futex.c
else
libipc_libipc_core_la_SOURCES += libipc/chan_condvar.c
endif
ipcinclude_HEADERS += libipc/include/ipc/chan.h

# ports (issue 8): the wire codec and its CRC.
libipc_libipc_core_la_SOURCES += \
	libipc/crc32c.c libipc/crc32c.h \
	libipc/port_wire.c libipc/port_wire.h
if CRC32C_X86
CRC32C_HW_SRC = libipc/crc32c_x86.c
else
CRC32C_HW_SRC = libipc/crc32c_none.c
endif
libipc_libipc_core_la_SOURCES += $(CRC32C_HW_SRC)
EXTRA_DIST += libipc/crc32c_x86.c libipc/crc32c_none.c

# ports (issue 8): the client library.
libipc_libipc_core_la_SOURCES += \
	libipc/port_io.c libipc/port_io.h \
	libipc/port_conn.c libipc/port_conn.h \
	libipc/port_spawn.c libipc/port_msg.c libipc/port_req.c
if HAVE_MEMFD
libipc_libipc_core_la_SOURCES += libipc/port_shm.c
else
libipc_libipc_core_la_SOURCES += libipc/port_shm_none.c
endif
EXTRA_DIST += libipc/port_shm.c libipc/port_shm_none.c
ipcinclude_HEADERS += libipc/include/ipc/port.h
