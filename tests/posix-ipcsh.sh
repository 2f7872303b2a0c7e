# tests/posix-ipcsh.sh: the POSIX conformance cases (tests/posix) against the
# build tree's ipcsh, as TAP.  A failing case is a "not ok" line, so the
# runner's status 1 (some case failed) is not reported a second time.
: "${top_srcdir:?run the tests through make check}"
: "${top_builddir:?run the tests through make check}"
/bin/sh "$top_srcdir/tests/posix/run" "$top_builddir/sh/ipcsh"
st=$?
[ $st -eq 1 ] && st=0
exit $st
