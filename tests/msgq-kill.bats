#!/usr/bin/env bats
# msgq-kill.bats: SIGKILL mid-stream loses and duplicates nothing: the kernel keeps what was not taken.

bats_require_minimum_version 1.5.0
load helper

setup() {
	common_setup
	MSGQ=$(bin msgq)
}

teardown() {
	[ -n "${sender-}" ] && kill -9 "$sender" 2>/dev/null
	[ -n "${receiver-}" ] && kill -9 "$receiver" 2>/dev/null
	exec 7>&- 2>/dev/null
	msgq_cleanup
}

# The kernel function a process sleeps in (wchan), or "?" when not shown.
sleeping_in() {
	local w
	w=$(cat "/proc/$1/wchan" 2>/dev/null) || w="?"
	printf '%s' "${w:-?}"
}

# Waits (up to 20 s) until: the sender waits for input, the queue is empty
# and the receiver sleeps in msgrcv. Then nothing can move: a kill now
# lands between messages, wherever the stream is.
wait_idle() {
	local i
	for i in $(seq 200); do
		if [[ $(sleeping_in "$sender") == *pipe* ]] &&
		    [ "$("$MSGQ" stat --json q | jq .messages)" = 0 ] &&
		    [[ $(sleeping_in "$receiver") == *msgrcv* ]]; then
			return 0
		fi
		sleep 0.1
	done
	echo "not idle: sender in $(sleeping_in "$sender"), receiver in $(sleeping_in "$receiver")" >&2
	return 1
}

@test "a receiver killed with SIGKILL mid-stream loses nothing; a new one gets the rest" {
	"$MSGQ" create q
	mkfifo feed
	"$MSGQ" send q <feed &
	sender=$!
	exec 7>feed   # (bats owns descriptor 3)
	"$MSGQ" recv -n 3000 q >out1 &
	receiver=$!
	seq 1 1000 >&7
	wait_idle
	kill -9 "$receiver"
	wait "$receiver" || true
	receiver=
	# What the receiver took, it wrote: each message before taking the next.
	run cat out1
	[ "${#lines[@]}" -eq 1000 ]
	# The stream goes on with nobody receiving; the kernel keeps it all.
	seq 1001 3000 >&7
	exec 7>&-
	wait "$sender"
	sender=
	[ "$("$MSGQ" stat --json q | jq .messages)" = 2000 ]
	"$MSGQ" recv -n 2000 q >out2
	cat out1 out2 | cmp - <(seq 1 3000)
	run "$MSGQ" recv --nowait q
	assert_failure 1
}

@test "a sender killed while blocked on a full queue leaves exactly what it sent" {
	"$MSGQ" create --max-bytes 1000 q
	seq 1 5000 | "$MSGQ" send q &
	sender=$!
	local i
	for i in $(seq 100); do
		[[ $(sleeping_in "$sender") == *msgsnd* ]] && break
		sleep 0.1
	done
	kill -9 "$sender"
	wait "$sender" || true
	sender=
	local n
	n=$("$MSGQ" stat --json q | jq .messages)
	[ "$n" -gt 100 ] && [ "$n" -lt 5000 ]
	"$MSGQ" recv --all q >got
	seq 1 "$n" | cmp - got
}
