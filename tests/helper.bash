# tests/helper.bash: what every bats file loads: assertions, build-tree paths,
# unique names and cleanup of every kernel object a test makes.

bats_load_library bats-support
bats_load_library bats-assert

: "${top_builddir:?run the tests through make check}"
: "${top_srcdir:?run the tests through make check}"

# Build-tree programs: ours shadow the system's (mkfifo, sh).
IPCSH="$top_builddir/sh/ipcsh"
bin() { printf '%s/coreutils/%s' "$top_builddir" "$1"; }

# A name no other test run shares, so runs can overlap.
uniq_name() { printf 't%s_%s_%s' "$$" "${BATS_TEST_NUMBER:-0}" "${1:-x}"; }

# Each test gets a private runtime directory and scratch directory.
common_setup() {
	export IPC_RUNTIME_DIR="$BATS_TEST_TMPDIR/rt"
	mkdir -m 700 "$IPC_RUNTIME_DIR"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Runs "$@" as the unprivileged user nobody (for permission tests).
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# msgq: every queue a test made goes in teardown, even when the test failed:
# the names in its runtime directory, and the keys it passed to msgq_track.
msgq_track() { MSGQ_TRACKED="${MSGQ_TRACKED-} $1"; }
msgq_cleanup() {
	local f q
	for f in "$IPC_RUNTIME_DIR"/msgq/*; do
		[ -f "$f" ] && "$(bin msgq)" rm "${f##*/}" 2>/dev/null
	done
	for q in ${MSGQ_TRACKED-}; do
		"$(bin msgq)" rm "$q" 2>/dev/null
	done
	return 0
}
# A System V key no queue has now, as key:0x...
msgq_free_key() {
	local k=$(( (0x3c000000 + ($$ << 8) + ${BATS_TEST_NUMBER:-0}) & 0x7fffffff ))
	while ipcs -q | awk '{ print $1 }' | grep -qix "$(printf '0x%08x' "$k")"; do
		k=$((k + 1))
	done
	printf 'key:0x%08x' "$k"
}

# ---- ports (issue 8) ----
# portd comes from the build tree; as each test has its own IPC_RUNTIME_DIR,
# it has its own broker, which its teardown must stop: portd_stop.
export IPC_PORTD="$top_builddir/coreutils/portd/portd"

# Stops the broker serving DIR (default: this test's runtime directory).
# The pid file is trusted only while it names a live portd.
portd_stop() {
	local dir=${1:-$IPC_RUNTIME_DIR} pid i
	[ -f "$dir/portd.pid" ] || return 0
	pid=$(cat "$dir/portd.pid" 2>/dev/null) || return 0
	case $(cat "/proc/$pid/comm" 2>/dev/null) in portd*) ;; *) return 0 ;; esac
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 200); do
		proc_gone "$pid" && return 0
		sleep 0.02
	done
	kill -KILL "$pid" 2>/dev/null
	return 0
}

# A daemon's exit status goes to whoever adopted it, maybe late: a zombie
# counts as gone.
proc_gone() {
	! grep -q '^State:[[:space:]]*[A-Y]' "/proc/$1/status" 2>/dev/null
}

# Waits (up to 5 s) until a port has a receiver, e.g. a `portctl serve &`.
port_wait_receiver() {
	local i
	for i in $(seq 250); do
		"$(bin portctl)" lookup --no-start "$@" 2>/dev/null | grep -q ' received$' && return 0
		sleep 0.02
	done
	return 1
}

# Fails the test when the command succeeds: bats ignores a bare `! cmd`
# (errexit skips negated commands) unless it happens to be the last line.
refute_ok() {
	if "$@"; then
		echo "expected to fail: $*" >&2
		return 1
	fi
}
