#!/usr/bin/env bats
# portctl.bats: every portctl verb against a real portd (one per test, started on demand).

load helper

setup() {
	common_setup
	P=$(bin portctl)
}

teardown() {
	[ -z "${SERVE_PID:-}" ] || { kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }
	portd_stop
}

@test "portctl --help and --version" {
	run "$P" --help
	assert_success
	assert_line --partial "Usage: portctl"
	run "$P" --version
	assert_success
	assert_line --index 0 "portctl (ipcsh) 0.1.0"
}

@test "usage errors exit 2 with one line" {
	run "$P"
	assert_failure 2
	assert_line --index 0 "portctl: missing verb"
	run "$P" frobnicate x
	assert_failure 2
	assert_line --index 0 "portctl: unknown verb 'frobnicate'"
	run "$P" send
	assert_failure 2
	run "$P" send 'bad/name' x
	assert_failure 2
	assert_line --index 0 "portctl: send: invalid port name 'bad/name'"
	run "$P" send --json x y
	assert_failure 2
	assert_line --index 0 "portctl: send: option '--json' does not apply"
	run "$P" recv -n 0 x
	assert_failure 2
	run "$P" recv --timeout soon x
	assert_failure 2
}

@test "the first command starts the broker; status reports it" {
	run "$P" status
	assert_failure 3
	assert_output "portctl: portd: the broker is not running"
	[ ! -e "$IPC_RUNTIME_DIR/portd.sock" ]
	run "$P" create jobs
	assert_success
	[ -S "$IPC_RUNTIME_DIR/portd.sock" ]
	[ "$(stat -c %a "$IPC_RUNTIME_DIR/portd.sock")" = 600 ]
	run "$P" status
	assert_success
	assert_line "broker   pid $(cat "$IPC_RUNTIME_DIR/portd.pid"), uid $(id -u), per-user"
	assert_line "ports    1"
	run "$P" status --json
	assert_success
	assert_output --regexp '^\{"pid":[0-9]+,"uid":[0-9]+,"mode":"user","socket":"[^"]+/portd.sock","clients":1,"ports":1,"queued_messages":0,"queued_bytes":0,"uptime_ms":[0-9]+,"max_frame":1048576\}$'
}

@test "create, send, recv: one message per argument, in order" {
	run "$P" create jobs
	assert_success
	run "$P" create jobs
	assert_failure 5
	assert_output "portctl: jobs: port exists"
	run "$P" send jobs one two three
	assert_success
	run "$P" recv -n 3 jobs
	assert_success
	assert_output "$(printf 'one\ntwo\nthree')"
}

@test "send reads lines, -0 records, --raw everything from standard input" {
	"$P" create q
	printf 'a b\nc\n' | "$P" send q
	run "$P" recv -n 2 q
	assert_output "$(printf 'a b\nc')"
	printf 'x\0y\0' | "$P" send -0 q
	"$P" recv -0 -n 2 q > got0
	printf 'x\0y\0' | cmp - got0
	printf 'one\ntwo\n' | "$P" send --raw q
	"$P" recv --raw q > got
	printf 'one\ntwo\n' | cmp - got
}

@test "recv --json shows the verified sender: uid, user name, pid, type" {
	"$P" create q
	"$P" send -t 7 q 'hi "there"' &
	local sender=$!
	wait "$sender"
	run "$P" recv --json q
	assert_success
	assert_output --regexp "^\\{\"port\":\"q\",\"type\":7,\"uid\":$(id -u),\"user\":\"$(id -un)\",\"gid\":$(id -g),\"pid\":$sender,\"sender\":[0-9]+,\"bytes\":10,\"data\":\"hi \\\\\"there\\\\\"\"\\}\$"
}

@test "recv: times out with 1, --nowait takes only what is there" {
	"$P" create q
	run "$P" recv --timeout 0.2 q
	assert_failure 1
	assert_output ""
	run "$P" recv --nowait q
	assert_failure 1
	"$P" send q only
	run "$P" recv --nowait -n 2 q
	assert_failure 1
	assert_output "only"
}

@test "send delivers each line as it comes, not at the end of its input" {
	"$P" create q
	mkfifo feed
	"$P" send q < feed 3>&- &
	local s=$!
	exec 5> feed
	echo first >&5
	run "$P" recv --timeout 10 q
	assert_success
	assert_output first
	echo second >&5
	exec 5>&-
	wait "$s"
	run "$P" recv q
	assert_output second
}

@test "recv creates a missing port and waits for a sender" {
	"$P" recv --timeout 5 later > got 3>&- &
	local r=$!
	port_wait_receiver later
	"$P" send later hello
	wait "$r"
	[ "$(cat got)" = hello ]
}

@test "messages wait in the queue while nobody receives" {
	"$P" create q
	"$P" send q first second
	run "$P" ls
	assert_line --regexp '^q +[0-9]+ +[^ ]+ +private +- +2 +'
	run "$P" recv q
	assert_output first
	run "$P" recv q
	assert_output second
}

@test "call and serve: the new user's first try" {
	# No broker started by hand, no wait between the two: call gives a
	# service started in the background a moment to take its port.
	"$P" serve upper -- tr a-z A-Z 3>&- &
	SERVE_PID=$!
	run "$P" call upper hello
	assert_success
	assert_output HELLO
	echo 'from stdin' | "$P" call upper > got
	[ "$(cat got)" = "FROM STDIN" ]
}

@test "serve gives the command the sender in its environment" {
	"$P" serve who -- sh -c 'echo "$IPC_SENDER_UID $IPC_SENDER_PID $IPC_MESSAGE_TYPE $IPC_PORT_NAME"' 3>&- &
	SERVE_PID=$!
	port_wait_receiver who
	"$P" call -t 3 who x > got &
	local caller=$!
	wait "$caller"
	[ "$(cat got)" = "$(id -u) $caller 3 who" ]
}

@test "serve -n: its status is the last command's (128+N when killed)" {
	"$P" serve -n 1 fails -- sh -c 'cat >/dev/null; exit 7' 3>&- &
	local s=$!
	port_wait_receiver fails
	local st=0
	"$P" call fails x > out 2> err || st=$?
	[ "$st" = 5 ]
	[ "$(cat out)" = "" ] && [ "$(wc -c < out)" = 1 ]
	[ "$(cat err)" = "portctl: fails: the service answered with status 7" ]
	st=0
	wait "$s" || st=$?
	[ "$st" = 7 ]
	"$P" serve -n 1 dies -- sh -c 'kill -9 $$' 3>&- &
	s=$!
	port_wait_receiver dies
	run "$P" call dies x
	assert_failure 5
	st=0
	wait "$s" || st=$?
	[ "$st" = 137 ]
}

@test "serve: a message without a reply port goes to serve's output" {
	"$P" serve -n 2 log -- sed 's/^/logged: /' > got 3>&- &
	local s=$!
	port_wait_receiver log
	"$P" send log one two
	wait "$s"
	[ "$(cat got)" = "$(printf 'logged: one\nlogged: two')" ]
}

@test "serve ends with 0 when its port is removed" {
	"$P" serve gone -- cat 3>&- &
	local s=$!
	port_wait_receiver gone
	"$P" rm gone
	wait "$s"
}

@test "call: no such port, and no responder, exit 3" {
	run "$P" call nothere x
	assert_failure 3
	assert_output "portctl: nothere: no such port"
	"$P" create idle
	run "$P" call idle x
	assert_failure 3
	assert_output "portctl: idle: no responder: nobody receives on this port"
}

@test "lookup shows the port; a missing one exits 3" {
	"$P" create q
	run "$P" lookup q
	assert_success
	assert_output --regexp '^q [0-9]+ waiting$'
	run "$P" lookup --json q
	assert_output --regexp '^\{"name":"q","id":[0-9]+,"received":false\}$'
	run "$P" lookup nope
	assert_failure 3
	assert_output "portctl: nope: no such port"
	run "$P" lookup nope@elsewhere
	assert_failure 5
	assert_output "portctl: nope@elsewhere: no route to node elsewhere: this portd is not federated"
	run "$P" lookup "q@$(hostname)"
	assert_success
}

@test "ls: a table and JSON; an empty list is []" {
	run "$P" ls --json
	assert_success
	assert_output '{"ports":[]}'
	"$P" create --public pub
	"$P" create priv
	"$P" grant priv --send --user nobody
	run "$P" ls
	assert_success
	assert_line --index 0 --regexp '^NAME +ID +OWNER +MODE +RECEIVER +MSGS +BYTES +GRANTS$'
	assert_line --regexp '^pub +[0-9]+ +[^ ]+ +public +- +0 +0  -$'
	assert_line --regexp '^priv +[0-9]+ +[^ ]+ +private +- +0 +0  user:nobody=send$'
	run "$P" ls --json
	assert_output --regexp '"name":"priv","id":[0-9]+,"owner":[0-9]+,"owner_name":"[^"]+","public":false,"receiver_pid":0,"messages":0,"bytes":0,"grants":\[\{"user":"nobody","id":65534,"rights":\["send"\]\}\]'
	"$P" serve s -- cat 3>&- &
	SERVE_PID=$!
	port_wait_receiver s
	run "$P" ls
	assert_line --regexp "^s +[0-9]+ +[^ ]+ +private +$SERVE_PID "
	run "$P" ls
	refute_line --regexp '^\(anonymous\) '
	# A call waits on an anonymous reply port: ls -a shows it.
	"$P" serve slow -- sh -c 'read x; sleep 1; echo "$x"' 3>&- &
	local slow=$!
	port_wait_receiver slow
	"$P" call slow x > /dev/null 3>&- &
	local caller=$! i
	for i in $(seq 100); do
		"$P" ls -a | grep -q '^(anonymous) ' && break
		sleep 0.01
	done
	run "$P" ls -a
	assert_line --regexp '^\(anonymous\) +[0-9]+ +[^ ]+ +private +'"$caller"' '
	wait "$caller"
	kill "$slow"
	wait "$slow" || true
}

@test "grant and revoke change the port's grants" {
	"$P" create g
	run "$P" grant g --send --recv --group nogroup
	assert_success
	run "$P" ls --json
	assert_output --partial '"grants":[{"group":"nogroup","id":65534,"rights":["send","recv"]}]'
	run "$P" revoke g --recv --group nogroup
	assert_success
	run "$P" ls --json
	assert_output --partial '"grants":[{"group":"nogroup","id":65534,"rights":["send"]}]'
	run "$P" grant g --user nobody
	assert_failure 2
	run "$P" grant g --send
	assert_failure 2
	run "$P" grant g --send --user no-such-user-here
	assert_failure 2
	assert_output "portctl: no-such-user-here: no such user"
	run "$P" grant missing --send --user nobody
	assert_failure 3
}

@test "rm removes the port and its queue" {
	"$P" create q
	"$P" send q x
	run "$P" rm q
	assert_success
	run "$P" send q y
	assert_failure 3
	run "$P" rm q
	assert_failure 3
	assert_output "portctl: q: no such port"
}

@test "a receiver that went away leaves its queue to the next" {
	"$P" create q
	"$P" send q 1 2 3
	run "$P" recv q
	assert_output 1
	run "$P" recv -n 2 q
	assert_output "$(printf '2\n3')"
}

@test "portctl runs inside ipcsh as a builtin, with nothing left behind per call" {
	[ -x "$IPCSH" ] || skip "ipcsh is not built"
	run "$IPCSH" -c "type portctl"
	assert_output "portctl is a shell builtin"
	run "$IPCSH" -c "
		portctl serve upper -- tr a-z A-Z &
		portctl call upper hello
		portctl create q || exit 9
		# The shell keeps a buffer for command substitutions from its first
		# one: list the descriptors once before the list that counts.
		before=\$(ls /proc/\$\$/fd)
		before=\$(ls /proc/\$\$/fd)
		i=0
		while [ \$i -lt 100 ]; do
			portctl send q \$i && portctl recv q > /dev/null &&
			    portctl call upper x > /dev/null && portctl ls > /dev/null || exit 8
			i=\$((i + 1))
		done
		[ \"\$(ls /proc/\$\$/fd)\" = \"\$before\" ] || echo leaked
		kill %1
		wait
		portctl recv --nowait q; echo \"empty: \$?\""
	assert_success
	assert_output "$(printf 'HELLO\nempty: 1')"
}

@test "inside ipcsh, a trapped signal stops a waiting portctl recv with 128+N" {
	[ -x "$IPCSH" ] || skip "ipcsh is not built"
	run timeout 10 "$IPCSH" -c "
		trap 'echo trapped' INT
		( sleep 0.3; kill -INT \$\$ ) &
		portctl recv waiting
		echo \"status \$?\""
	assert_success
	assert_output "$(printf 'trapped\nstatus 130')"
}
