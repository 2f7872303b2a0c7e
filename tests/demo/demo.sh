#!/bin/sh
# tests/demo/demo.sh: the quickstart demo: every mechanism built so far, used for
# real from the build tree, each step told as a line of TAP (so make check runs it
# too). Each mechanism adds its own section below, in the order of DESIGN.md.
# Usage: demo.sh [BUILD_DIR]   (default: $top_builddir, as make check sets it)
set -u
build=$(cd "${1:-${top_builddir:?give the build directory}}" && pwd) || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/ipcsh-demo.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
export IPC_RUNTIME_DIR="$work/rt"
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
section() { printf '#\n# %s\n' "$*"; }

# Runs one part of the library demo; each line it prints is one step.
lib() {
	out=$("$build/tests/demo/ipcdemo" "$@" 2>&1)
	st=$?
	while IFS= read -r line; do
		[ -n "$line" ] && ok "$line"
	done <<LINES
$out
LINES
	[ "$st" -eq 0 ] || not_ok "ipcdemo $*: exit status $st"
}

echo "# ipcsh demo, from $build"
echo "# (scratch directory $work, removed at the end)"

section "FIFOs from the shell: mkfifo, GNU's drop-in, built on libipc"
mkfifo="$build/coreutils/mkfifo"
if (umask 077 && "$mkfifo" -m 644 "$work/chat"); then
	ok "mkfifo -m 644 chat, under umask 077: $(ls -l "$work/chat" | cut -c1-10), the mode asked for"
else
	not_ok "mkfifo -m 644 chat"
fi
(timeout 10 sh -c 'echo "hello through a FIFO" > "$1"' sh "$work/chat" &)
got=$(timeout 10 cat "$work/chat")
[ "$got" = "hello through a FIFO" ] && ok "a writer and a reader met on it: \"$got\"" ||
	not_ok "the FIFO carried nothing"
msg=$("$mkfifo" "$work/chat" 2>&1) && not_ok "mkfifo over an existing name succeeded" ||
	ok "an existing name is refused as GNU does: $msg (exit $?)"

section "pipes (libipc)"
lib pipe "$work"

section "FIFOs (libipc)"
lib fifo "$work"

section "files (libipc): publish, watch, lock, append"
lib file
mkdir -m 777 "$work/wide"
msg=$(IPC_RUNTIME_DIR="$work/wide" "$build/tests/demo/ipcdemo" file 2>&1)
st=$?
[ "$st" -eq 4 ] && ok "a hostile runtime directory is refused: $msg (exit $st)" ||
	not_ok "a world-writable runtime directory was used (exit $st): $msg"

echo "1..$n"
exit $failed
