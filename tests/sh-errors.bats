#!/usr/bin/env bats
# sh-errors.bats: ipcsh's errors: the message format `ipcsh: FILE: line N:
# ...`, syntax errors (status 2), the statuses 126, 127 and 128+n, and
# special builtins' errors, which end a script but not an interactive shell.

load helper
bats_require_minimum_version 1.5.0

setup() {
	common_setup
}

@test "a syntax error in a script names the file and line, after the lines before it ran" {
	printf 'echo before\n\necho "x" )\necho after\n' > bad.sh
	run --separate-stderr "$IPCSH" bad.sh
	assert_failure 2
	assert_output before
	assert_equal "$stderr" "ipcsh: bad.sh: line 3: syntax error: unexpected ')'"
}

@test "a syntax error in -c names the line, status 2" {
	run --separate-stderr "$IPCSH" -c 'echo before
if true; then echo x; fi fi'
	assert_failure 2
	assert_output before
	assert_equal "$stderr" "ipcsh: line 2: syntax error: unexpected 'fi'"
}

@test "a syntax error inside eval names the line of the eval and ends the script" {
	printf 'echo start\neval "fi"\necho not reached\n' > e.sh
	run --separate-stderr "$IPCSH" e.sh
	assert_failure 2
	assert_output start
	assert_equal "$stderr" "ipcsh: e.sh: line 2: syntax error: unexpected 'fi'"
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

@test "a syntax error in a command substitution is status 2" {
	run --separate-stderr "$IPCSH" -c 'x=$(if); echo not reached'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "ipcsh: line 1: syntax error: unexpected ')'"
}

@test "command not found is 127, found but not executable 126" {
	printf 'echo hi\n' > noexec.sh
	chmod 644 noexec.sh
	run --separate-stderr "$IPCSH" -c 'nonesuch_cmd; echo "$?"; ./noexec.sh; echo "$?"
		/nonexistent/x; echo "$?"; ./; echo "$?"'
	assert_success
	assert_output $'127\n126\n127\n126'
	assert_line --index 0 127
	[[ $stderr == "ipcsh: line 1: nonesuch_cmd: command not found"* ]]
}

@test "a command killed by signal n is status 128+n, and so is the shell itself" {
	run "$IPCSH" -c 'sh -c "kill -TERM \$\$"; echo "$?"; sh -c "kill -KILL \$\$"; echo "$?"'
	assert_success
	assert_output $'143\n137'
	run "$IPCSH" -c 'kill -USR1 $$; echo not reached'
	assert_failure 138
	assert_output ""
}

# Each special builtin error, with a command after it that must not run.
special_errors=(
	'set -o nonesuch'
	'readonly r=1; r=2'
	'readonly r=1; export r=2'
	'. ./nonesuch.sh'
	'exit abc'
	'break 0'
	': > /nonexistent/x'
	'eval "if"'
	'export 1x=1'
)

@test "an error of a special builtin ends a script" {
	local e
	for e in "${special_errors[@]}"; do
		run --separate-stderr "$IPCSH" -c "$e; echo survived"
		[ "$status" -ne 0 ] || fail "$e: status 0"
		[ -z "$output" ] || fail "$e: the script went on"
		[ -n "$stderr" ] || fail "$e: no message"
	done
}

@test "command makes a special builtin's error a status, not the end of the script" {
	run --separate-stderr "$IPCSH" -c 'command set -o nonesuch; echo "set $?"
		command . ./nonesuch.sh; echo "dot $?"; command eval "if"; echo "eval $?"'
	assert_success
	assert_output $'set 2\ndot 1\neval 2'
}

@test "an interactive shell reports a special builtin's error and goes on" {
	local e
	for e in "${special_errors[@]}"; do
		run --separate-stderr "$IPCSH" -i <<<"$e"$'\necho survived'
		assert_output survived
		[ -n "$stderr" ] || fail "$e: no message"
	done
}
