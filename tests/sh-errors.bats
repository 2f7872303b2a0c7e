#!/usr/bin/env bats
# sh-errors.bats: ipcsh's errors: the message format `ipcsh: FILE: line N:
# ...`, syntax errors (status 2), the statuses 126, 127 and 128+n, and
# special builtins' errors, which end a script but not an interactive shell.

load helper
bats_require_minimum_version 1.5.0

setup() {
	common_setup
}

@test "an error inside a . file names that file and its line" {
	printf 'echo in dot\n\nif true\n' > d.sh
	printf 'echo start\n. ./d.sh\necho not reached\n' > main.sh
	run --separate-stderr "$IPCSH" main.sh
	assert_failure 2
	assert_output $'start\nin dot'
	assert_equal "$stderr" "ipcsh: ./d.sh: line 4: syntax error: unexpected 'end of file'"
	printf 'echo ${u?is not set}\n' > u.sh
	run --separate-stderr "$IPCSH" -c '. ./u.sh; echo not reached'
	assert_failure
	assert_equal "$stderr" "ipcsh: ./u.sh: line 1: u: is not set"
	# back in the caller, errors name the caller again
	run --separate-stderr "$IPCSH" -c 'command . ./u.sh; ${v?later}'
	assert_equal "$stderr" $'ipcsh: ./u.sh: line 1: u: is not set\nipcsh: line 1: v: later'
}


@test "a syntax error inside eval names the line of the eval and ends the script" {
	printf 'echo start\neval "fi"\necho not reached\n' > e.sh
	run --separate-stderr "$IPCSH" e.sh
	assert_failure 2
	assert_output start
	assert_equal "$stderr" "ipcsh: e.sh: line 2: syntax error: unexpected 'fi'"
}

