# man/local.mk: every program's and public function group's page (mdoc).
dist_man_MANS += man/man1/ipcsh.1

# msgq
dist_man_MANS += \
	man/man1/msgq.1 \
	man/man3/ipc_msgq.3
# shared memory
dist_man_MANS += man/man1/shmctl.1 man/man3/ipc_shm.3

# channels
dist_man_MANS += man/man1/chan.1 man/man3/ipc_chan.3

# Foundation: mkfifo, the library overview and its pipe, FIFO and file groups,
# and the overview of every mechanism (each mechanism adds its .Ss to ipc.7).
dist_man_MANS += \
	man/man1/mkfifo.1 \
	man/man3/libipc.3 \
	man/man3/ipc_pipe.3 \
	man/man3/ipc_fifo.3 \
	man/man3/ipc_file.3 \
	man/man7/ipc.7

# ports (issue 8)
dist_man_MANS += man/man1/portctl.1 man/man3/ipc_port.3 man/man8/portd.8
