#!/usr/bin/env bats
# portctl-rights.bats: a real second user (nobody, and daemon as a third) against a
# system-mode portd: refused without a grant, served with one, unable to forge itself.

load helper

setup() {
	common_setup
	P=$(bin portctl)
	# The system broker's directory: reachable by every user, owned by root.
	SYS=$(mktemp -d /tmp/ipcsys.XXXXXX)
	chmod 755 "$SYS"
	export IPC_SYSTEM_DIR=$SYS
	"$IPC_PORTD" --system -f --user-ports 3 2> "$BATS_TEST_TMPDIR/portd.log" 3>&- &
	SYSD=$!
	local i
	for i in $(seq 250); do [ -S "$SYS/portd.sock" ] && break; sleep 0.02; done
	[ -S "$SYS/portd.sock" ]
}

teardown() {
	[ -z "${SERVE_PID:-}" ] || { kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }
	kill "$SYSD" 2>/dev/null
	wait "$SYSD" 2>/dev/null || true
	rm -rf "$SYS"
	portd_stop
}

# Runs portctl as another user (nobody by default) against the system broker.
as_user() {
	local user=$1
	shift
	setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups -- \
		env IPC_SYSTEM_DIR="$SYS" "$P" --system "$@"
}

@test "the system broker: a 0666 socket in a 0755 directory, serving everyone" {
	[ "$(stat -c %a "$SYS/portd.sock")" = 666 ]
	[ "$(stat -c %a "$SYS")" = 755 ]
	run "$P" --system status
	assert_success
	assert_line "broker   pid $SYSD, uid 0, system-wide"
	run as_user nobody status --json
	assert_success
	assert_output --partial '"mode":"system"'
}

@test "a second user is refused without a grant and served with one" {
	"$P" --system create svc
	run as_user nobody send svc hello
	assert_failure 4
	assert_output "portctl: svc: permission denied"
	"$P" --system grant svc --send --user nobody
	run as_user nobody send svc hello
	assert_success
	run "$P" --system recv --json svc
	assert_success
	assert_output --regexp '^\{"port":"svc","type":0,"uid":65534,"user":"nobody","gid":65534,"pid":[0-9]+,"sender":[0-9]+,"bytes":5,"data":"hello"\}$'
	"$P" --system revoke svc --send --user nobody
	run as_user nobody send svc again
	assert_failure 4
}

@test "a second user cannot forge its identity" {
	"$P" --system create svc
	"$P" --system grant svc --send --user nobody
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		env IPC_SYSTEM_DIR="$SYS" "$top_builddir/tests/port_forge" --system svc forged
	assert_success
	run "$P" --system recv --json svc
	assert_success
	# The frame said uid 0, gid 0, pid 1: the receiver sees the truth.
	assert_output --regexp '^\{"port":"svc","type":99,"uid":65534,"user":"nobody","gid":65534,"pid":[0-9]+,'
	refute_output --partial '"pid":1,'
	"$P" --system revoke svc --send --user nobody
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		env IPC_SYSTEM_DIR="$SYS" "$top_builddir/tests/port_forge" --system svc forged
	assert_failure 4
}

@test "the receive right: refused without a grant, taken with one" {
	"$P" --system create inbox
	"$P" --system send inbox "for you"
	run as_user nobody recv --nowait inbox
	assert_failure 4
	assert_output "portctl: inbox: no receive right on inbox"
	"$P" --system grant inbox --recv --user nobody
	run as_user nobody recv --json inbox
	assert_success
	assert_output --regexp '"uid":0,"user":"root",.*"data":"for you"'
}

@test "a grant to a group reaches its members" {
	"$P" --system create svc
	"$P" --system grant svc --send --group nogroup
	run as_user nobody send svc by-group
	assert_success
	run as_user daemon send svc not-in-group
	assert_failure 4
}

@test "a public port: anyone may send, nobody else may receive or manage" {
	"$P" --system create --public board
	run as_user nobody send board note
	assert_success
	run as_user daemon send board note2
	assert_success
	run as_user nobody recv --nowait board
	assert_failure 4
	run as_user nobody rm board
	assert_failure 4
	assert_output "portctl: board: no manage right on board"
	run as_user nobody grant board --recv --user nobody
	assert_failure 4
	run "$P" --system recv -n 2 board
	assert_output "$(printf 'note\nnote2')"
}

@test "a user's own ports are its own; manage rights can be granted" {
	run as_user nobody create mine
	assert_success
	run as_user daemon send mine x
	assert_failure 4
	run as_user nobody grant mine --send --manage --user daemon
	assert_success
	run as_user daemon send mine x
	assert_success
	run as_user daemon rm mine
	assert_success
}

@test "capability transfer: a service answers a caller it has no right on" {
	# nobody serves; daemon may send to it. daemon's reply port is
	# anonymous and daemon's own: nobody can answer only because the
	# request carried the right.
	as_user nobody create echo
	as_user nobody grant echo --send --user daemon
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		env IPC_SYSTEM_DIR="$SYS" "$P" --system serve echo -- tr a-z A-Z 3>&- &
	SERVE_PID=$!
	port_wait_receiver --system echo
	run as_user daemon call echo "from daemon"
	assert_success
	assert_output "FROM DAEMON"
}

@test "a per-user broker is not another user's: nobody cannot use root's runtime directory" {
	"$P" create private-port
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		env IPC_RUNTIME_DIR="$IPC_RUNTIME_DIR" "$P" send private-port x
	assert_failure 4
	assert_output --partial "portctl: portd: "
}

@test "each user may own a bounded number of named ports" {
	run as_user nobody create n1 n2 n3
	assert_success
	run as_user nobody create n4
	assert_failure 5
	assert_output "portctl: n4: uid 65534 owns too many ports (3)"
	run as_user daemon create d1
	assert_success
	as_user nobody rm n1
	run as_user nobody create n4
	assert_success
}
