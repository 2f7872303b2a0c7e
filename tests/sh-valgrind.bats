#!/usr/bin/env bats
# sh-valgrind.bats: ipcsh stays clean under valgrind on its error paths:
# no invalid access, no memory lost (forked children included).

load helper

setup() {
	[ "${IPCSH_SANITIZERS:-no}" != yes ] || skip "valgrind and AddressSanitizer do not mix"
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	common_setup
}

# Runs ipcsh under valgrind with "$@"; status 99 means valgrind found an
# error, whose report is in vg.log (one file per process).
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --log-file=vg.%p.log \
	    "$IPCSH" "$@"
}

# Passes when no process left a report.
assert_clean() {
	local f
	for f in vg.*.log; do
		[ -s "$f" ] || continue
		cat "$f" >&2
		fail "valgrind: $f"
	done
}

@test "exit and errexit inside a function lose nothing" {
	run vg -c 'f() { exit 3; }; f a b'
	assert_failure 3
	run vg -c 'set -e; f() { false; }; f a'
	assert_failure 1
	run vg -c 'trap "echo \"[\$1]\"" EXIT; f() { exit 0; }; f inner'
	assert_success
	assert_output "[inner]"
	assert_clean
}

@test "exit inside a trap action loses nothing" {
	run vg -c 'trap "echo got; exit 5" USR1; kill -USR1 $$; echo not reached'
	assert_failure 5
	assert_output got
	assert_clean
}
