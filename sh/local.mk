# sh/local.mk: the shell. libsh holds everything but main() so unit tests can
# link the pieces; ipcsh links libsh, the utilities and libipc statically.
noinst_LTLIBRARIES += sh/libsh.la
sh_libsh_la_SOURCES = \
	sh/mem.c sh/mem.h \
	sh/output.c sh/output.h \
	sh/error.c sh/error.h \
	sh/var.c sh/var.h \
	sh/quote.c sh/quote.h \
	sh/input.c sh/input.h \
	sh/nodes.h \
	sh/lexer.c sh/lexer.h \
	sh/parser.c sh/parser.h \
	sh/alias.c sh/alias.h \
	sh/arith.c sh/arith.h \
	sh/expand.c sh/expand.h \
	sh/eval.c sh/eval.h \
	sh/vsub.c sh/vsub.h \
	sh/redir.c sh/redir.h \
	sh/exec.c sh/exec.h sh/launch.c sh/launch.h \
	sh/func.c sh/func.h \
	sh/jobs.c sh/jobs.h \
	sh/show.c sh/show.h \
	sh/prompt.c sh/prompt.h \
	sh/trap.c sh/trap.h \
	sh/options.c sh/options.h \
	sh/lctype.c sh/lctype.h \
	sh/specials.c sh/specials.h \
	sh/builtins.c sh/builtins.h sh/signames.h

# The standalone builtins, one file each (sh/bltin/).
sh_libsh_la_SOURCES += \
	sh/bltin/bltin.h sh/bltin/opt.c sh/bltin/escape.c \
	sh/bltin/signames.c \
	sh/bltin/echo.c sh/bltin/printf.c sh/bltin/test.c \
	sh/bltin/read.c sh/bltin/getopts.c \
	sh/bltin/umask.c sh/bltin/ulimit.c sh/bltin/kill.c sh/bltin/times.c \
	sh/bltin/true.c sh/bltin/cd.c sh/bltin/pwd.c

# Interactive input: history (with fc), completion, and the glue that
# reads the terminal through the line editor.
sh_libsh_la_SOURCES += \
	sh/history.c sh/history.h sh/histfile.c sh/histfile.h sh/bltin/fc.c \
	sh/complete.c sh/complete_ipc.c sh/complete.h \
	sh/edit.c sh/edit.h sh/lineedit/lineedit.h

# The line editor: one interface (sh/lineedit/lineedit.h), one backend per
# library, chosen by configure. The built-in one is always built: the check
# program sh/ipcsh-builtin-editor links it, so one configure tests both.
LE_COMMON = sh/lineedit/lineedit.h sh/lineedit/le_common.c sh/lineedit/le_common.h
noinst_LTLIBRARIES += sh/lineedit/liblineedit-builtin.la
sh_lineedit_liblineedit_builtin_la_SOURCES = $(LE_COMMON) \
	sh/lineedit/bi.h sh/lineedit/lineedit_builtin.c sh/lineedit/bi_render.c \
	sh/lineedit/bi_edit.c sh/lineedit/bi_search.c sh/lineedit/bi_emacs.c \
	sh/lineedit/bi_vi.c
if HAVE_LIBEDIT
noinst_LTLIBRARIES += sh/lineedit/liblineedit-libedit.la
sh_lineedit_liblineedit_libedit_la_SOURCES = $(LE_COMMON) sh/lineedit/lineedit_libedit.c
sh_lineedit_liblineedit_libedit_la_CFLAGS = $(AM_CFLAGS) $(LIBEDIT_CFLAGS)
# libedit's own libraries go on the program's link line (static when configure
# could), not into the convenience library, where libtool would reorder them.
LINEEDIT_LIB = sh/lineedit/liblineedit-libedit.la $(LIBEDIT_LIBS)
else
LINEEDIT_LIB = sh/lineedit/liblineedit-builtin.la
endif

bin_PROGRAMS += sh/ipcsh
sh_ipcsh_SOURCES = sh/main.c
sh_ipcsh_LDADD = sh/libsh.la $(LINEEDIT_LIB) $(UTIL_LIBS)

check_PROGRAMS += sh/ipcsh-builtin-editor
sh_ipcsh_builtin_editor_SOURCES = sh/main.c
sh_ipcsh_builtin_editor_LDADD = sh/libsh.la sh/lineedit/liblineedit-builtin.la $(UTIL_LIBS)
