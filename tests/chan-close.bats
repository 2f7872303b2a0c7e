#!/usr/bin/env bats
# chan-close.bats: when a channel ends: producers in pipelines, killed producers and receivers, removal, back-pressure.

load helper

setup() {
	common_setup
	CHAN=$(bin chan)
	Q=$(uniq_name q)
	"$CHAN" create "$Q"
}

teardown() {
	exec 4>&-
	for pid in ${bg_pids:-}; do
		kill -9 "$pid" 2>/dev/null || true
	done
	"$CHAN" rm "$Q" 2>/dev/null || true
}

# Lines "TAG 1" .. "TAG N".
tagged() {
	seq 1 "$2" | sed "s/^/$1 /"
}

# Checks that the lines tagged TAG in FILE are "TAG 1".."TAG N" in order;
# prints N.
in_order() {
	awk -v t="$1" '$1 == t { if ($2 != ++n) { print "gap at " n ": " $0; exit 1 } } END { print n + 0 }' "$2"
}

@test "producer | chan send, twice, and chan recv | wc -l prints the sum and ends by itself" {
	run timeout 20 bash -c "
		seq 1 1000 | '$CHAN' send '$Q' &
		seq 1 2345 | '$CHAN' send '$Q' &
		'$CHAN' recv '$Q' | wc -l
		wait"
	assert_success
	assert_output 3345
}

@test "the same with tiny producers that finish before the other has started" {
	for round in 1 2 3 4 5; do
		run timeout 20 bash -c "
			seq 1 3 | '$CHAN' send '$Q' &
			seq 1 5 | '$CHAN' send '$Q' &
			'$CHAN' recv '$Q' | wc -l
			wait"
		assert_success
		assert_output 8
	done
}

@test "a receiver started before the producers waits for them, then ends" {
	run timeout 20 bash -c "
		'$CHAN' recv '$Q' > out &
		r=\$!
		sleep 0.3
		tagged() { seq 1 \"\$2\" | sed \"s/^/\$1 /\"; }
		tagged a 500 | '$CHAN' send '$Q' &
		tagged b 700 | '$CHAN' send '$Q' &
		wait \$r"
	assert_success
	run in_order a out
	assert_output 500
	run in_order b out
	assert_output 700
}

@test "8 producers x 5000 lines: each line once, each producer's in order" {
	for p in 1 2 3 4 5 6 7 8; do
		tagged "p$p" 5000 | "$CHAN" send "$Q" &
	done
	timeout 30 "$CHAN" recv "$Q" > out
	wait
	run wc -l < out
	assert_output 40000
	for p in 1 2 3 4 5 6 7 8; do
		run in_order "p$p" out
		assert_output 5000
	done
}

@test "kill -9 of a producer mid-stream: the consumer still ends, nothing it sent is lost" {
	awk 'BEGIN { for (i = 1; ; i++) print "k", i }' | "$CHAN" send "$Q" 2>/dev/null 3>&- &
	victim=$!
	bg_pids=$victim
	tagged a 3000 | "$CHAN" send "$Q" &
	tagged b 3000 | "$CHAN" send "$Q" &
	timeout 30 "$CHAN" recv "$Q" > out &
	receiver=$!
	for _ in $(seq 200); do
		[ "$(grep -c '^k ' out)" -ge 1000 ] && break
		sleep 0.02
	done
	kill -9 "$victim"
	wait "$receiver"   # `run wait` would wait in a subshell: not its child
	run in_order a out
	assert_output 3000
	run in_order b out
	assert_output 3000
	run in_order k out
	assert_success
	[ "$output" -ge 1000 ]
}

@test "a full channel holds its producer back, losing nothing" {
	"$CHAN" rm "$Q"
	"$CHAN" create --capacity 4K "$Q"
	seq 1 100000 | "$CHAN" send "$Q" &
	producer=$!
	sleep 0.5
	run "$CHAN" stat --json "$Q"
	assert_output --regexp '"used":40[0-9][0-9],'
	assert_output --partial '"senders":1'
	timeout 30 "$CHAN" recv "$Q" > out
	wait "$producer"
	run awk '$1 != NR { print "line " NR ": " $0; exit 1 } END { print NR }' out
	assert_success
	assert_output 100000
}

@test "a receiver killed with -9 does not hold the channel" {
	"$CHAN" recv "$Q" > /dev/null 2>&1 3>&- &
	receiver=$!
	bg_pids=$receiver
	for _ in $(seq 100); do
		"$CHAN" stat --json "$Q" | grep -q "\"receiver\":$receiver" && break
		sleep 0.02
	done
	kill -9 "$receiver"
	wait "$receiver" || true
	"$CHAN" send "$Q" still-here
	run "$CHAN" recv -n 1 "$Q"
	assert_success
	assert_output still-here
}

@test "rm while a receiver waits: it gets what was sent, then exits 3" {
	"$CHAN" send "$Q" sent-before
	mkfifo hold
	"$CHAN" send "$Q" < hold &
	sender=$!
	exec 4> hold
	for _ in $(seq 100); do
		"$CHAN" stat --json "$Q" | grep -q '"senders":1' && break
		sleep 0.02
	done
	timeout 10 "$CHAN" recv "$Q" > out 2> err &
	receiver=$!
	sleep 0.3
	"$CHAN" rm "$Q"
	status=0
	wait "$receiver" || status=$?
	[ "$status" -eq 3 ]
	run cat out err
	assert_output "$(printf 'sent-before\nchan: %s: the channel was removed' "$Q")"
	exec 4>&-
	wait "$sender"
}
