#!/usr/bin/env bats
# shmctl-lock.bats: `shmctl lock NAME -- CMD`: exclusion, statuses, lending, recovery of a killed holder.

load helper

setup() {
	common_setup
	S=$(bin shmctl)
	L="$top_builddir/tests/helpers/shm_lockloop"
	I="$top_builddir/tests/helpers/shm_incr"
	N=$(uniq_name seg)
	"$S" create "$N" 32
}

teardown() {
	for f in holder.pid cmd.pid; do
		[ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
	done
	rm -f /dev/shm/"${N%seg}"*
}

# Starts `shmctl lock NAME -- CMD` holding the lock for a minute; waits until it holds.
hold() {
	"$S" lock "$N" -- sh -c 'echo $$ > cmd.pid; exec sleep 60' &
	echo $! > holder.pid
	for _ in $(seq 200); do
		"$S" stat "$N" | grep -q "^lock:        held by $(cat holder.pid)$" && [ -s cmd.pid ] && return 0
		sleep 0.05
	done
	return 1
}

@test "lock runs the command and exits with its status" {
	run "$S" lock "$N" -- sh -c 'echo ran; exit 7'
	assert_failure 7
	assert_output "ran"
	run "$S" lock "$N" -- true
	assert_success
	run "$S" lock "$N" true
	assert_success
}

@test "a command killed by signal N gives 128+N" {
	run "$S" lock "$N" -- sh -c 'kill -TERM $$'
	assert_failure 143
	run "$S" lock "$N" -- sh -c 'kill -KILL $$'
	assert_failure 137
	run "$S" stat "$N"
	assert_line "lock:        free"
}

@test "options go before NAME or before --" {
	run "$S" lock --timeout 5 "$N" -- true
	assert_success
	run "$S" lock "$N" --timeout 5 -- true
	assert_success
	run "$S" lock "$N" -- sh -c 'echo "$@"' sh --timeout 5
	assert_output "--timeout 5"
}

@test "the command holds the lock: another writer waits, and times out with status 1" {
	hold
	run "$S" write --nowait --data x "$N"
	assert_failure 1
	assert_output "shmctl: $N: timed out waiting for the lock"
	run "$S" write --timeout 0.3 --data x "$N"
	assert_failure 1
	run "$S" lock --timeout 0.2 "$N" -- true
	assert_failure 1
	assert_output "shmctl: $N: timed out waiting for the lock"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":0,'
}

@test "shmctl write inside the command writes under the lent lock" {
	run "$S" lock "$N" -- sh -c "'$S' write --data inner '$N' && '$S' write --offset 5 --data 2 '$N'"
	assert_success
	run "$S" read "$N"
	assert_output "inner2"
}

@test "without the lent lock, a write inside the command has to wait" {
	run "$S" lock "$N" -- env -u IPC_SHM_LOCKED "$S" write --timeout 0.3 --data x "$N"
	assert_failure 1
	assert_output "shmctl: $N: timed out waiting for the lock"
}

@test "a nested lock of the same segment runs at once" {
	run "$S" lock --timeout 5 "$N" -- "$S" lock --timeout 1 "$N" -- "$S" write --data nested "$N"
	assert_success
	run "$S" read "$N"
	assert_output "nested"
}

@test "kill -9 of the holder: the next writer recovers the lock and stat reports it" {
	"$S" write --data before "$N"
	hold
	kill -9 "$(cat holder.pid)"
	wait "$(cat holder.pid)" || true
	kill "$(cat cmd.pid)"
	run "$S" stat "$N"
	assert_line "lock:        held by $(cat holder.pid), which is dead (the next locker recovers it)"
	run "$S" write --timeout 5 --data after "$N"
	assert_success
	assert_output "shmctl: $N: warning: recovered the lock of a process that died holding it"
	run "$S" stat "$N"
	assert_line "lock:        free"
	assert_line "recoveries:  1"
	assert_line "torn:        no"
	assert_line "sequence:    2"
	run "$S" read "$N"
	assert_output "after"
}

@test "a holder killed after part of its updates: the content is reported torn" {
	"$S" write --data before "$N"
	run "$S" lock "$N" -- sh -c "'$S' write --data half '$N' && kill -9 \$PPID"
	assert_failure 137
	run "$S" write --timeout 5 --offset 0 --data H "$N"
	assert_success
	assert_output "shmctl: $N: warning: recovered the lock of a process that died holding it; its session was cut short, the content may be torn"
	run "$S" stat --json "$N"
	assert_output --partial '"recoveries":1,"torn":true}'
	run "$S" read "$N"
	assert_output "Half"
	"$S" write --data whole "$N"
	run "$S" stat --json "$N"
	assert_output --partial '"recoveries":1,"torn":false}'
}

@test "2 writers x 10,000 increments under shmctl lock end at exactly 20,000" {
	# shm_lockloop calls shmctl's lock verb in-process 10,000 times (as ipcsh
	# runs it as a builtin); each call spawns shm_incr, which adds one under
	# the lent lock and refuses to run without it.
	"$S" write --data 0 "$N"
	"$L" 10000 "$N" "$I" "$N" 3>&- &
	a=$!
	"$L" 10000 "$N" "$I" "$N" 3>&- &
	b=$!
	wait "$a"
	wait "$b"
	run "$S" read "$N"
	assert_output "20000"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":20001,'
}

@test "shell scripts: 2 x 50 read-increment-write under shmctl lock end at exactly 100" {
	"$S" write --data 0 "$N"
	incr() {
		for _ in $(seq 50); do
			"$S" lock "$N" -- sh -c "n=\$('$S' read '$N'); '$S' write --data \$((n + 1)) '$N'" || return 1
		done
	}
	incr 3>&- &
	a=$!
	incr 3>&- &
	b=$!
	wait "$a"
	wait "$b"
	run "$S" read "$N"
	assert_output "100"
}

@test "the increment command refuses to run outside a lock" {
	run "$I" "$N"
	assert_failure 3
	assert_output "shm_incr: $N: not run under its lock"
}
