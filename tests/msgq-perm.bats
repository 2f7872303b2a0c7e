#!/usr/bin/env bats
# msgq-perm.bats: another user (nobody) meets msgq's permissions: status 4, one line.

bats_require_minimum_version 1.5.0
load helper

setup() {
	common_setup
	MSGQ=$(bin msgq)
	[ "$(id -u)" -eq 0 ] || skip "needs root to run a step as nobody"
}

teardown() {
	[ -n "${shared-}" ] && rm -rf "$shared"
	msgq_cleanup
}

# The queue's key:K and id:N for a name.
refs() {
	local json
	json=$("$MSGQ" stat --json "$1")
	key="key:$(jq -r .key_hex <<<"$json")"
	qid="id:$(jq -r .id <<<"$json")"
}

@test "another user can neither send to, receive from, stat nor remove a 0600 queue" {
	"$MSGQ" create private
	"$MSGQ" send private secret
	refs private
	for q in "$key" "$qid"; do
		run --separate-stderr as_nobody "$MSGQ" send "$q" intruder
		assert_failure 4
		[ "$stderr" = "msgq: $q: permission denied" ]
		run --separate-stderr as_nobody "$MSGQ" recv --nowait "$q"
		assert_failure 4
		[ "$stderr" = "msgq: $q: permission denied" ]
		[ -z "$output" ]
		run --separate-stderr as_nobody "$MSGQ" stat "$q"
		assert_failure 4
		[ "$stderr" = "msgq: $q: permission denied" ]
		run --separate-stderr as_nobody "$MSGQ" rm "$q"
		assert_failure 4
		[ "$stderr" = "msgq: $q: operation not permitted (not the queue's owner)" ]
	done
	run "$MSGQ" recv --all private
	assert_output secret
}

@test "-m 0622 lets another user send but not receive" {
	"$MSGQ" create -m 0622 inbox
	refs inbox
	run as_nobody "$MSGQ" send -t 7 "$key" from-nobody
	assert_success
	run --separate-stderr as_nobody "$MSGQ" recv --nowait "$key"
	assert_failure 4
	run "$MSGQ" stat --json inbox
	[ "$(jq .last_send_pid <<<"$output")" -gt 0 ]
	run "$MSGQ" recv --print-type inbox
	assert_output "7	from-nobody"
}

@test "another user's runtime directory is refused by name: status 4" {
	"$MSGQ" create mine
	# Reachable by nobody (in /tmp) but owned by us: refused as not theirs.
	shared=$(mktemp -d /tmp/msgq-perm.XXXXXX)
	run --separate-stderr as_nobody env IPC_RUNTIME_DIR="$shared" "$MSGQ" send mine x
	assert_failure 4
	[ "$stderr" = "msgq: mine: the runtime directory (\$IPC_RUNTIME_DIR) belongs to another user or is open to others" ]
	run --separate-stderr as_nobody env IPC_RUNTIME_DIR="$shared" "$MSGQ" ls
	assert_failure 4
	[ "$stderr" = "msgq: the runtime directory (\$IPC_RUNTIME_DIR) belongs to another user or is open to others" ]
	# Out of reach altogether (under the test's private directory): refused too.
	run --separate-stderr as_nobody "$MSGQ" stat mine
	assert_failure 4
	[ "$stderr" = "msgq: mine: the runtime directory (\$IPC_RUNTIME_DIR) is out of reach: permission denied" ]
}
