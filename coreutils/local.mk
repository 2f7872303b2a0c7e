# coreutils/local.mk: the utilities, each one file `int NAME_main(int, char **)`
# in libcoreutils (linked into ipcsh as builtins) plus a standalone binary.
noinst_LTLIBRARIES += coreutils/libcoreutils.la
coreutils_libcoreutils_la_SOURCES = \
	coreutils/cli.c coreutils/cli.h \
	coreutils/mode.c

UTIL_LIBS = coreutils/libcoreutils.la libipc/libipc-core.la
