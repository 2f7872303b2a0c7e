/* error.c: error messages in one format, and the unwinding that follows them. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "error.h"
#include "output.h"

struct jmploc *handler;
int exception;
int exit_status;
const char *err_file;
int err_lineno;
int err_show_line = 1;

void
sh_raise(int kind)
{
	exception = kind;
	if (handler == NULL) {
		out_flush_all();
		_exit(exit_status);
	}
	longjmp(handler->loc, 1);
}

static void
vwarn(const char *fmt, va_list ap)
{
	out_flush(&out1);
	out_str(&out2, "ipcsh: ");
	if (err_file != NULL)
		out_fmt(&out2, "%s: ", err_file);
	if (err_show_line)
		out_fmt(&out2, "line %d: ", err_lineno);
	out_vfmt(&out2, fmt, ap);
	out_char(&out2, '\n');
	out_flush(&out2);
}

void
sh_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
sh_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit_status = 2;
	sh_raise(EXC_ERROR);
}

/* The lowest stack address the recursive steps may reach; 0: not set. */
static uintptr_t stack_floor;

void
sh_stack_init(void)
{
	/* Without a finite limit, count on the usual 8 MiB. A quarter stays
	 * free for what runs below the last check: builtins, libc, the error
	 * message itself. */
	size_t size = (size_t)8 << 20;
	struct rlimit rl;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		size = (size_t)rl.rlim_cur;
	uintptr_t base = (uintptr_t)__builtin_frame_address(0);
	size -= size / 4;
	stack_floor = base > size ? base - size : 1;
}

int
sh_stack_low(void)
{
	return (uintptr_t)__builtin_frame_address(0) < stack_floor;
}

void
sh_stack_check(void)
{
	if (sh_stack_low())
		sh_error("nesting too deep");
}

void
sh_exit(int status)
{
	exit_status = status;
	sh_raise(EXC_EXIT);
}
