#!/usr/bin/env bats
# chan.bats: the chan utility's verbs, options, messages and exit statuses.

load helper

setup() {
	common_setup
	CHAN=$(bin chan)
	Q=$(uniq_name q)
}

teardown() {
	[ -z "${sender:-}" ] || { exec 4>&-; kill "$sender" 2>/dev/null; wait "$sender" 2>/dev/null; } || true
	"$CHAN" rm "$Q" "$Q.2" "$Q.3" 2>/dev/null || true
}

# A sender that stays open until end_sender: chan send reading a FIFO we
# hold. Returns once the channel counts it.
start_sender() {
	mkfifo in
	"$CHAN" send "$1" < in > /dev/null 2>&1 3>&- &
	sender=$!
	exec 4> in
	for _ in $(seq 100); do
		"$CHAN" stat --json "$1" | grep -q '"senders":[1-9]' && return 0
		sleep 0.02
	done
	return 1
}

end_sender() {
	exec 4>&-
	wait "$sender"
	sender=
}

@test "chan --help prints the usage on stdout and exits 0" {
	run "$CHAN" --help
	assert_success
	assert_line --index 0 --partial "Usage: chan create"
	assert_output --partial "Exit status:"
	run "$CHAN" recv --help
	assert_success
	assert_line --index 0 --partial "Usage: chan create"
}

@test "chan --version names the program and package" {
	run "$CHAN" --version
	assert_success
	assert_line --index 0 --regexp '^chan \(ipcsh\) [0-9]'
}

@test "usage errors exit 2 with one clear line" {
	run "$CHAN"
	assert_failure 2
	assert_line --index 0 "chan: missing verb (create, send, recv, close, stat, ls or rm)"
	run "$CHAN" frob q
	assert_failure 2
	assert_line --index 0 "chan: unknown verb 'frob'"
	run "$CHAN" recv --bogus q
	assert_failure 2
	assert_line --index 0 "chan: unrecognized option '--bogus'"
	run "$CHAN" recv --json q
	assert_failure 2
	assert_line --index 0 "chan: 'recv' does not take --json"
	run "$CHAN" send
	assert_failure 2
	assert_line --index 0 "chan: 'send' needs a channel NAME"
	run "$CHAN" stat a b
	assert_failure 2
	assert_line --index 0 "chan: 'stat' takes one NAME; extra operand 'b'"
	run "$CHAN" recv -n 0 "$Q"
	assert_failure 2
	assert_line --index 0 "chan: invalid count '0'"
	run "$CHAN" recv --timeout -1 "$Q"
	assert_failure 2
	run "$CHAN" create ../x
	assert_failure 2
	assert_line --index 0 --partial "chan: ../x: not a valid channel name"
}

@test "create makes /dev/shm/ipc-chan.NAME, 0600 by default" {
	run "$CHAN" create "$Q"
	assert_success
	assert_output ""
	run stat -c %a "/dev/shm/ipc-chan.$Q"
	assert_output 600
	run "$CHAN" create "$Q"
	assert_failure 5
	assert_output "chan: $Q: channel exists"
}

@test "create -m sets the mode exactly, octal or symbolic from 0600" {
	(umask 077 && "$CHAN" create -m 0644 "$Q")
	run stat -c %a "/dev/shm/ipc-chan.$Q"
	assert_output 644
	"$CHAN" create -m g+r "$Q.2"
	run stat -c %a "/dev/shm/ipc-chan.$Q.2"
	assert_output 640
	run "$CHAN" create -m 9 "$Q.3"
	assert_failure 2
	assert_line --index 0 "chan: invalid mode '9'"
}

@test "create --type and --capacity: checked, shown by stat" {
	"$CHAN" create --type record:16 --capacity 1K "$Q"
	run "$CHAN" stat --json "$Q"
	assert_success
	assert_output --partial '"type":"record:16","record_size":16,"capacity":4096,"max_message":4088'
	run "$CHAN" create --type list "$Q.2"
	assert_failure 2
	assert_line --index 0 "chan: unknown type 'list' (bytes, line, int, json or record:SIZE)"
	run "$CHAN" create --capacity 2G "$Q.2"
	assert_failure 2
	assert_output "chan: $Q.2: capacity must be from 64 bytes to 1024 MiB"
	run "$CHAN" create --capacity lots "$Q.2"
	assert_failure 2
	run "$CHAN" create --type record:5000 --capacity 4096 "$Q.2"
	assert_failure 2
	assert_output --partial "cannot hold one 5000-byte record"
}

@test "send MESSAGE... then recv prints them in order and ends at Closed" {
	"$CHAN" create "$Q"
	"$CHAN" send "$Q" one "two words" three
	run "$CHAN" recv "$Q"
	assert_success
	assert_output "$(printf 'one\ntwo words\nthree')"
}

@test "send reads standard input: lines, -0 records, or --raw as one message" {
	"$CHAN" create "$Q"
	printf 'a\nb b\nc' | "$CHAN" send "$Q"
	run "$CHAN" recv -n 3 "$Q"
	assert_output "$(printf 'a\nb b\nc')"
	printf 'x\ny\0z\0' | "$CHAN" send -0 "$Q"
	"$CHAN" recv -0 -n 2 "$Q" > out
	run od -An -c out
	assert_output --regexp '^ +x +\\n +y +\\0 +z +\\0$'
	printf 'all\nof\nit\n' | "$CHAN" send --raw "$Q"
	"$CHAN" recv --raw -n 1 "$Q" > out
	run cat out
	assert_output "$(printf 'all\nof\nit')"
	run cmp out <(printf 'all\nof\nit\n')
	assert_success
}

@test "recv -n COUNT takes COUNT and leaves the rest" {
	"$CHAN" create "$Q"
	seq 1 5 | "$CHAN" send "$Q"
	run "$CHAN" recv -n 2 "$Q"
	assert_success
	assert_output "$(printf '1\n2')"
	run "$CHAN" stat --json "$Q"
	assert_output --partial '"queued":3'
	run "$CHAN" recv -n 9 "$Q"
	assert_failure 1
	assert_output "$(printf '3\n4\n5')"
}

@test "recv --nowait on an empty channel exits 1, silently" {
	"$CHAN" create "$Q"
	run "$CHAN" recv --nowait "$Q"
	assert_failure 1
	assert_output ""
	"$CHAN" send "$Q" m
	run "$CHAN" recv --nowait "$Q"
	assert_success
	assert_output m
}

@test "recv --timeout gives up when nothing comes" {
	"$CHAN" create "$Q"
	start_sender "$Q"
	start=$(date +%s%N)
	run "$CHAN" recv --timeout 0.3 "$Q"
	elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
	assert_failure 1
	assert_output ""
	[ "$elapsed" -ge 300 ]
	echo late >&4
	run "$CHAN" recv --timeout 5 -n 1 "$Q"
	assert_success
	assert_output late
	end_sender
}

@test "a missing channel exits 3 for every verb" {
	for verb in send recv close stat rm; do
		run "$CHAN" "$verb" "$Q"
		assert_failure 3
		assert_output "chan: $Q: no such channel"
	done
}

@test "a second receiver is refused while the first lives" {
	"$CHAN" create "$Q"
	"$CHAN" recv "$Q" > /dev/null 2>&1 3>&- &
	first=$!
	for _ in $(seq 50); do
		"$CHAN" stat --json "$Q" | grep -q "\"receiver\":$first" && break
		sleep 0.05
	done
	run "$CHAN" recv --nowait "$Q"
	assert_failure 5
	assert_output "chan: $Q: another receiver has it open (pid $first)"
	kill "$first"
	wait "$first" || true
	run "$CHAN" recv --nowait "$Q"
	assert_failure 1
}

@test "send --nowait and --timeout to a full channel exit 1" {
	"$CHAN" create --capacity 4K "$Q"
	head -c 4080 /dev/zero | tr '\0' x | "$CHAN" send --raw "$Q"
	run "$CHAN" send --nowait "$Q" more
	assert_failure 1
	assert_output "chan: $Q: the channel is full"
	run "$CHAN" send --timeout 0.2 "$Q" more
	assert_failure 1
	assert_output "chan: $Q: message 1: timed out waiting for room"
	"$CHAN" recv -n 1 "$Q" > /dev/null
	run "$CHAN" send --nowait "$Q" more
	assert_success
}

@test "close: senders are refused, the receiver gets what was sent, then the end" {
	"$CHAN" create "$Q"
	"$CHAN" send "$Q" before
	start_sender "$Q"
	run "$CHAN" close "$Q"
	assert_success
	run "$CHAN" send "$Q" after
	assert_failure 1
	assert_output "chan: $Q: the channel is closed"
	run timeout 10 "$CHAN" recv "$Q"
	assert_success
	assert_output before
	run "$CHAN" stat --json "$Q"
	assert_output --partial '"state":"shut"'
	assert_output --partial '"senders":1'
	echo refused >&4
	exec 4>&-
	status=0
	wait "$sender" || status=$?
	[ "$status" -eq 1 ]
	sender=
}

@test "stat prints a table, and JSON with stable keys" {
	"$CHAN" create --type line "$Q"
	"$CHAN" send "$Q" a bb
	run "$CHAN" stat "$Q"
	assert_success
	assert_line --index 0 "name      $Q"
	assert_line --index 1 "type      line"
	assert_line --index 2 "capacity  65536 bytes (longest message 65528)"
	assert_line --index 3 "used      32 bytes, 2 messages queued"
	assert_line --index 8 "state     closed"
	run "$CHAN" stat --json "$Q"
	assert_success
	assert_output "{\"name\":\"$Q\",\"type\":\"line\",\"record_size\":0,\"capacity\":65536,\"max_message\":65528,\"used\":32,\"queued\":2,\"sent\":2,\"received\":0,\"senders\":0,\"receiver\":null,\"state\":\"closed\",\"closed\":true,\"mode\":\"0600\",\"uid\":$(id -u),\"gid\":$(id -g)}"
	if command -v jq > /dev/null; then
		run jq -e '.queued == 2 and .receiver == null' <<< "$output"
		assert_success
	fi
}

@test "ls lists channels in a table and as JSON" {
	"$CHAN" create --type int "$Q"
	"$CHAN" create "$Q.2"
	run "$CHAN" ls
	assert_success
	assert_line --index 0 --regexp '^NAME +TYPE +CAPACITY +USED +QUEUED +SENDERS +RECEIVER +STATE$'
	assert_line --regexp "^$Q +int +65536 +0 +0 +0 +- +open$"
	assert_line --regexp "^$Q\\.2 +bytes +65536 "
	run "$CHAN" ls --json
	assert_success
	assert_output --regexp '^\{"channels":\[.*\]\}$'
	assert_output --partial "{\"name\":\"$Q\",\"type\":\"int\","
	if command -v jq > /dev/null; then
		run jq -e --arg q "$Q" '[.channels[] | select(.name == $q)] | length == 1' <<< "$output"
		assert_success
	fi
	run "$CHAN" ls extra
	assert_failure 2
}

@test "rm removes several; a missing one makes the status 3" {
	"$CHAN" create "$Q"
	"$CHAN" create "$Q.2"
	run "$CHAN" rm "$Q" "$Q.2"
	assert_success
	[ ! -e "/dev/shm/ipc-chan.$Q" ]
	[ ! -e "/dev/shm/ipc-chan.$Q.2" ]
	"$CHAN" create "$Q"
	run "$CHAN" rm "$Q.2" "$Q"
	assert_failure 3
	assert_output "chan: $Q.2: no such channel"
	[ ! -e "/dev/shm/ipc-chan.$Q" ]
}

@test "permission denied exits 4; -m widens access" {
	[ "$(id -u)" = 0 ] || skip "needs root to run as nobody"
	"$CHAN" create "$Q"
	run as_nobody "$CHAN" send "$Q" x
	assert_failure 4
	assert_output "chan: $Q: Permission denied"
	run as_nobody "$CHAN" stat "$Q"
	assert_failure 4
	"$CHAN" create -m 0666 "$Q.2"
	run as_nobody "$CHAN" send "$Q.2" from-nobody
	assert_success
	run "$CHAN" recv -n 1 "$Q.2"
	assert_output from-nobody
	"$CHAN" create -m 0644 "$Q.3"
	run as_nobody "$CHAN" stat --json "$Q.3"
	assert_success
	run as_nobody "$CHAN" close "$Q.3"
	assert_failure 4
	"$CHAN" rm "$Q.3"
}

@test "a message that does not fit the type exits 2 and names the message" {
	"$CHAN" create --type int "$Q"
	run "$CHAN" send "$Q" 1 2 x 3
	assert_failure 2
	assert_output "chan: $Q: message 3: not an integer: 'x'"
	run "$CHAN" recv "$Q"
	assert_output "$(printf '1\n2')"
}

@test "chan runs inside ipcsh as a builtin, with nothing left behind per call" {
	[ -x "$IPCSH" ] || skip "ipcsh is not built"
	run "$IPCSH" -c "type chan"
	assert_output "chan is a shell builtin"
	run "$IPCSH" -c "
		chan create --type int $Q || exit 9
		seq 1 4 | chan send $Q
		chan recv $Q | { s=0; while read -r v; do s=\$((s + v)); done; echo \$s; }
		set -- /proc/\$\$/fd/*; before=\$#   # counted by the shell itself, no child
		i=0
		while [ \$i -lt 200 ]; do
			chan send $Q \$i && chan recv -n 1 $Q > /dev/null && chan stat $Q > /dev/null || exit 8
			i=\$((i + 1))
		done
		set -- /proc/\$\$/fd/*; [ \$# = \$before ] || echo \"leaked: \$# descriptors, not \$before\"
		chan recv --nowait $Q; echo \"empty: \$?\""
	assert_success
	assert_output "$(printf '10\nempty: 1')"
}

@test "inside ipcsh, a trapped signal stops a waiting chan recv with 128+N" {
	[ -x "$IPCSH" ] || skip "ipcsh is not built"
	"$CHAN" create "$Q"
	run timeout 10 "$IPCSH" -c "
		trap 'echo trapped' INT
		( sleep 0.3; kill -INT \$\$ ) &
		chan recv $Q
		echo \"status \$?\""
	assert_success
	assert_output "$(printf 'trapped\nstatus 130')"
}
