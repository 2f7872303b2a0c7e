#!/usr/bin/env bats
# chan-types.bats: element types as the chan utility sees them: what is accepted, what is refused and why.

load helper

setup() {
	common_setup
	CHAN=$(bin chan)
	Q=$(uniq_name q)
}

teardown() {
	"$CHAN" rm "$Q" 2>/dev/null || true
}

@test "bytes: any bytes survive, NULs and all, with --raw" {
	"$CHAN" create "$Q"
	head -c 3000 /dev/urandom > blob
	"$CHAN" send --raw "$Q" < blob
	"$CHAN" recv --raw -n 1 "$Q" > back
	run cmp blob back
	assert_success
}

@test "line: a newline or NUL inside a message is refused" {
	"$CHAN" create --type line "$Q"
	run "$CHAN" send "$Q" ok "$(printf 'two\nlines')"
	assert_failure 2
	assert_output "chan: $Q: message 2: a line holds no newline (one at byte 3)"
	run bash -c "printf 'a\0b\0' | '$CHAN' send -0 '$Q'"
	assert_success
	run bash -c "printf 'x\ny\0' | '$CHAN' send -0 '$Q'"
	assert_failure 2
	assert_output "chan: $Q: message 1: a line holds no newline (one at byte 1)"
	run "$CHAN" recv --nowait "$Q"
	assert_output "$(printf 'ok\na\nb')"
}

@test "int: decimal text in, decimal text out, range-checked" {
	"$CHAN" create --type int "$Q"
	printf '%s\n' 0 -5 "  42" +7 9223372036854775807 -9223372036854775808 | "$CHAN" send "$Q"
	run "$CHAN" recv --nowait "$Q"
	assert_success
	assert_output "$(printf '0\n-5\n42\n7\n9223372036854775807\n-9223372036854775808')"
	run "$CHAN" send "$Q" 4.2
	assert_failure 2
	assert_output "chan: $Q: message 1: not an integer: '4.2'"
	run "$CHAN" send "$Q" 9223372036854775808
	assert_failure 2
	assert_output "chan: $Q: message 1: integer out of range: '9223372036854775808'"
	run "$CHAN" send "$Q" ""
	assert_failure 2
	assert_output "chan: $Q: message 1: not an integer: ''"
}

@test "int: wc -l output goes straight in" {
	"$CHAN" create --type int "$Q"
	seq 1 12 | wc -l | "$CHAN" send "$Q"
	run "$CHAN" recv -n 1 "$Q"
	assert_output 12
}

@test "json: one JSON text per message, refused with where and why" {
	"$CHAN" create --type json "$Q"
	printf '%s\n' '{"a":1}' '[1,2,{"b":null}]' '"text"' 3.5e2 | "$CHAN" send "$Q"
	run "$CHAN" send "$Q" '{"a":}'
	assert_failure 2
	assert_output "chan: $Q: message 1: not JSON: expected a value at byte 5"
	run "$CHAN" send "$Q" '{"a":1} x'
	assert_failure 2
	assert_output "chan: $Q: message 1: not JSON: more after the value at byte 8"
	printf '{\n  "multi": "line"\n}\n' | "$CHAN" send --raw "$Q"
	run "$CHAN" recv -0 --nowait "$Q"
	assert_success
	run bash -c "'$CHAN' stat --json '$Q'"
	assert_output --partial '"received":5'
}

@test "record:SIZE: exactly SIZE bytes" {
	"$CHAN" create --type record:4 "$Q"
	"$CHAN" send "$Q" abcd wxyz
	run "$CHAN" send "$Q" abc
	assert_failure 2
	assert_output "chan: $Q: message 1: a record:4 element is 4 bytes, not 3"
	run "$CHAN" recv --nowait "$Q"
	assert_output "$(printf 'abcd\nwxyz')"
}

@test "a message longer than the channel holds is refused, not truncated" {
	"$CHAN" create --capacity 4K "$Q"
	run bash -c "head -c 5000 /dev/zero | '$CHAN' send --raw '$Q'"
	assert_failure 2
	assert_output "chan: $Q: message 1: 5000 bytes is more than this channel's longest message, 4088 bytes"
	run bash -c "head -c 4088 /dev/zero | '$CHAN' send --raw --nowait '$Q'"
	assert_success
}
