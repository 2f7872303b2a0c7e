# m4/ipc.m4: the project's own configure macros

# AX_IPC_WARNINGS: a warning set every file builds clean under.
AC_DEFUN([AX_IPC_WARNINGS], [
  AC_SUBST([WARN_CFLAGS],
    ["-Wall -Wextra -Wno-unused-parameter -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla"])
])

# AX_IPC_SANITIZERS: --enable-sanitizers builds everything with ASan + UBSan.
AC_DEFUN([AX_IPC_SANITIZERS], [
  AC_ARG_ENABLE([sanitizers],
    [AS_HELP_STRING([--enable-sanitizers],
      [build library, programs and tests with AddressSanitizer and UndefinedBehaviorSanitizer])],
    [], [enable_sanitizers=no])
  SAN_FLAGS=
  AS_IF([test "x$enable_sanitizers" = xyes], [
    SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    save_CFLAGS=$CFLAGS; CFLAGS="$CFLAGS $SAN_FLAGS"
    save_LDFLAGS=$LDFLAGS; LDFLAGS="$LDFLAGS $SAN_FLAGS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])], [],
      [AC_MSG_ERROR([the compiler cannot build with $SAN_FLAGS])])
    CFLAGS=$save_CFLAGS; LDFLAGS=$save_LDFLAGS
  ])
  AC_SUBST([SAN_FLAGS])
  dnl The tests read it as $IPCSH_SANITIZERS (AM_TESTS_ENVIRONMENT).
  AC_SUBST([enable_sanitizers])
  AM_CONDITIONAL([SANITIZERS], [test "x$enable_sanitizers" = xyes])
])

# AX_PTHREAD_SIMPLE: -pthread for process-shared mutexes and conditions.
AC_DEFUN([AX_PTHREAD_SIMPLE], [
  save_CFLAGS=$CFLAGS; CFLAGS="$CFLAGS -pthread"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <pthread.h>]],
      [[pthread_mutexattr_t a; pthread_mutexattr_init(&a);
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);]])],
    [PTHREAD_CFLAGS=-pthread],
    [AC_MSG_ERROR([process-shared pthread mutexes are required])])
  CFLAGS=$save_CFLAGS
  AC_SUBST([PTHREAD_CFLAGS])
])

# AX_IPC_LIBEDIT: --with-libedit=auto|yes|no for the shell's line editor.
AC_DEFUN([AX_IPC_LIBEDIT], [
  AC_ARG_WITH([libedit],
    [AS_HELP_STRING([--with-libedit=auto|yes|no],
      [line editing through libedit (default: auto); no selects the built-in editor])],
    [], [with_libedit=auto])
  have_libedit=no
  AS_CASE([$with_libedit],
    [no], [],
    [yes], [PKG_CHECK_MODULES([LIBEDIT], [libedit], [have_libedit=yes],
              [AC_MSG_ERROR([--with-libedit=yes but libedit was not found: $LIBEDIT_PKG_ERRORS])])],
    [auto], [PKG_CHECK_MODULES([LIBEDIT], [libedit], [have_libedit=yes], [have_libedit=no])],
    [AC_MSG_ERROR([--with-libedit takes auto, yes or no, not '$with_libedit'])])
  AS_IF([test "x$have_libedit" = xyes],
    [AC_DEFINE([HAVE_LIBEDIT], [1], [Define to 1 to edit lines with libedit.])
     # Linked dynamically, libedit brings four libraries that every script
     # would load at startup for nothing; linked statically, only the pages an
     # interactive shell touches are read. Use the static archives when they link.
     # The archives by path: libtool moves -Wl,-Bstatic away from the -l's.
     ipc_edit_archives=
     for lib in edit tinfo bsd md; do
       a=`$CC -print-file-name=lib$lib.a 2>/dev/null`
       AS_IF([test -f "$a"], [ipc_edit_archives="$ipc_edit_archives $a"],
         [ipc_edit_archives=none; break])
     done
     AC_CACHE_CHECK([whether libedit links statically], [ipc_cv_libedit_static], [
       ipc_cv_libedit_static=no
       AS_IF([test "x$ipc_edit_archives" != xnone], [
       save_LIBS=$LIBS; save_CFLAGS=$CFLAGS
       LIBS="$ipc_edit_archives $LIBS"
       CFLAGS="$CFLAGS $LIBEDIT_CFLAGS"
       AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <stdio.h>
#include <histedit.h>]],
           [[EditLine *e = el_init("t", stdin, stdout, stderr); el_end(e);]])],
         [ipc_cv_libedit_static=yes], [ipc_cv_libedit_static=no])
       LIBS=$save_LIBS; CFLAGS=$save_CFLAGS])])
     AS_IF([test "x$ipc_cv_libedit_static" = xyes],
       [LIBEDIT_LIBS=$ipc_edit_archives])])
  AM_CONDITIONAL([HAVE_LIBEDIT], [test "x$have_libedit" = xyes])
  AC_MSG_CHECKING([for the line editor])
  AS_IF([test "x$have_libedit" = xyes], [AC_MSG_RESULT([libedit])], [AC_MSG_RESULT([built-in])])
])
