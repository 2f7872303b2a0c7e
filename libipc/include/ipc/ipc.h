/* ipc/ipc.h: the whole libipc interface in one include. */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include <ipc/core.h>
#include <ipc/chan.h>
#include <ipc/msgq.h>
#include <ipc/shm.h>
#include <ipc/pipe.h>
#include <ipc/fifo.h>
#include <ipc/file.h>
#include <ipc/port.h>

#endif
