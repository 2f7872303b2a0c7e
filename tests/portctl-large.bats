#!/usr/bin/env bats
# portctl-large.bats: large messages and streams: through shared memory, whole, in order, bounded.

load helper

setup() {
	common_setup
	P=$(bin portctl)
}

teardown() {
	[ -z "${BG:-}" ] || { kill $BG 2>/dev/null; wait $BG 2>/dev/null; }
	portd_stop
}

@test "a 600 KiB message travels whole (through the sender's ring)" {
	head -c 614400 /dev/urandom > big
	"$P" create q
	"$P" send --raw q < big
	"$P" recv --raw q > got
	cmp big got
}

@test "a 5 MiB input is streamed in chunks and received as one message" {
	head -c 5242880 /dev/urandom > big
	"$P" create q
	"$P" send --raw q < big
	run "$P" ls
	assert_line --regexp '^q +[0-9]+ +[^ ]+ +private +- +5 +'
	"$P" recv --raw q > got
	cmp big got
	run "$P" recv --nowait q
	assert_failure 1
}

@test "streams from two senders do not interleave" {
	"$P" create q
	head -c 3145728 /dev/zero | tr '\0' a > a
	head -c 3145728 /dev/zero | tr '\0' b > b
	"$P" send --raw q < a 3>&- &
	local s1=$!
	"$P" send --raw q < b 3>&- &
	local s2=$!
	wait "$s1"
	wait "$s2"
	"$P" recv --raw -n 2 q > got
	[ "$(wc -c < got)" = 6291456 ]
	run tr -s ab < got
	[ "$output" = ab ] || [ "$output" = ba ]
}

@test "a stream cut short by its sender is reported as such" {
	"$P" create q
	# Two blocks, then the sender dies before the end of its input.
	mkfifo feed
	"$P" send --raw q < feed 3>&- &
	BG=$!
	exec 5> feed
	head -c 3145728 /dev/zero >&5
	local i
	for i in $(seq 250); do
		"$P" ls | grep -q '^q .* [12] ' && break
		sleep 0.02
	done
	kill -KILL "$BG"
	exec 5>&-
	run "$P" recv --raw --timeout 5 q
	assert_failure 5
	assert_line "portctl: q: a stream was cut short: its sender went away"
}

@test "recv --json gathers a stream into one object" {
	head -c 1572864 /dev/zero | tr '\0' x > big
	"$P" create q
	"$P" send --raw q < big
	run "$P" recv --json q
	assert_success
	assert_output --regexp '^\{"port":"q",.*"bytes":1572864,"data":"x+"\}$'
}

@test "a large reply comes back through the service's ring" {
	head -c 2097152 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 2000000 > big
	"$P" serve cat -- cat 3>&- &
	BG=$!
	port_wait_receiver cat
	"$P" call --raw cat < big > got
	cmp big got
}

@test "a full queue makes senders wait, and they go on once it drains" {
	"$IPC_PORTD" -f --queue-limit 100K 2>/dev/null 3>&- &
	local d=$! i
	for i in $(seq 250); do [ -S "$IPC_RUNTIME_DIR/portd.sock" ] && break; sleep 0.02; done
	"$P" create q
	# 2,000 lines of 500 bytes (inline messages, 540 bytes as frames):
	# ten times the queue's limit.
	head -c 750000 /dev/urandom | base64 -w 500 | head -n 2000 > lines
	"$P" send q < lines 3>&- &
	BG=$!
	# The queue fills to its limit and stays there: the sender waits.
	local bytes=0
	for i in $(seq 250); do
		bytes=$("$P" ls --json | sed -n 's/.*"name":"q",.*"bytes":\([0-9]*\).*/\1/p')
		[ "${bytes:-0}" -ge 100000 ] && break
		sleep 0.02
	done
	sleep 0.2
	bytes=$("$P" ls --json | sed -n 's/.*"name":"q",.*"bytes":\([0-9]*\).*/\1/p')
	[ "$bytes" -ge 100000 ] && [ "$bytes" -le $((102400 + 540)) ]
	kill -0 "$BG"
	"$P" recv -n 2000 q > got
	wait "$BG"
	BG=
	cmp lines got
	kill "$d"
	wait "$d"
}
