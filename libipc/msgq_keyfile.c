/* msgq_keyfile.c: key files, $IPC_RUNTIME_DIR/msgq/NAME, mapping names to System V keys. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/core.h"
#include "msgq_int.h"
#include "sys.h"

/*
 * Why a file holding a random key, not ftok(): ftok folds the inode and
 * device into 32 bits, so two names can share a key and then silently share
 * a queue. Here the kernel picks the winner: a new queue is made with
 * IPC_CREAT|IPC_EXCL under a fresh key, retried on EEXIST, so its key is one
 * no live queue has; the file then records that key and the queue's id, and
 * ipcs -q shows the same key. The id is what tells a live queue from a
 * stale file: once ipcrm removes the queue, its key leads nowhere or to a
 * different id, and the name reports -EIDRM until rm or create clears it.
 *
 * File content: "0x%08x %d\n" (key, id). A file is written whole under a
 * temporary name made with O_EXCL, then link()ed to NAME, which fails if
 * NAME exists: readers never see a half-written file and two creators never
 * both win. No fsync: System V queues do not outlive a reboot either.
 */

#define KEYFILE_MAX 64

/* Same rule as the runtime directory: ours and closed to others. One we
 * just made gets exactly 0700 whatever the umask. */
static int
msgq_dir_vet(int fd, int made)
{
	struct stat st;
	if (made && fchmod(fd, 0700) < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		return -EPERM;
	return 0;
}

int
ipc__msgq_dir(int create)
{
	char path[PATH_MAX];
	int n = ipc_runtime_dir(path, sizeof path);
	if (n < 0)
		return n;
	int rt = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rt < 0)
		return -errno;
	int made = create && mkdirat(rt, "msgq", 0700) == 0;
	int e = create && !made && errno != EEXIST ? -errno : 0;
	int fd = e < 0 ? -1 : openat(rt, "msgq", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && e == 0)
		e = -errno;
	close(rt);
	if (e == 0)
		e = msgq_dir_vet(fd, made);
	if (e < 0) {
		if (fd >= 0)
			close(fd);
		return e;
	}
	return fd;
}

int
ipc__msgq_lock(int dirfd)
{
	/* flock, not fcntl: an fcntl lock belongs to the process, so two
	 * threads of one program would both hold it. The lock goes when dirfd
	 * is closed. */
	while (flock(dirfd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

static int
keyfile_parse(const char *s, key_t *key, int *id)
{
	char *end;
	if (strncmp(s, "0x", 2) != 0)
		return -EIDRM;
	errno = 0;
	unsigned long k = strtoul(s + 2, &end, 16);
	if (errno || end != s + 10 || *end != ' ' || k > UINT32_MAX || k == 0)
		return -EIDRM;
	s = end + 1;
	long i = strtol(s, &end, 10);
	if (errno || end == s || *s == '-' || i > INT_MAX || strcmp(end, "\n") != 0)
		return -EIDRM;
	*key = (key_t)(uint32_t)k;
	*id = (int)i;
	return 0;
}

int
ipc__msgq_keyfile_read(int dirfd, const char *name, key_t *key, int *id)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno == ELOOP ? -EIDRM : -errno;
	char buf[KEYFILE_MAX + 1];
	ssize_t n = ipc__read_full(fd, buf, KEYFILE_MAX);
	close(fd);
	if (n < 0)
		return n == -EISDIR ? -EIDRM : (int)n;
	buf[n] = '\0';
	return keyfile_parse(buf, key, id);
}

/* Writes the content under a temporary name no user name can take (names
 * never start with '.'), created with O_EXCL so nothing else is reused.
 * Called with the directory locked: a file already there under this name
 * is the leftover of a creator that died (same pid, same id), garbage. */
static int
keyfile_temp(int dirfd, key_t key, int id, char *tmp, size_t len)
{
	snprintf(tmp, len, ".tmp.%ld.%d", (long)getpid(), id);
	unlinkat(dirfd, tmp, 0);
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	char buf[KEYFILE_MAX];
	int n = snprintf(buf, sizeof buf, "0x%08x %d\n", (unsigned)(uint32_t)key, id);
	int e = ipc__write_all(fd, buf, (size_t)n);
	if (close(fd) < 0 && e == 0)
		e = -errno;
	if (e < 0)
		unlinkat(dirfd, tmp, 0);
	return e;
}

int
ipc__msgq_keyfile_publish(int dirfd, const char *name, key_t key, int id)
{
	char tmp[64];
	int e = keyfile_temp(dirfd, key, id, tmp, sizeof tmp);
	if (e < 0)
		return e;
	if (linkat(dirfd, tmp, dirfd, name, 0) < 0)
		e = -errno;
	if (unlinkat(dirfd, tmp, 0) < 0 && e == 0)
		e = -errno;
	return e;
}

int
ipc__msgq_alive(key_t key, int id)
{
	int now = msgget(key, 0);
	if (now < 0)
		return errno == ENOENT ? -EIDRM : -errno;
	/* Another queue under our key (made by someone else since ours went)
	 * is not ours. */
	return now == id ? 0 : -EIDRM;
}

/* FNV-1a over the name, the time, the pid and the attempt: not a secret,
 * only spread out. Collisions are settled by IPC_EXCL, not by this. */
key_t
ipc__msgq_fresh_key(const char *name, unsigned attempt)
{
	uint64_t h = 1469598103934665603ULL;
	uint64_t mix[3] = { (uint64_t)ipc__now_ns(), (uint64_t)getpid(), attempt };
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (size_t i = 0; i < sizeof mix / sizeof mix[0]; i++)
		for (int b = 0; b < 64; b += 8)
			h = (h ^ ((mix[i] >> b) & 0xff)) * 1099511628211ULL;
	uint32_t k = (uint32_t)(h ^ (h >> 32));
	return k == 0 ? (key_t)1 : (key_t)k;
}
