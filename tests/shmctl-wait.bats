#!/usr/bin/env bats
# shmctl-wait.bats: `shmctl wait` blocks until another process publishes an update.

load helper

setup() {
	common_setup
	S=$(bin shmctl)
	N=$(uniq_name seg)
	"$S" create -m 0644 "$N" 32
}

teardown() {
	[ -z "${WAITER:-}" ] || kill "$WAITER" 2>/dev/null || true
	rm -f /dev/shm/"${N%seg}"*
}

# Waits until process $1 is shmctl itself, asleep in the kernel: in the
# futex wait where the kernel names it, else merely sleeping.
sleeping() {
	for _ in $(seq 400); do
		if grep -q shmctl "/proc/$1/cmdline" 2>/dev/null &&
		    [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = S ]; then
			wchan=$(cat "/proc/$1/wchan" 2>/dev/null || echo 0)
			case $wchan in *futex*|0|'') return 0 ;; esac
		fi
		sleep 0.05
	done
	return 1
}

@test "a waiting reader wakes on a write from another process and prints the sequence" {
	"$S" wait --timeout 30 "$N" > out 2> err &
	WAITER=$!
	sleeping "$WAITER"
	run cat out
	assert_output ""
	"$S" write --data news "$N"
	# Not `run wait`: run's subshell cannot wait for this shell's child.
	wait "$WAITER"
	WAITER=
	run cat out err
	assert_output "1"
}

@test "a reader with read permission only waits too" {
	# as_nobody's own flags, without the function's subshell: $! is shmctl.
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$S" wait --timeout 30 "$N" > out 2> err &
	WAITER=$!
	sleeping "$WAITER"
	"$S" write --data news "$N"
	wait "$WAITER"
	WAITER=
	run cat out err
	assert_output "1"
}

@test "wait times out with status 1 and prints nothing" {
	run "$S" wait --timeout 0.2 "$N"
	assert_failure 1
	assert_output ""
	run "$S" wait --nowait "$N"
	assert_failure 1
	assert_output ""
}

@test "wait --since returns at once when the segment is already past it" {
	"$S" write --data a "$N"
	"$S" write --data b "$N"
	run "$S" wait --since 1 --nowait "$N"
	assert_success
	assert_output "2"
	run "$S" wait --since 2 --nowait "$N"
	assert_failure 1
}

@test "each of several updates wakes a new wait from where the last left off" {
	seq=0
	for word in one two three; do
		"$S" wait --since "$seq" --timeout 30 "$N" > out &
		WAITER=$!
		sleeping "$WAITER"
		"$S" write --data "$word" "$N"
		wait "$WAITER"
		WAITER=
		seq=$(cat out)
	done
	assert_equal "$seq" 3
	run "$S" read "$N"
	assert_output "three"
}

@test "a wait killed by a signal does not disturb later waits and writes" {
	"$S" wait --timeout 30 "$N" &
	WAITER=$!
	sleeping "$WAITER"
	kill -9 "$WAITER"
	wait "$WAITER" || true
	"$S" wait --timeout 30 "$N" > out &
	WAITER=$!
	sleeping "$WAITER"
	run "$S" write --timeout 5 --data after "$N"
	assert_success
	wait "$WAITER"
	WAITER=
	run cat out
	assert_output "1"
}
