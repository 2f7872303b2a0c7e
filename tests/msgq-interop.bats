#!/usr/bin/env bats
# msgq-interop.bats: msgq's queues are util-linux's: ipcs, lsipc, ipcrm and ipcmk agree with msgq.

bats_require_minimum_version 1.5.0
load helper

setup() {
	common_setup
	MSGQ=$(bin msgq)
}

teardown() {
	msgq_cleanup
}

# Sets key (0x%08x), id and json for QUEUE.
stat_of() {
	json=$("$MSGQ" stat --json "$1")
	key=$(jq -r .key_hex <<<"$json")
	id=$(jq -r .id <<<"$json")
}

@test "ipcs -q shows the queue with the same key, id, mode and counts" {
	"$MSGQ" create -m 0640 jobs
	"$MSGQ" send jobs hello abc
	stat_of jobs
	run ipcs -q
	assert_success
	assert_line --regexp "^$key +$id +$(id -un) +640 +8 +2 *$"
	run ipcs -q -i "$id"
	assert_output --partial "mode=0640"
	assert_output --partial "qbytes=$(cat /proc/sys/kernel/msgmnb)"
}

@test "lsipc -q shows the same key and permissions" {
	"$MSGQ" create -m 0604 jobs
	stat_of jobs
	run lsipc -q --json -o KEY,ID,PERMS
	assert_success
	[ "$(jq -r --arg id "$id" '.messages[] | select(.id == $id) | "\(.key) \(.perms)"' <<<"$output")" = "$key rw----r--" ]
	run lsipc -q -r -o KEY,ID,PERMS,OWNER
	assert_line "$key $id rw----r-- $(id -un)"
}

@test "ipcrm -q ID removes it; msgq then says it is gone (status 3, one line)" {
	"$MSGQ" create jobs
	stat_of jobs
	ipcrm -q "$id"
	run --separate-stderr "$MSGQ" stat jobs
	assert_failure 3
	[ "$stderr" = "msgq: jobs: the queue was removed" ]
	run --separate-stderr "$MSGQ" send jobs x
	assert_failure 3
	[ "${#stderr_lines[@]}" -eq 1 ]
	run "$MSGQ" ls --json
	assert_output '{"queues":[]}'
	# The stale key file does not block the name: create replaces it.
	run "$MSGQ" create jobs
	assert_success
	local old=$id
	stat_of jobs
	[ "$id" != "$old" ]
}

@test "ipcrm -Q KEY removes it too; msgq rm then cleans the stale name" {
	"$MSGQ" create jobs
	stat_of jobs
	ipcrm -Q "$key"
	run --separate-stderr "$MSGQ" rm jobs
	assert_failure 3
	[ "$stderr" = "msgq: jobs: no such queue" ]
	[ ! -e "$IPC_RUNTIME_DIR/msgq/jobs" ]
}

@test "msgq rm removes what ipcs showed" {
	"$MSGQ" create jobs
	stat_of jobs
	ipcs -q | grep -q "^$key "
	"$MSGQ" rm jobs
	refute_ok grep -q "^$key " <(ipcs -q)
}

@test "a queue made by ipcmk is used and removed through id:N and key:K" {
	run ipcmk -Q -p 0600
	assert_success
	local id=${output##*: }
	msgq_track "id:$id"
	"$MSGQ" send -t 3 "id:$id" from-msgq
	run "$MSGQ" stat --json "id:$id"
	assert_success
	local key
	key=$(jq -r .key_hex <<<"$output")
	[ "$(jq .messages <<<"$output")" = 1 ]
	run ipcs -q -i "$id"
	assert_output --partial "qnum=1"
	if [ "$key" != 0x00000000 ]; then
		run "$MSGQ" recv --print-type "key:$key"
	else
		run "$MSGQ" recv --print-type "id:$id"
	fi
	assert_output "3	from-msgq"
	run "$MSGQ" rm "id:$id"
	assert_success
	refute_ok grep -qx "$id" <(ipcs -q | awk '{ print $2 }')
}
