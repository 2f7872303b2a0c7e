/* loop.h: portd's event loop backend: epoll where configure finds it, poll(2) everywhere. */
#ifndef PORTD_LOOP_H
#define PORTD_LOOP_H

enum { LOOP_IN = 1, LOOP_OUT = 2, LOOP_ERR = 4 };

struct loop;
struct loop_event {
	void *ptr;
	int events;   /* LOOP_IN | LOOP_OUT | LOOP_ERR */
};

/* Each returns 0 or -errno; a descriptor is watched for the events given. */
int loop_new(struct loop **lp);
void loop_free(struct loop *l);
int loop_add(struct loop *l, int fd, void *ptr, int events);
int loop_mod(struct loop *l, int fd, void *ptr, int events);
int loop_del(struct loop *l, int fd);
/* Up to max ready descriptors; their count, 0 on timeout, or -errno. */
int loop_wait(struct loop *l, struct loop_event *ev, int max, int timeout_ms);
/* The backend's name, for portd -V and status. */
const char *loop_backend(void);

#endif
