#!/usr/bin/env bats
# portctl-activation.bats: a lookup of an inactive name starts its service
# ($XDG_CONFIG_HOME/ipc/services/NAME.service); a service that fails is an error, not a hang.

load helper

setup() {
	common_setup
	P=$(bin portctl)
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	SVC="$XDG_CONFIG_HOME/ipc/services"
	mkdir -p "$SVC"
}

teardown() {
	portd_stop
	# Services outlive nothing: with the broker gone, serve exits; a
	# service that never served is stopped here.
	local f
	for f in "$BATS_TEST_TMPDIR"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	return 0
}

service() {
	printf '%s\n' "$2" > "$SVC/$1.service"
	chmod 644 "$SVC/$1.service"
}

@test "a call starts the service of an inactive name" {
	service upper "Exec=echo started >> '$BATS_TEST_TMPDIR/starts'; exec '$P' serve upper -- tr a-z A-Z"
	run "$P" --timeout 10 call upper hello
	assert_success
	assert_output HELLO
	run "$P" --timeout 10 call upper again
	assert_output AGAIN
	[ "$(wc -l < "$BATS_TEST_TMPDIR/starts")" = 1 ]
	run "$P" ls
	assert_line --regexp '^upper +[0-9]+ +[^ ]+ +private +[0-9]+ '
}

@test "callers that race during activation get one service" {
	service slowup "[Service]
# takes its time to start
Exec=echo started >> '$BATS_TEST_TMPDIR/starts'; sleep 0.3; exec '$P' serve slowup -- tr a-z A-Z"
	"$P" --timeout 10 call slowup one > out1 3>&- &
	local a=$!
	"$P" --timeout 10 call slowup two > out2 3>&- &
	local b=$!
	wait "$a"
	wait "$b"
	[ "$(cat out1)" = ONE ] && [ "$(cat out2)" = TWO ]
	[ "$(wc -l < "$BATS_TEST_TMPDIR/starts")" = 1 ]
}

@test "a service that exits before taking its port: a clear error, at once" {
	service broken "Exec=echo 'broken: missing config' >&2; exit 3"
	run "$P" --timeout 30 call broken x
	assert_failure 3
	assert_output "portctl: broken: service broken exited with status 3 before taking its port (see $IPC_RUNTIME_DIR/broken.log)"
	run cat "$IPC_RUNTIME_DIR/broken.log"
	assert_output "broken: missing config"
	service missing "Exec=/nonexistent/program"
	run "$P" --timeout 30 call missing x
	assert_failure 3
	assert_output --partial "service missing exited with status 127 before taking its port"
}

@test "a service that never takes its port times out with its Timeout=" {
	service idle "Exec=echo \$\$ > '$BATS_TEST_TMPDIR/idle.pid'; exec sleep 30
Timeout=0.3"
	run "$P" --timeout 30 lookup idle
	assert_failure 1
	assert_output "portctl: idle: service idle did not take its port within 0.3 s"
}

@test "service files must be the user's own, and say what to run" {
	service loose "Exec=true"
	chmod 666 "$SVC/loose.service"
	run "$P" call loose x
	assert_failure 4
	assert_output --partial "loose.service must be a regular file of uid $(id -u), writable by it alone"
	service empty "# nothing to run"
	run "$P" call empty x
	assert_failure 2
	assert_output --partial "empty.service needs one Exec= line"
	service badtime "Exec=true
Timeout=soon"
	run "$P" call badtime x
	assert_failure 2
}

@test "lookup --no-start does not start anything; no service file: no such port" {
	service upper "Exec=echo started >> '$BATS_TEST_TMPDIR/starts'; exec '$P' serve upper -- cat"
	run "$P" lookup --no-start upper
	assert_failure 3
	[ ! -e "$BATS_TEST_TMPDIR/starts" ]
	run "$P" lookup nosuch
	assert_failure 3
	assert_output "portctl: nosuch: no such port"
}
