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
