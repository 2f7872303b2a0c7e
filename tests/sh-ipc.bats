#!/usr/bin/env bats
# sh-ipc.bats: the IPC utilities run inside ipcsh as builtins, in-process:
# round trips in one shell, and a signal sent to the shell while a utility
# waits stops the wait and runs the shell's trap.

load helper
bats_require_minimum_version 1.5.0

setup() {
	common_setup
	Q=$(uniq_name q)
	SEG=$(uniq_name seg)
	C=$(uniq_name c)
}

teardown() {
	if [ -n "${SHELL_PID:-}" ]; then
		kill -KILL "$SHELL_PID" 2>/dev/null || true
		wait "$SHELL_PID" 2>/dev/null || true
	fi
	msgq_cleanup
	"$(bin shmctl)" rm "$SEG" 2>/dev/null || true
	"$(bin chan)" rm "$C" 2>/dev/null || true
}

@test "type names each IPC utility a builtin" {
	run "$IPCSH" -c 'type msgq shmctl chan'
	assert_success
	assert_output $'msgq is a shell builtin\nshmctl is a shell builtin\nchan is a shell builtin'
}

@test "a msgq round trip inside one ipcsh -c, with no program on PATH" {
	run --separate-stderr "$IPCSH" -c 'PATH=/nonexistent
		msgq create "$1" && msgq send "$1" one "two words"
		msgq recv -n 2 "$1"; echo "recv $?"
		msgq recv --nowait "$1"; echo "empty $?"
		msgq rm "$1"; msgq stat "$1"; echo "gone $?"' sh "$Q"
	assert_success
	assert_output $'one\ntwo words\nrecv 0\nempty 1\ngone 3'
}

@test "a shmctl round trip inside one ipcsh -c, its output captured by \$(...)" {
	run --separate-stderr "$IPCSH" -c 'PATH=/nonexistent
		shmctl create "$1" 64 && shmctl write --data "hello shm" "$1"
		x=$(shmctl read "$1"); echo "read <$x> $?"
		shmctl rm "$1"; shmctl read "$1"; echo "gone $?"' sh "$SEG"
	assert_success
	assert_output $'read <hello shm> 0\ngone 3'
}

@test "a chan round trip inside one ipcsh -c" {
	run --separate-stderr "$IPCSH" -c 'PATH=/nonexistent
		chan create "$1" && chan send "$1" a b && chan recv -n 2 "$1"
		chan rm "$1"; echo "rm $?"' sh "$C"
	assert_success
	assert_output $'a\nb\nrm 0'
}

@test "the IPC builtins run in the shell's own process: no fork, no exec" {
	command -v strace >/dev/null || skip "strace is not installed"
	run strace -f -e trace=fork,vfork,clone,clone3,execve -o trace "$IPCSH" -c \
	    'msgq create "$1"; msgq send "$1" x; msgq recv "$1"; msgq rm "$1"' sh "$Q"
	assert_success
	assert_output x
	# the one execve is the shell's own start
	run grep -cE 'fork|clone|execve' trace
	assert_output 1
}

# Waits until the shell $1 has printed "waiting" in out and sleeps in the
# kernel (in the futex wait where the kernel names it).
shell_waiting() {
	for _ in $(seq 400); do
		if grep -q waiting out 2>/dev/null &&
		    [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = S ]; then
			case $(cat "/proc/$1/wchan" 2>/dev/null || echo 0) in
			*futex*|0|'') return 0 ;;
			esac
		fi
		sleep 0.05
	done
	return 1
}

@test "a trapped signal stops shmctl wait running as a builtin and runs the trap" {
	"$(bin shmctl)" create "$SEG" 16
	"$IPCSH" -c 'trap "echo trapped" USR1; echo waiting
		shmctl wait --timeout 30 "$1"; echo "status $?"' sh "$SEG" > out 2> err &
	SHELL_PID=$!
	shell_waiting "$SHELL_PID"
	kill -USR1 "$SHELL_PID"
	st=0
	wait "$SHELL_PID" || st=$?
	SHELL_PID=
	assert_equal "$st" 0
	run cat out
	assert_output $'waiting\ntrapped\nstatus 138'
}

@test "SIGINT (Ctrl-C) with a trap stops the wait and the trap ends the script" {
	# A background job ignores SIGINT unless told otherwise.
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	"$(bin shmctl)" create "$SEG" 16
	env --default-signal=INT "$IPCSH" -c 'trap "echo interrupted; exit 130" INT
		echo waiting; shmctl wait --timeout 30 "$1"; echo not reached' sh "$SEG" > out 2> err &
	SHELL_PID=$!
	shell_waiting "$SHELL_PID"
	kill -INT "$SHELL_PID"
	st=0
	wait "$SHELL_PID" || st=$?
	SHELL_PID=
	assert_equal "$st" 130
	run cat out
	assert_output $'waiting\ninterrupted'
}

@test "an untrapped SIGTERM ends the shell while a builtin waits" {
	"$(bin shmctl)" create "$SEG" 16
	"$IPCSH" -c 'echo waiting; shmctl wait --timeout 30 "$1"; echo not reached' sh "$SEG" > out 2> err &
	SHELL_PID=$!
	shell_waiting "$SHELL_PID"
	kill -TERM "$SHELL_PID"
	st=0
	wait "$SHELL_PID" || st=$?
	SHELL_PID=
	assert_equal "$st" 143
	run cat out
	assert_output waiting
}

@test "a signal for the shell waits while \$(...) runs a builtin in-process; INT ends the substitution" {
	# A forked substitution would not see a signal sent to the shell's
	# own pid: the builtin keeps waiting (it returned 138, and a loop
	# around it spun), and the trap runs once the substitution is done.
	# Were the signal late, the trap would run in `wait`: same output.
	"$(bin shmctl)" create "$SEG" 16
	run --separate-stderr "$IPCSH" -c 'trap "echo trapped" USR1
		(sleep 0.3; kill -USR1 $$) &
		x=$(shmctl wait --timeout 2 "$1"; echo "waited $?"); wait; echo "x=$x"' sh "$SEG"
	assert_success
	assert_output $'trapped\nx=waited 1'
	# INT, which a terminal sends to the whole group, ends it as it would
	# kill a forked one, and stays pending for the shell's trap.
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	run --separate-stderr env --default-signal=INT "$IPCSH" -c 'trap "echo interrupted; exit 7" INT
		(sleep 0.3; kill -INT $$) &
		x=$(shmctl wait --timeout 30 "$1"; echo "went on after INT" >&2); echo "not reached"' sh "$SEG"
	assert_failure 7
	assert_output interrupted
	assert_equal "$stderr" ""
}
