#!/usr/bin/env bats
# msgq.bats: every verb and option of msgq, its output formats and exit statuses.

bats_require_minimum_version 1.5.0
load helper

setup() {
	common_setup
	MSGQ=$(bin msgq)
}

teardown() {
	msgq_cleanup
}

# ---- the program ----

@test "--help prints the usage to stdout and exits 0" {
	run --separate-stderr "$MSGQ" --help
	assert_success
	assert_line --index 0 --partial "Usage: msgq VERB"
	assert_output --partial "msgq recv [-t TYPE] [-n COUNT | --all]"
	assert_output --partial "Exit status:"
	[ -z "$stderr" ]
	run "$MSGQ" send --help
	assert_success
	assert_line --index 0 --partial "Usage: msgq VERB"
}

@test "--version names the program and the package" {
	run "$MSGQ" --version
	assert_success
	assert_line --index 0 --regexp '^msgq \(ipcsh\) [0-9]'
	run "$MSGQ" ls --version
	assert_success
}

@test "a missing or unknown verb is a usage error (status 2)" {
	run --separate-stderr "$MSGQ"
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: missing verb (create, send, recv, stat, ls or rm)" ]
	run --separate-stderr "$MSGQ" frobnicate q
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: unknown verb 'frobnicate' (create, send, recv, stat, ls or rm)" ]
	[ "${stderr_lines[1]}" = "Try 'msgq --help' for more information." ]
}

@test "unknown options, misplaced options and wrong operands are usage errors" {
	run --separate-stderr "$MSGQ" send --bogus q
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: unrecognized option '--bogus'" ]
	run --separate-stderr "$MSGQ" ls -m 600
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: --mode is not an option of 'ls'" ]
	run --separate-stderr "$MSGQ" send --all q
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: --all is not an option of 'send'" ]
	run --separate-stderr "$MSGQ" stat
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: 'stat' needs a queue" ]
	run --separate-stderr "$MSGQ" stat a b
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: 'stat' takes one queue; extra operand 'b'" ]
	run --separate-stderr "$MSGQ" ls x
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: 'ls' takes no operand, not 'x'" ]
	run --separate-stderr "$MSGQ" rm
	assert_failure 2
	run --separate-stderr "$MSGQ" recv --nowait --timeout 1 q
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: --nowait and --timeout cannot be used together" ]
	run --separate-stderr "$MSGQ" recv -n 2 --all q
	assert_failure 2
	run --separate-stderr "$MSGQ" recv -0 --raw q
	assert_failure 2
	run --separate-stderr "$MSGQ" recv --timeout -1 q
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: invalid timeout '-1' (seconds >= 0)" ]
}

@test "bad queue names are refused with status 2" {
	for q in "" "a/b" "../x" ".hidden" "-x" "a b" "key:" "key:0" "key:zz" "id:" "id:-3" "id:1.5"; do
		run --separate-stderr "$MSGQ" create -- "$q"
		assert_failure 2
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ "${stderr_lines[0]}" == "msgq: $q: invalid queue"* ]]
	done
	run --separate-stderr "$MSGQ" create id:5
	assert_failure 2
	[ "$stderr" = "msgq: id:5: an id cannot be created: use a name or key:K" ]
}

# ---- create ----

@test "create makes a 0600 queue with a key file" {
	run "$MSGQ" create jobs
	assert_success
	assert_output ""
	[ -f "$IPC_RUNTIME_DIR/msgq/jobs" ]
	run "$MSGQ" stat --json jobs
	assert_success
	[ "$(jq -r .mode <<<"$output")" = 0600 ]
	[ "$(jq -r .max_bytes <<<"$output")" = "$(cat /proc/sys/kernel/msgmnb)" ]
	grep -qx "$(jq -r .key_hex <<<"$output") $(jq -r .id <<<"$output")" "$IPC_RUNTIME_DIR/msgq/jobs"
}

@test "create -m sets the mode, octal or symbolic" {
	"$MSGQ" create -m 0640 a
	"$MSGQ" create --mode=g+w b
	"$MSGQ" create -m a=rw c
	[ "$("$MSGQ" stat --json a | jq -r .mode)" = 0640 ]
	[ "$("$MSGQ" stat --json b | jq -r .mode)" = 0620 ]
	[ "$("$MSGQ" stat --json c | jq -r .mode)" = 0666 ]
	for m in 999 u+q 4755 u+s ""; do
		run --separate-stderr "$MSGQ" create -m "$m" d
		assert_failure 2
		[[ "${stderr_lines[0]}" == "msgq: invalid mode '$m'"* ]]
	done
	[ ! -e "$IPC_RUNTIME_DIR/msgq/d" ]
}

@test "create --max-bytes sets the byte limit; above msgmnb is a permission error" {
	"$MSGQ" create --max-bytes 4K small
	[ "$("$MSGQ" stat --json small | jq .max_bytes)" = 4096 ]
	for n in 0 -1 abc 4X; do
		run "$MSGQ" create --max-bytes "$n" bad
		assert_failure 2
	done
	local mnb
	mnb=$(cat /proc/sys/kernel/msgmnb)
	run --separate-stderr "$MSGQ" create --max-bytes $((mnb + 1)) big
	local cap
	cap=$(awk '/^CapEff/ { print $2 }' /proc/self/status)
	if (( (0x$cap >> 24) & 1 )); then   # CAP_SYS_RESOURCE
		assert_success
	else
		assert_failure 4
		[ "$stderr" = "msgq: big: a byte limit of $((mnb + 1)) is over the system's msgmnb ($mnb): raising it needs CAP_SYS_RESOURCE" ]
		[ ! -e "$IPC_RUNTIME_DIR/msgq/big" ]
	fi
}

@test "create of an existing queue fails with status 5" {
	"$MSGQ" create jobs
	run --separate-stderr "$MSGQ" create /jobs
	assert_failure 5
	[ "$stderr" = "msgq: /jobs: a queue of that name or key already exists" ]
}

@test "create key:K makes a queue with exactly that key" {
	local k
	k=$(msgq_free_key)
	msgq_track "$k"
	run "$MSGQ" create "$k"
	assert_success
	[ "key:$("$MSGQ" stat --json "$k" | jq -r .key_hex)" = "$k" ]
	run "$MSGQ" create "$k"
	assert_failure 5
}

# ---- send and recv ----

@test "send sends each operand as a message; recv prints them in order" {
	"$MSGQ" create q
	run "$MSGQ" send q one "two words" ""
	assert_success
	assert_output ""
	"$MSGQ" recv -n 3 q >out
	printf 'one\ntwo words\n\n' | cmp - out
}

@test "send reads lines from standard input; an empty line is an empty message" {
	"$MSGQ" create q
	printf 'a\n\nb\nlast-without-newline' | "$MSGQ" send q
	[ "$("$MSGQ" stat --json q | jq .messages)" = 4 ]
	run "$MSGQ" recv --all q
	assert_success
	assert_output $'a\n\nb\nlast-without-newline'
}

@test "send with empty standard input sends nothing and succeeds" {
	"$MSGQ" create q
	run "$MSGQ" send q </dev/null
	assert_success
	[ "$("$MSGQ" stat --json q | jq .messages)" = 0 ]
}

@test "-0 splits input on NUL and ends output messages with NUL" {
	"$MSGQ" create q
	printf 'a\nb\0c\0' | "$MSGQ" send -0 q
	[ "$("$MSGQ" stat --json q | jq .messages)" = 2 ]
	"$MSGQ" recv -0 -n 2 q >out
	printf 'a\nb\0c\0' | cmp - out
}

@test "--raw sends all of stdin as one message and prints it byte for byte" {
	"$MSGQ" create q
	head -c 3000 /dev/urandom >blob
	"$MSGQ" send --raw q <blob
	[ "$("$MSGQ" stat --json q | jq .messages)" = 1 ]
	[ "$("$MSGQ" stat --json q | jq .bytes)" = 3000 ]
	"$MSGQ" recv --raw q >back
	cmp blob back
	"$MSGQ" send --raw q </dev/null
	run "$MSGQ" recv --print-type q
	assert_output "1	"
}

@test "-0 and --raw do not apply to MESSAGE operands" {
	"$MSGQ" create q
	run --separate-stderr "$MSGQ" send -0 q a
	assert_failure 2
	[ "${stderr_lines[0]}" = "msgq: -0 and --raw are for standard input, not MESSAGE operands" ]
}

@test "-t sets the type; recv takes any, exactly T, or the lowest type <= |T|" {
	"$MSGQ" create q
	"$MSGQ" send -t 5 q five
	"$MSGQ" send -t 2 q two
	"$MSGQ" send --type=9 q nine
	"$MSGQ" send -t 1 q one
	run "$MSGQ" recv -t 9 --print-type q
	assert_output "9	nine"
	run "$MSGQ" recv -t -6 --print-type q
	assert_output "1	one"
	run "$MSGQ" recv --print-type q
	assert_output "5	five"
	run "$MSGQ" recv -t 7 --nowait q
	assert_failure 1
	run "$MSGQ" recv -t 2 q
	assert_output "two"
}

@test "bad types are usage errors" {
	"$MSGQ" create q
	for t in 0 -1 x 1.5 99999999999999999999; do
		run --separate-stderr "$MSGQ" send -t "$t" q m
		assert_failure 2
		[[ "${stderr_lines[0]}" == "msgq: invalid type '$t': a message type is an integer > 0" ]]
	done
	run --separate-stderr "$MSGQ" recv -t x q
	assert_failure 2
	[ "$("$MSGQ" stat --json q | jq .messages)" = 0 ]
}

@test "a message over msgmax is refused with status 2 and nothing is sent" {
	"$MSGQ" create q
	local max
	max=$(cat /proc/sys/kernel/msgmax)
	big=$(head -c $((max + 1)) /dev/zero | tr '\0' x)
	run --separate-stderr "$MSGQ" send q small "$big"
	assert_failure 2
	[ "$stderr" = "msgq: q: message 2 of $((max + 1)) bytes is over the limit of $max bytes (msgmax); nothing was sent" ]
	[ "$("$MSGQ" stat --json q | jq .messages)" = 0 ]
	run "$MSGQ" send q "${big:1}"
	assert_success
	run "$MSGQ" recv q
	[ "${#output}" -eq "$max" ]
}

@test "an input line over msgmax stops the input there, saying how many went" {
	"$MSGQ" create q
	local max
	max=$(cat /proc/sys/kernel/msgmax)
	{ echo one; echo two; head -c $((max + 5)) /dev/zero | tr '\0' y; echo; echo after; } >input
	run --separate-stderr "$MSGQ" send q <input
	assert_failure 2
	[ "$stderr" = "msgq: q: message 3 of $((max + 5)) bytes is over the limit of $max bytes (msgmax); 2 sent before it" ]
	run "$MSGQ" recv --all q
	assert_output $'one\ntwo'
}

@test "a message over the queue's byte limit is refused, not left to block" {
	"$MSGQ" create --max-bytes 100 q
	run --separate-stderr "$MSGQ" send q "$(printf '%0150d' 0)"
	assert_failure 2
	[ "$stderr" = "msgq: q: message 1 of 150 bytes is over the limit of 100 bytes (the queue's max bytes); nothing was sent" ]
	run --separate-stderr "$MSGQ" send --raw q < <(printf '%0150d' 0)
	assert_failure 2
	[ "$stderr" = "msgq: q: message 1 of 150 bytes is over the limit of 100 bytes (the queue's max bytes)" ]
}

@test "send to a full queue: --nowait and --timeout give status 1" {
	"$MSGQ" create --max-bytes 10 q
	"$MSGQ" send q 0123456789
	run --separate-stderr "$MSGQ" send --nowait q more
	assert_failure 1
	[ "$stderr" = "msgq: q: queue is full" ]
	run --separate-stderr "$MSGQ" send --timeout 0.2 q a b
	assert_failure 1
	[ "$stderr" = "msgq: q: timed out: queue is full" ]
	"$MSGQ" recv q
	run --separate-stderr "$MSGQ" send --nowait q 01234 56789 again
	assert_failure 1
	[ "$stderr" = "msgq: q: queue is full; 2 sent before it" ]
}

@test "a blocking send waits for room (back-pressure)" {
	"$MSGQ" create --max-bytes 10 q
	"$MSGQ" send q 0123456789
	"$MSGQ" send q waiting &
	local pid=$!
	sleep 0.2
	kill -0 "$pid"   # still blocked
	run "$MSGQ" recv q
	assert_output 0123456789
	wait "$pid"
	run "$MSGQ" recv q
	assert_output waiting
}

@test "recv blocks until a message comes" {
	"$MSGQ" create q
	{ sleep 0.3; "$MSGQ" send -t 4 q late; } &
	run "$MSGQ" recv --print-type q
	assert_success
	assert_output "4	late"
	wait
}

@test "recv --nowait and --timeout on an empty queue: status 1, no output" {
	"$MSGQ" create q
	run --separate-stderr "$MSGQ" recv --nowait q
	assert_failure 1
	[ -z "$output" ] && [ -z "$stderr" ]
	run --separate-stderr "$MSGQ" recv --timeout 0.2 q
	assert_failure 1
	[ -z "$output" ] && [ -z "$stderr" ]
	{ sleep 0.2; "$MSGQ" send q arrived; } &
	run "$MSGQ" recv --timeout 10 q
	assert_success
	assert_output arrived
	wait
}

@test "recv -n COUNT: fewer than COUNT before the timeout prints those and gives 1" {
	"$MSGQ" create q
	"$MSGQ" send q a b c
	run "$MSGQ" recv -n 2 q
	assert_success
	assert_output $'a\nb'
	run "$MSGQ" recv --count=5 --timeout 0.2 q
	assert_failure 1
	assert_output c
	for n in 0 -2 x; do
		run "$MSGQ" recv -n "$n" q
		assert_failure 2
	done
}

@test "recv --all drains what is queued and does not wait for more" {
	"$MSGQ" create q
	run "$MSGQ" recv --all q
	assert_failure 1
	"$MSGQ" send -t 1 q a b
	"$MSGQ" send -t 2 q c
	run "$MSGQ" recv --all -t 1 q
	assert_success
	assert_output $'a\nb'
	run "$MSGQ" recv --all q
	assert_output c
	{ sleep 0.2; "$MSGQ" send q x y; } &
	run "$MSGQ" recv --all --timeout 10 q
	assert_success
	assert_line --index 0 x
	wait
}

@test "recv from a queue removed while it waits: status 3" {
	"$MSGQ" create q
	{ sleep 0.3; "$MSGQ" rm q; } &
	run --separate-stderr "$MSGQ" recv q
	assert_failure 3
	[ "$stderr" = "msgq: q: the queue was removed" ]
	wait
}

@test "recv with standard output gone puts the message back" {
	"$MSGQ" create q
	"$MSGQ" send q first second
	run bash -c '(sleep 0.3; exec "$1" recv -n 2 q) | true; echo "status ${PIPESTATUS[0]}"' _ "$MSGQ"
	assert_line "status 5"
	assert_line "msgq: standard output: Broken pipe; the message was put back in the queue"
	run "$MSGQ" recv --all q
	assert_output $'second\nfirst'
}

@test "send, recv and stat of a missing queue: status 3" {
	for verb in send recv stat; do
		run --separate-stderr "$MSGQ" $verb nosuch
		assert_failure 3
		[ "$stderr" = "msgq: nosuch: no such queue" ]
	done
	run --separate-stderr "$MSGQ" send id:2147483647 x
	assert_failure 3
	run --separate-stderr "$MSGQ" recv "$(msgq_free_key)"
	assert_failure 3
}

@test "queues are reached by key:K and id:N as well as by name" {
	"$MSGQ" create q
	local key id
	key=$("$MSGQ" stat --json q | jq -r .key_hex)
	id=$("$MSGQ" stat --json q | jq -r .id)
	"$MSGQ" send "key:$key" by-key
	"$MSGQ" send "id:$id" by-id
	run "$MSGQ" recv -n 2 "id:$id"
	assert_output $'by-key\nby-id'
	run "$MSGQ" stat --json "key:$((key))"
	[ "$(jq .id <<<"$output")" = "$id" ]
}

# ---- stat, ls, rm ----

@test "stat prints every field; --json the same as numbers" {
	"$MSGQ" create -m 0640 q
	"$MSGQ" send q hello abc
	run "$MSGQ" stat q
	assert_success
	assert_line --index 0 "queue       q"
	assert_line --regexp '^key         0x[0-9a-f]{8}$'
	assert_line --regexp '^id          [0-9]+$'
	assert_line "messages    2"
	assert_line "bytes       8"
	assert_line "max-bytes   $(cat /proc/sys/kernel/msgmnb)"
	assert_line "mode        0640"
	assert_line "owner       $(id -un):$(id -gn)"
	assert_line "creator     $(id -un):$(id -gn)"
	assert_line --regexp '^last-send   [0-9T:+-]+ by pid [0-9]+$'
	assert_line "last-recv   never"
	assert_line --regexp '^changed     [0-9T:+-]+$'
	run "$MSGQ" stat --json q
	assert_success
	[ "$(jq -c 'keys' <<<"$output")" = '["bytes","cgid","change_time","cuid","gid","id","key","key_hex","last_recv_pid","last_send_pid","max_bytes","messages","mode","queue","recv_time","send_time","uid"]' ]
	[ "$(jq -c '[.messages, .bytes, .recv_time, .last_recv_pid, .uid] ' <<<"$output")" = "[2,8,null,0,$(id -u)]" ]
	[ "$(printf '0x%08x' "$(jq .key <<<"$output")")" = "$(jq -r .key_hex <<<"$output")" ]
	[ "$(jq '.send_time | type' <<<"$output")" = '"number"' ]
}

@test "ls lists named queues sorted; --json is a list under \"queues\", [] when none" {
	run "$MSGQ" ls
	assert_success
	assert_output --regexp '^NAME +KEY +ID +MODE +MESSAGES +BYTES +MAX-BYTES$'
	run "$MSGQ" ls --json
	assert_output '{"queues":[]}'
	"$MSGQ" create zeta
	"$MSGQ" create -m 0644 alpha
	"$MSGQ" send alpha x
	run "$MSGQ" ls
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 1 --regexp '^alpha +0x[0-9a-f]{8} +[0-9]+ +0644 +1 +1 +[0-9]+$'
	assert_line --index 2 --regexp '^zeta +0x[0-9a-f]{8} +[0-9]+ +0600 +0 +0 +[0-9]+$'
	run "$MSGQ" ls --json
	[ "$(jq -c '[.queues[] | [.queue, .messages, .mode]]' <<<"$output")" = '[["alpha",1,"0644"],["zeta",0,"0600"]]' ]
}

@test "rm removes queues and their key files; goes on past a missing one" {
	"$MSGQ" create a
	"$MSGQ" create b
	local id
	id=$("$MSGQ" stat --json a | jq .id)
	run --separate-stderr "$MSGQ" rm a nosuch b
	assert_failure 3
	[ "$stderr" = "msgq: nosuch: no such queue" ]
	[ ! -e "$IPC_RUNTIME_DIR/msgq/a" ] && [ ! -e "$IPC_RUNTIME_DIR/msgq/b" ]
	refute_ok grep -qx "$id" <(ipcs -q | awk '{ print $2 }')
	run "$MSGQ" ls --json
	assert_output '{"queues":[]}'
	"$MSGQ" create c
	run "$MSGQ" rm /c
	assert_success
}
