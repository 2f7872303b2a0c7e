#!/usr/bin/env bats
# shmctl-errors.bats: bad input, missing and foreign segments, permissions: one line, one status.

load helper

setup() {
	common_setup
	S=$(bin shmctl)
	N=$(uniq_name seg)
}

teardown() {
	rm -f /dev/shm/"${N%seg}"*
}

@test "no verb, an unknown verb or option: usage error, status 2" {
	run "$S"
	assert_failure 2
	assert_line --index 0 "shmctl: missing verb"
	run "$S" frobnicate x
	assert_failure 2
	assert_line --index 0 "shmctl: unknown verb 'frobnicate'"
	run "$S" read --bogus x
	assert_failure 2
	assert_line --index 0 "shmctl: unrecognized option '--bogus'"
	run "$S" read --mode 0600 x
	assert_failure 2
	run "$S" ls extra
	assert_failure 2
	assert_line --index 0 "shmctl: ls takes no operand"
	run "$S" create "$N"
	assert_failure 2
	assert_line --index 0 "shmctl: create takes NAME and SIZE"
}

@test "a bad name is refused before anything is made" {
	run "$S" create ../etc/x 10
	assert_failure 2
	assert_line --index 0 "shmctl: invalid name '../etc/x'"
	run "$S" create .hidden 10
	assert_failure 2
}

@test "bad sizes are refused: zero, garbage, negative, too large" {
	for size in 0 12X -5 '' 1.5K 2T 99999999999999999999; do
		run "$S" create "$N" -- "$size"
		assert_failure 2
		assert_line --index 0 --regexp "^shmctl: (invalid size '$size'|size '$size' is larger than [0-9]+ bytes)$"
	done
	[ ! -e "/dev/shm/$N" ]
}

@test "bad mode, offset, timeout: status 2" {
	run "$S" create -m 0999 "$N" 10
	assert_failure 2
	assert_line --index 0 "shmctl: invalid mode '0999'"
	"$S" create "$N" 10
	run "$S" read --offset abc "$N"
	assert_failure 2
	assert_line --index 0 "shmctl: invalid offset 'abc'"
	run "$S" wait --timeout soon "$N"
	assert_failure 2
	assert_line --index 0 "shmctl: invalid timeout 'soon'"
}

@test "create of an existing segment fails and keeps it" {
	"$S" create "$N" 10
	"$S" write --data keep "$N"
	run "$S" create "$N" 10
	assert_failure 5
	assert_output "shmctl: $N: File exists"
	run "$S" read "$N"
	assert_output "keep"
}

@test "writing past the end is refused and nothing is written" {
	"$S" create "$N" 8
	"$S" write --data abc "$N"
	run "$S" write --data 123456789 "$N"
	assert_failure 2
	assert_output "shmctl: $N: 9 bytes at offset 0 do not fit in 8 bytes"
	run "$S" write --offset 6 --data xyz "$N"
	assert_failure 2
	assert_output "shmctl: $N: 3 bytes at offset 6 do not fit in 8 bytes"
	run "$S" write --offset 9 --data "" "$N"
	assert_failure 2
	run "$S" read "$N"
	assert_output "abc"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":1,'
}

@test "input longer than the segment is refused without reading it all" {
	"$S" create "$N" 8
	# An endless input: the refusal must come from the size, not from memory.
	run sh -c "yes | tr -d '\n' | '$S' write '$N'"
	assert_failure 2
	assert_output "shmctl: $N: input record longer than the 8 bytes that fit at offset 0"
	run sh -c "printf 'ok\n123456789\nlast\n' | '$S' write '$N'"
	assert_failure 2
	run "$S" read "$N"
	assert_output "ok"
}

@test "reading past the end is refused" {
	"$S" create "$N" 8
	run "$S" read --offset 9 "$N"
	assert_failure 2
	assert_output --partial "shmctl: offset 9 is past the end of $N (8 bytes)"
	run "$S" read --offset 8 "$N"
	assert_success
	assert_output ""
}

@test "a missing segment: status 3 from every verb" {
	for verb in read write wait stat rm; do
		run "$S" "$verb" "$N"
		assert_failure 3
		assert_output "shmctl: $N: No such file or directory"
	done
	run "$S" resize "$N" 10
	assert_failure 3
	run "$S" lock "$N" -- true
	assert_failure 3
}

@test "a foreign object in /dev/shm is refused by name and never mapped" {
	# Another program's object: right size for a header, wrong magic.
	head -c 8192 /dev/urandom > "/dev/shm/$N"
	for verb in read stat wait; do
		run "$S" "$verb" "$N"
		assert_failure 5
		assert_output "shmctl: $N: not a segment of this layout (wrong magic, version or size)"
	done
	run "$S" write --data x "$N"
	assert_failure 5
	run "$S" rm "$N"
	assert_failure 5
	[ -e "/dev/shm/$N" ]
	run "$S" ls
	refute_output --partial "$N"
}

@test "a segment whose header lies about its size is refused" {
	"$S" create "$N" 64
	# The capacity field (offset 24) claims 1 TiB; the object is 4 KiB + 128.
	printf '\0\0\0\0\0\1\0\0' | dd of="/dev/shm/$N" bs=1 seek=24 conv=notrunc 2>/dev/null
	run "$S" read "$N"
	assert_failure 5
	assert_output --partial "not a segment of this layout"
	run "$S" stat "$N"
	assert_failure 5
}

@test "another user is denied an owner-only segment: status 4" {
	"$S" create "$N" 16
	run as_nobody "$S" read "$N"
	assert_failure 4
	assert_output "shmctl: $N: Permission denied"
	run as_nobody "$S" write --data x "$N"
	assert_failure 4
	run as_nobody "$S" stat "$N"
	assert_failure 4
	run as_nobody "$S" lock "$N" -- true
	assert_failure 4
}

@test "a 0644 segment: another user may read and stat but not write" {
	"$S" create -m 0644 "$N" 16
	"$S" write --data public "$N"
	run as_nobody "$S" read "$N"
	assert_success
	assert_output "public"
	run as_nobody "$S" stat "$N"
	assert_success
	run as_nobody "$S" write --data x "$N"
	assert_failure 4
	assert_output "shmctl: $N: Permission denied"
	run as_nobody "$S" resize "$N" 32
	assert_failure 4
}

@test "lock needs a command; a missing command is 127, like a shell" {
	"$S" create "$N" 16
	run "$S" lock "$N"
	assert_failure 2
	assert_line --index 0 "shmctl: lock needs a command to run"
	run "$S" lock "$N" --
	assert_failure 2
	run "$S" lock "$N" -- /nonexistent/command
	assert_failure 127
	assert_output "shmctl: /nonexistent/command: command not found"
	run "$S" stat --json "$N"
	assert_output --partial '"lock":"free"'
}
