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

section "message queues: msgq over System V queues"
msgq="$build/coreutils/msgq"
q="demo$$"
if "$msgq" create "$q"; then
	"$msgq" send -t 2 "$q" "second in line" && "$msgq" send -t 1 "$q" "first, by type"
	got=$("$msgq" recv -t -2 -n 2 "$q" | tr '\n' '|')
	[ "$got" = "first, by type|second in line|" ] &&
		ok "two typed messages, taken lowest type first: $got" ||
		not_ok "msgq carried: $got"
	key=$("$msgq" stat --json "$q" | sed -n 's/.*"key": *"\{0,1\}\([^",]*\).*/\1/p')
	ok "the queue is a real System V queue (key $(printf 0x%08x "$key" 2>/dev/null || echo "$key")), visible in ipcs -q"
	"$msgq" rm "$q" && ok "msgq rm removed it"
else
	not_ok "msgq create $q"
fi

section "shared memory: shmctl, a segment with its lock and sequence"
shmctl="$build/coreutils/shmctl"
seg="demo$$"
if "$shmctl" create "$seg" 4K; then
	"$shmctl" write --data "state v1" "$seg"
	got=$("$shmctl" read "$seg")
	[ "$got" = "state v1" ] && ok "written and read back: \"$got\" (/dev/shm/$seg)" ||
		not_ok "shmctl read gave: $got"
	"$shmctl" rm "$seg" && ok "shmctl rm removed it"
else
	not_ok "shmctl create $seg"
fi

section "channels: chan, typed messages from many senders to one receiver"
chan="$build/coreutils/chan"
ch="demo$$"
if "$chan" create --type line "$ch"; then
	( seq 1 500 | "$chan" send "$ch" ) &
	( seq 501 1000 | "$chan" send "$ch" ) &
	got=$(timeout 20 "$chan" recv "$ch" | wc -l)
	wait
	[ "$got" -eq 1000 ] && ok "two producers piped 1000 lines; one consumer got $got and ended by itself" ||
		not_ok "chan recv got $got lines"
	"$chan" rm "$ch" && ok "chan rm removed it"
else
	not_ok "chan create $ch"
fi

section "ports: portctl and the portd broker, with the sender's identity"
portctl="$build/coreutils/portctl"
export IPC_PORTD="$build/coreutils/portd/portd"
svc="upper$$"
"$portctl" serve "$svc" -- tr a-z A-Z 2>/dev/null &
server=$!
got=$(timeout 20 "$portctl" call --timeout 10 "$svc" "hello through a port" 2>&1)
[ "$got" = "HELLO THROUGH A PORT" ] &&
	ok "portctl serve $svc -- tr a-z A-Z; portctl call $svc: '$got' (the broker started itself)" ||
	not_ok "portctl call $svc: $got"
"$portctl" create "$svc.log" && "$portctl" send "$svc.log" "who sent this?" && got=$("$portctl" recv --json "$svc.log") &&
	case $got in
	*"\"user\":\"$(id -un)\""*) ok "portctl recv --json: the broker vouches for the sender: $got" ;;
	*) not_ok "portctl recv --json: $got" ;;
	esac || not_ok "portctl send/recv $svc.log"
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
"$portctl" rm "$svc" 2>/dev/null; "$portctl" rm "$svc.log" 2>/dev/null
[ -f "$IPC_RUNTIME_DIR/portd.pid" ] && kill "$(cat "$IPC_RUNTIME_DIR/portd.pid")" 2>/dev/null

section "the shell: ipcsh runs the utilities as builtins, in-process"
ipcsh="$build/sh/ipcsh"
got=$("$ipcsh" -c 'msgq create d$$ && msgq send d$$ "from a builtin" &&
	msgq recv d$$ && msgq rm d$$ && type msgq' 2>&1)
case $got in
"from a builtin"*builtin*) ok "ipcsh -c: msgq create/send/recv/rm as builtins: $(echo "$got" | tr '\n' ';')" ;;
*) not_ok "ipcsh and msgq: $got" ;;
esac

echo "1..$n"
exit $failed
