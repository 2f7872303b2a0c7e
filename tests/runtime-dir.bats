#!/usr/bin/env bats
# tests/runtime-dir.bats: a utility that keeps state in the runtime directory
# refuses a hostile one with one line naming it (cli_runtime_dir; the demo's
# file part is such a utility until msgq and the others arrive).

load helper

setup() {
	common_setup
	DEMO="$top_builddir/tests/demo/ipcdemo"
}

refused() {   # DIR STATUS REASON
	IPC_RUNTIME_DIR=$1 run "$DEMO" file
	assert_failure "$2"
	assert_output "ipcdemo: $1: $3"
	assert_equal "${#lines[@]}" 1
}

@test "a world-writable runtime directory is refused" {
	mkdir -m 777 "$BATS_TEST_TMPDIR/wide"
	chmod 777 "$BATS_TEST_TMPDIR/wide"
	refused "$BATS_TEST_TMPDIR/wide" 4 "unsafe runtime directory: owned by another user, or writable by group or others"
}

@test "a group-writable runtime directory is refused" {
	mkdir "$BATS_TEST_TMPDIR/grp"
	chmod 770 "$BATS_TEST_TMPDIR/grp"
	refused "$BATS_TEST_TMPDIR/grp" 4 "unsafe runtime directory: owned by another user, or writable by group or others"
}

@test "a runtime directory owned by another user is refused" {
	[ "$(id -u)" = 0 ] || skip "needs root to give a directory away"
	mkdir -m 700 "$BATS_TEST_TMPDIR/theirs"
	chown nobody "$BATS_TEST_TMPDIR/theirs"
	refused "$BATS_TEST_TMPDIR/theirs" 4 "unsafe runtime directory: owned by another user, or writable by group or others"
}

@test "a symbolic link as runtime directory is refused" {
	ln -s "$IPC_RUNTIME_DIR" "$BATS_TEST_TMPDIR/link"
	refused "$BATS_TEST_TMPDIR/link" 5 "unsafe runtime directory: a symbolic link"
}

@test "a file as runtime directory is refused" {
	: > "$BATS_TEST_TMPDIR/file"
	refused "$BATS_TEST_TMPDIR/file" 5 "unusable runtime directory: not a directory"
}

@test "a runtime directory under a missing parent is refused" {
	refused "$BATS_TEST_TMPDIR/no/such" 3 "No such file or directory"
}

@test "a relative IPC_RUNTIME_DIR is refused" {
	IPC_RUNTIME_DIR=rel/dir run "$DEMO" file
	assert_failure 2
	assert_output "ipcdemo: rel/dir: IPC_RUNTIME_DIR must be an absolute path"
}

@test "a good runtime directory is used, and created 0700 when missing" {
	IPC_RUNTIME_DIR="$BATS_TEST_TMPDIR/fresh" run "$DEMO" file
	assert_success
	assert_equal "$(stat -c %a "$BATS_TEST_TMPDIR/fresh")" 700
}
