#!/usr/bin/env bats
# sh-regress.bats: ipcsh regressions found by the sanitizer and valgrind
# sweep, each with the smallest script that showed it. Several fail only
# under --enable-sanitizers, where the report ends the shell.

load helper

setup() {
	common_setup
}

@test "an empty word in a for list is one empty field (UBSan: memcpy from NULL)" {
	run "$IPCSH" -c 'for x in ""; do echo "<$x>"; done; set -- "" ""; for y; do echo "[$y]"; done'
	assert_success
	assert_output $'<>\n[]\n[]'
}
