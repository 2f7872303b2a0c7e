/* error.c: error messages in one format, and the unwinding that follows them. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

void
sh_exit(int status)
{
	exit_status = status;
	sh_raise(EXC_EXIT);
}
