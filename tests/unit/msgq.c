/* msgq.c: unit tests of queue naming: key files, create, open, close, stale names. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"

/* The key file's text, as the library wrote it. */
static int
read_keyfile(const char *name, unsigned *key, int *id)
{
	FILE *f = fopen(fixture_keyfile(name), "r");
	if (f == NULL)
		return -1;
	int n = fscanf(f, "0x%x %d", key, id);
	fclose(f);
	return n == 2 ? 0 : -1;
}

static void
write_keyfile(const char *name, const char *text)
{
	FILE *f = fopen(fixture_keyfile(name), "w");
	fputs(text, f);
	fclose(f);
}

static void
test_create_open(void)
{
	ipc_msgq *q = NULL, *r = NULL;
	struct ipc_msgq_stat st;
	unsigned key;
	int id;

	is(ipc_msgq_create("jobs", 0600, 0, &q), 0, "create a named queue");
	ok(q != NULL, "and get a handle");
	is(ipc_msgq_stat(q, &st), 0, "stat it");
	is(read_keyfile("jobs", &key, &id), 0, "the key file holds a key and an id");
	is((long long)key, (long long)(unsigned)st.key, "the key is the queue's key");
	is(id, st.id, "the id is the queue's id");
	is(msgget((key_t)key, 0), st.id, "the kernel finds the queue by that key (as ipcs -q does)");
	is(st.mode, 0600, "mode 0600");

	struct stat fs;
	ok(stat(fixture_keyfile("jobs"), &fs) == 0 && (fs.st_mode & 0777) == 0600,
	    "the key file is 0600");
	is(ipc_msgq_open("/jobs", &r), 0, "open with the leading slash");
	struct ipc_msgq_stat st2;
	ipc_msgq_stat(r, &st2);
	is(st2.id, st.id, "the same queue");
	ipc_msgq_close(r);

	is(ipc_msgq_create("jobs", 0600, 0, &r), -EEXIST, "a second create of a name fails");
	is(ipc_msgq_create("/jobs", 0600, 0, &r), -EEXIST, "also with the slash");
	ipc_msgq_close(q);
	ipc_msgq_close(NULL);
	ok(1, "close(NULL) is harmless");

	is(ipc_msgq_create("wide", 0666, 0, &q), 0, "create with mode 0666");
	ipc_msgq_stat(q, &st);
	is(st.mode, 0666, "the queue has mode 0666 (no umask for System V)");
	ipc_msgq_close(q);
}

static void
test_distinct_keys(void)
{
	/* Many names, all with different keys and different queues. */
	enum { N = 40 };
	int ids[N];
	unsigned keys[N];
	int all = 1;
	for (int i = 0; i < N; i++) {
		char name[32];
		ipc_msgq *q;
		snprintf(name, sizeof name, "many%d", i);
		all &= ipc_msgq_create(name, 0600, 0, &q) == 0;
		all &= read_keyfile(name, &keys[i], &ids[i]) == 0;
		ipc_msgq_close(q);
	}
	ok(all, "%d names created", N);
	int clash = 0;
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			clash |= keys[i] == keys[j] || ids[i] == ids[j];
	ok(!clash, "no two names share a key or a queue");
}

/* A key no queue has now. */
static key_t
free_key(void)
{
	key_t k = (key_t)(0x5a000000u | ((unsigned)getpid() << 4));
	while (msgget(k, 0) >= 0 || errno != ENOENT)
		k++;
	return k;
}

static void
test_key_and_id(void)
{
	ipc_msgq *q, *r;
	struct ipc_msgq_stat st, st2;
	char name[64], idname[64];
	key_t key = free_key();

	snprintf(name, sizeof name, "key:0x%08x", (unsigned)key);
	fixture_track(name);
	is(ipc_msgq_open(name, &q), -ENOENT, "open of a key with no queue: -ENOENT");
	is(ipc_msgq_create(name, 0640, 0, &q), 0, "create by key");
	ipc_msgq_stat(q, &st);
	is(st.key, (int32_t)key, "the queue has exactly that key");
	is(st.mode, 0640, "and the mode asked");
	is(ipc_msgq_create(name, 0600, 0, &r), -EEXIST, "a second create of the key fails");
	snprintf(name, sizeof name, "key:%u", (unsigned)key);
	is(ipc_msgq_open(name, &r), 0, "open by the key in decimal");
	ipc_msgq_stat(r, &st2);
	is(st2.id, st.id, "same queue");
	ipc_msgq_close(r);

	snprintf(idname, sizeof idname, "id:%d", st.id);
	is(ipc_msgq_open(idname, &r), 0, "open by id");
	ipc_msgq_stat(r, &st2);
	is(st2.key, st.key, "same key");
	ipc_msgq_close(r);
	is(ipc_msgq_create(idname, 0600, 0, &r), -EINVAL, "an id cannot be created");
	ipc_msgq_close(q);
	is(ipc_msgq_unlink(idname), 0, "remove by id");
	is(ipc_msgq_open(idname, &r), -ENOENT, "then the id is gone");
	is(ipc_msgq_open(name, &r), -ENOENT, "and the key too");
}

static void
test_bad_names(void)
{
	static const char *bad[] = {
		"", "/", "..", ".x", "-x", "a/b", "a b", "a:b", "key:", "key:0",
		"key:x", "key:-1", "key:0x100000000", "key: 1", "id:", "id:-1",
		"id:0x10", "id:1x", "id:99999999999", "KEY:1",
	};
	ipc_msgq *q = NULL;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		is(ipc_msgq_create(bad[i], 0600, 0, &q), -EINVAL, "create '%s': -EINVAL", bad[i]);
		is(ipc_msgq_open(bad[i], &q), -EINVAL, "open '%s': -EINVAL", bad[i]);
		is(ipc_msgq_unlink(bad[i]), -EINVAL, "unlink '%s': -EINVAL", bad[i]);
	}
	is(ipc_msgq_open(NULL, &q), -EINVAL, "NULL name: -EINVAL");
	is(ipc_msgq_create("m", 01600, 0, &q), -EINVAL, "a mode beyond 0777: -EINVAL");
	is(ipc_msgq_open("absent", &q), -ENOENT, "open of a name never created: -ENOENT");
}

static void
test_stale(void)
{
	ipc_msgq *q, *r;
	struct ipc_msgq_stat st, st2;
	unsigned key;
	int id;

	ipc_msgq_create("stale", 0600, 0, &q);
	ipc_msgq_stat(q, &st);
	ipc_msgq_close(q);
	ok(msgctl(st.id, IPC_RMID, NULL) == 0, "remove the queue behind the library's back (ipcrm)");
	is(ipc_msgq_open("stale", &r), -EIDRM, "open of the name: -EIDRM");
	ok(access(fixture_keyfile("stale"), F_OK) == 0, "open leaves the key file alone");
	is(ipc_msgq_create("stale", 0600, 0, &q), 0, "create over the stale key file works");
	ipc_msgq_stat(q, &st2);
	ok(st2.id != st.id, "with a new queue");
	ipc_msgq_close(q);
	is(ipc_msgq_open("stale", &r), 0, "which open finds");
	ipc_msgq_close(r);

	/* A key file whose key now leads to a different queue (ours removed,
	 * someone else's made under the same key) is stale too. */
	ipc_msgq_create("reused", 0600, 0, &q);
	ipc_msgq_stat(q, &st);
	ipc_msgq_close(q);
	read_keyfile("reused", &key, &id);
	msgctl(st.id, IPC_RMID, NULL);
	int other = msgget((key_t)key, IPC_CREAT | IPC_EXCL | 0600);
	ok(other >= 0 && other != id, "another queue now has the key");
	is(ipc_msgq_open("reused", &r), -EIDRM, "the name does not lead to it: -EIDRM");
	is(ipc_msgq_unlink("reused"), -ENOENT, "unlink of the stale name: -ENOENT");
	ok(msgctl(other, IPC_STAT, &(struct msqid_ds){0}) == 0, "and the other queue is untouched");
	ok(access(fixture_keyfile("reused"), F_OK) < 0, "the stale key file is gone");
	msgctl(other, IPC_RMID, NULL);

	write_keyfile("junk", "not a key file\n");
	is(ipc_msgq_open("junk", &r), -EIDRM, "a key file of junk: -EIDRM");
	is(ipc_msgq_create("junk", 0600, 0, &q), 0, "and create replaces it");
	ipc_msgq_close(q);
	write_keyfile("empty", "");
	is(ipc_msgq_open("empty", &r), -EIDRM, "an empty key file: -EIDRM");
	is(ipc_msgq_unlink("empty"), -ENOENT, "unlink removes it: -ENOENT");
	ok(access(fixture_keyfile("empty"), F_OK) < 0, "gone");
}

static void
test_racing_creators(void)
{
	/* Eight processes create one name at once: exactly one wins. */
	enum { N = 8 };
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		if ((pids[i] = fork()) == 0) {
			ipc_msgq *q;
			int e = ipc_msgq_create("race", 0600, 0, &q);
			_exit(e == 0 ? 0 : e == -EEXIST ? 1 : 2);
		}
	}
	int won = 0, lost = 0;
	for (int i = 0; i < N; i++) {
		int status;
		waitpid(pids[i], &status, 0);
		won += WIFEXITED(status) && WEXITSTATUS(status) == 0;
		lost += WIFEXITED(status) && WEXITSTATUS(status) == 1;
	}
	is(won, 1, "one of %d racing creators wins", N);
	is(lost, N - 1, "the others get -EEXIST");
	ipc_msgq *q;
	is(ipc_msgq_open("race", &q), 0, "the name is usable");
	ipc_msgq_close(q);
}

static void
test_hostile_dir(void)
{
	char path[768];
	ipc_msgq *q;
	snprintf(path, sizeof path, "%s/msgq", getenv("IPC_RUNTIME_DIR"));
	chmod(path, 0755);
	is(ipc_msgq_open("jobs", &q), -EPERM, "a msgq directory open to others is refused");
	is(ipc_msgq_create("x", 0600, 0, &q), -EPERM, "also by create");
	chmod(path, 0700);
	if (geteuid() == 0) {
		ok(chown(path, 65534, 65534) == 0, "give the msgq directory to nobody");
		is(ipc_msgq_open("jobs", &q), -EPERM, "a msgq directory owned by another user is refused");
		ok(chown(path, 0, 0) == 0, "and back");
	} else {
		tap_skip(3, "not root");
	}
	is(ipc_msgq_open("jobs", &q), 0, "fine again");
	ipc_msgq_close(q);
}

int
main(void)
{
	fixture_init();
	test_create_open();
	test_distinct_keys();
	test_key_and_id();
	test_bad_names();
	test_stale();
	test_racing_creators();
	test_hostile_dir();
	fixture_cleanup();
	return tap_done();
}
