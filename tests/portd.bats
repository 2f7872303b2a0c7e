#!/usr/bin/env bats
# portd.bats: the broker as a program: foreground and daemon, one per user, shutdown, crashes.

load helper

setup() {
	common_setup
	P=$(bin portctl)
	D=$IPC_PORTD
}

teardown() {
	[ -z "${BG:-}" ] || { kill $BG 2>/dev/null; wait $BG 2>/dev/null; }
	portd_stop
}

wait_socket() {
	local i
	for i in $(seq 250); do [ -S "$IPC_RUNTIME_DIR/portd.sock" ] && return 0; sleep 0.02; done
	return 1
}

@test "portd --help, --version, bad options" {
	run "$D" --help
	assert_success
	assert_line --index 0 "Usage: portd [OPTION]..."
	run "$D" --version
	assert_line --index 0 "portd (ipcsh) 0.1.0"
	run "$D" --max-frame 12
	assert_failure 2
	assert_line --index 0 "portd: invalid frame size: '12'"
	run "$D" extra
	assert_failure 2
	run "$D" --spin -1
	assert_failure 2
	assert_line --index 0 "portd: invalid spin time: '-1'"
	run "$D" --spin 2000000
	assert_failure 2
}

# CPU time of a process in clock ticks (user + system).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

@test "portd looks for work a while after a busy turn, then sleeps; --spin 0 never looks" {
	local spin
	for spin in 50 0; do
		"$D" -f --spin "$spin" 2>/dev/null 3>&- &
		BG=$!
		wait_socket
		run "$P" create "spin-$spin"
		assert_success
		run "$P" send "spin-$spin" a b c
		assert_success
		# Idle for a second: a broker that kept spinning would have used
		# most of it; a sleeping one uses nothing measurable.
		local before after
		before=$(cpu_ticks "$BG")
		sleep 1
		after=$(cpu_ticks "$BG")
		[ $((after - before)) -le 2 ]
		run "$P" recv -n 3 "spin-$spin"
		assert_output "a
b
c"
		kill -TERM "$BG"
		wait "$BG" || true
		BG=
	done
}

@test "portd -f serves in the foreground and leaves cleanly on SIGTERM" {
	"$D" -f 2> log 3>&- &
	BG=$!
	wait_socket
	run "$P" status
	assert_line "broker   pid $BG, uid $(id -u), per-user"
	[ "$(cat "$IPC_RUNTIME_DIR/portd.pid")" = "$BG" ]
	kill -TERM "$BG"
	local st=0
	wait "$BG" || st=$?
	BG=
	[ "$st" = 0 ]
	[ ! -e "$IPC_RUNTIME_DIR/portd.sock" ] && [ ! -e "$IPC_RUNTIME_DIR/portd.pid" ]
}

@test "one broker per user: a second portd -f refuses, a second portd is content" {
	"$D" -f 2>/dev/null 3>&- &
	BG=$!
	wait_socket
	run "$D" -f
	assert_failure 5
	assert_output "portd: $IPC_RUNTIME_DIR/portd.sock: another portd (pid $BG) serves it"
	run "$D"
	assert_success
	[ "$(cat "$IPC_RUNTIME_DIR/portd.pid")" = "$BG" ]
}

@test "portd without -f returns once its socket answers" {
	run "$D"
	assert_success
	run "$P" status --json
	assert_success
	assert_output --partial "\"pid\":$(cat "$IPC_RUNTIME_DIR/portd.pid"),"
}

@test "two clients racing to start it end with exactly one broker" {
	"$P" status --json > /dev/null 2>&1 && false
	"$P" create a > out1 3>&- &
	local a=$!
	"$P" create b > out2 3>&- &
	local b=$!
	wait "$a"
	wait "$b"
	local pid
	pid=$(cat "$IPC_RUNTIME_DIR/portd.pid")
	run "$P" ls
	assert_line --regexp '^a '
	assert_line --regexp '^b '
	run "$P" status
	assert_line "broker   pid $pid, uid $(id -u), per-user"
}

@test "kill -9 of portd: a waiting client gets a clear error; the next command restarts it" {
	"$P" create q
	local first
	first=$(cat "$IPC_RUNTIME_DIR/portd.pid")
	"$P" recv q > out 2> err 3>&- &
	BG=$!
	port_wait_receiver q
	kill -KILL "$first"
	local st=0
	wait "$BG" || st=$?
	BG=
	[ "$st" = 5 ]
	[ "$(cat err)" = "portctl: q: lost the connection to portd (the broker exited)" ]
	run "$P" create again
	assert_success
	[ "$(cat "$IPC_RUNTIME_DIR/portd.pid")" != "$first" ]
	run "$P" ls
	assert_line --regexp '^again '
}

@test "a broker whose socket is removed leaves by itself" {
	"$P" create q
	local pid
	pid=$(cat "$IPC_RUNTIME_DIR/portd.pid")
	rm "$IPC_RUNTIME_DIR/portd.sock"
	local i
	for i in $(seq 300); do proc_gone "$pid" && break; sleep 0.02; done
	proc_gone "$pid"
}

@test "a client sending garbage is dropped; the others are served" {
	"$P" create q
	# perl-base is on every Debian system; it speaks AF_UNIX.
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!";
		print $s "\xff\xff\xff\x7f this is not a frame";
		$s->flush;
		local $SIG{ALRM} = sub { die "portd kept the connection open\n" };
		alarm 5;
		my $n = sysread($s, my $buf, 100);
		die "portd answered garbage\n" if $n;
	' "$IPC_RUNTIME_DIR/portd.sock"
	"$P" send q still-served
	run "$P" recv q
	assert_output still-served
}

@test "out of descriptors, portd refuses new clients at once and serves the others" {
	bash -c 'ulimit -n 24; exec "$0" -f' "$D" 2>/dev/null 3>&- &
	BG=$!
	wait_socket
	local pids=() i st refused=0
	for i in $(seq 24); do
		"$P" recv --timeout 20 "q$i" > /dev/null 2>&1 3>&- &
		pids+=($!)
	done
	# Those that found no room end at once, with the connection lost (5),
	# rather than wait unanswered in the listening queue.
	for i in $(seq 500); do
		refused=0
		for p in "${pids[@]}"; do proc_gone "$p" && refused=$((refused + 1)); done
		[ "$refused" -ge 5 ] && break
		sleep 0.02
	done
	[ "$refused" -ge 5 ]
	kill "${pids[@]}" 2>/dev/null || true
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	run "$P" --timeout 5 status
	assert_success
	assert_line "broker   pid $BG, uid $(id -u), per-user"
}
