/* shm.c: benchmarks of libipc shared memory: update->wake latency and 1 MiB write throughput. */
#include <config.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "ipc/shm.h"

/*
 * Latency: two processes take turns; each publishes an update and the other,
 * asleep in ipc_shm_wait, wakes and answers. Both ends are left to the
 * scheduler (never pinned: on these machines a wake-up on the other, halted
 * core costs 13-20 us, which would measure the hardware, not us). The anchor
 * is the same ping-pong on a bare process-shared mutex and condition variable.
 *
 * Throughput: 1 MiB ipc_shm_write calls (lock, copy into the next buffer,
 * publish, wake) against memcpy of 1 MiB into a shared mapping, in 21
 * alternating bursts of 100.
 */
enum { ROUNDS = 20000, REPEATS = 7, MIB = 1 << 20, BURSTS = 21, COPIES = 100 };

static double
median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* One side of our ping-pong: answers update n with update n + 1. */
static int
shm_side(ipc_shm *shm, uint64_t first, int rounds)
{
	uint64_t seq = 0;
	for (uint64_t n = first; n < first + 2 * (uint64_t)rounds; n += 2) {
		if (n > 0 && ipc_shm_wait(shm, n - 1, -1, &seq) != 0)
			return -1;
		if (ipc_shm_write(shm, 0, &n, sizeof n, IPC_SHM_TRUNC, -1) != 0)
			return -1;
	}
	return 0;
}

/* Nanoseconds per update->wake over `rounds` round trips of our segment. */
static double
shm_pingpong(const char *name, int rounds)
{
	ipc_shm *shm = NULL;
	ipc_shm_unlink(name);
	if (ipc_shm_create(&shm, name, 64, 0600) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *mine = NULL;
		int e = ipc_shm_open(&mine, name, IPC_SHM_RDWR);
		_exit(e == 0 && shm_side(mine, 1, rounds) == 0 ? 0 : 1);
	}
	int64_t t0 = bench_now_ns();
	int e = shm_side(shm, 0, rounds);
	uint64_t seq;
	if (e == 0)
		e = ipc_shm_wait(shm, 2 * (uint64_t)rounds - 1, -1, &seq);
	int64_t t1 = bench_now_ns();
	int st;
	waitpid(pid, &st, 0);
	ipc_shm_close(shm);
	ipc_shm_unlink(name);
	if (e != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return (double)(t1 - t0) / (2.0 * rounds);
}

struct raw {
	pthread_mutex_t m;
	pthread_cond_t c;
	int turn;
};

static void
raw_side(struct raw *r, int me, int rounds)
{
	pthread_mutex_lock(&r->m);
	for (int i = 0; i < rounds; i++) {
		while (r->turn != me)
			pthread_cond_wait(&r->c, &r->m);
		r->turn = !me;
		pthread_cond_signal(&r->c);
	}
	pthread_mutex_unlock(&r->m);
}

static struct raw *
raw_new(void)
{
	struct raw *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&r->m, &ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&r->c, &ca);
	r->turn = 0;
	return r;
}

/* Nanoseconds per hand-over of a bare process-shared condition variable. */
static double
raw_pingpong(int rounds)
{
	struct raw *r = raw_new();
	if (r == NULL)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		raw_side(r, 1, rounds);
		_exit(0);
	}
	int64_t t0 = bench_now_ns();
	raw_side(r, 0, rounds);
	pthread_mutex_lock(&r->m);
	while (r->turn != 0)
		pthread_cond_wait(&r->c, &r->m);
	pthread_mutex_unlock(&r->m);
	int64_t t1 = bench_now_ns();
	waitpid(pid, NULL, 0);
	munmap(r, sizeof *r);
	return (double)(t1 - t0) / (2.0 * rounds);
}

/*
 * 1 MiB writes, ours and memcpy's, in short alternating bursts: a neighbour's
 * load then falls on both alike. MiB/s of each burst go into ours[] and
 * mcpy[].
 */
static int
throughput(const char *name, const unsigned char *src, double *ours, double *mcpy)
{
	ipc_shm *shm = NULL;
	ipc_shm_unlink(name);
	unsigned char *dst = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (dst == MAP_FAILED || ipc_shm_create(&shm, name, MIB, 0600) != 0)
		return -1;
	memcpy(dst, src, MIB);
	for (int i = 0; i < 4; i++)   /* map both buffers' pages before timing */
		ipc_shm_write(shm, 0, src, MIB, IPC_SHM_TRUNC, -1);
	int e = 0;
	for (int r = 0; r < BURSTS && e == 0; r++) {
		int64_t t0 = bench_now_ns();
		for (int i = 0; i < COPIES && e == 0; i++)
			e = ipc_shm_write(shm, 0, src, MIB, IPC_SHM_TRUNC, -1);
		int64_t t1 = bench_now_ns();
		for (int i = 0; i < COPIES; i++) {
			memcpy(dst, src, MIB);
			__asm__ volatile("" : : "r"(dst) : "memory");   /* keep every copy */
		}
		int64_t t2 = bench_now_ns();
		ours[r] = COPIES / ((double)(t1 - t0) / 1e9);
		mcpy[r] = COPIES / ((double)(t2 - t1) / 1e9);
	}
	munmap(dst, MIB);
	ipc_shm_close(shm);
	ipc_shm_unlink(name);
	return e;
}

int
main(void)
{
	char name[64];
	snprintf(name, sizeof name, "bench-shm-%ld", (long)getpid());
	unsigned char *src = malloc(MIB);
	if (src == NULL)
		return 1;
	for (size_t i = 0; i < MIB; i++)
		src[i] = (unsigned char)(i * 131 + 7);
	double ours[REPEATS], anchor[REPEATS], tput[BURSTS], mcpy[BURSTS];
	/* Interleaved, so a neighbour's burst of load hits both sides alike. */
	for (int i = 0; i < REPEATS; i++) {
		ours[i] = shm_pingpong(name, ROUNDS);
		anchor[i] = raw_pingpong(ROUNDS);
		if (ours[i] < 0 || anchor[i] < 0) {
			fprintf(stderr, "bench/shm: a ping-pong failed\n");
			return 1;
		}
	}
	if (throughput(name, src, tput, mcpy) != 0) {
		fprintf(stderr, "bench/shm: the throughput run failed\n");
		return 1;
	}
	free(src);
	bench_section("shared memory: ipc_shm (medians of interleaved runs)");
	bench_row("update->wake latency (write, wait)", median(ours, REPEATS) / 1000,
	    median(anchor, REPEATS) / 1000, "us", "pshared mutex+cond ping-pong", 0);
	bench_row("1 MiB write throughput", median(tput, BURSTS), median(mcpy, BURSTS),
	    "MiB/s", "memcpy 1 MiB into shared memory", 1);
	return 0;
}
