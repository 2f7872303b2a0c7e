# sh/local.mk: the shell. libsh holds everything but main() so unit tests can
# link the pieces; ipcsh links libsh, the utilities and libipc statically.
noinst_LTLIBRARIES += sh/libsh.la
sh_libsh_la_SOURCES = \
	sh/mem.c sh/mem.h \
	sh/output.c sh/output.h \
	sh/error.c sh/error.h \
	sh/var.c sh/var.h \
	sh/builtins.h sh/signames.h

# The standalone builtins, one file each (sh/bltin/).
sh_libsh_la_SOURCES += \
	sh/bltin/bltin.h sh/bltin/opt.c sh/bltin/escape.c \
	sh/bltin/signames.c \
	sh/bltin/echo.c sh/bltin/printf.c sh/bltin/test.c \
	sh/bltin/read.c sh/bltin/getopts.c
