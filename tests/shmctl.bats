#!/usr/bin/env bats
# shmctl.bats: every verb of shmctl doing its job: create, write, read, stat, ls, rm, resize.

load helper

setup() {
	common_setup
	S=$(bin shmctl)
	N=$(uniq_name seg)
}

teardown() {
	rm -f /dev/shm/"${N%seg}"*
}

@test "--help prints the usage and exits 0" {
	run "$S" --help
	assert_success
	assert_line --index 0 "Usage: shmctl VERB [OPTION]... NAME [ARG]..."
	assert_output --partial "lock NAME [--] CMD [ARG]..."
	run "$S" write --help
	assert_success
	assert_line --index 0 --partial "Usage: shmctl"
}

@test "--version names the program and the package" {
	run "$S" --version
	assert_success
	assert_line --index 0 --regexp '^shmctl \(ipcsh\) [0-9]'
}

@test "create makes /dev/shm/NAME, owner-only by default, umask or not" {
	umask 000
	run "$S" create "$N" 100
	assert_success
	assert_output ""
	[ -f "/dev/shm/$N" ]
	run stat -c %a "/dev/shm/$N"
	assert_output "600"
	run "$S" stat "$N"
	assert_line "size:        100"
	assert_line "sequence:    0"
	assert_line "length:      0"
}

@test "create -m sets the mode exactly, octal or symbolic" {
	run "$S" create -m 0644 "$N" 10
	assert_success
	run stat -c %a "/dev/shm/$N"
	assert_output "644"
	M=$(uniq_name sym)
	run "$S" create --mode=g+r "$M" 10
	assert_success
	run stat -c %a "/dev/shm/$M"
	assert_output "640"
}

@test "create takes K, M and G suffixes" {
	"$S" create "$N" 4K
	run "$S" stat --json "$N"
	assert_output --partial '"size":4096,'
	M=$(uniq_name mib)
	"$S" create "$M" 1M
	run "$S" stat --json "$M"
	assert_output --partial '"size":1048576,'
}

@test "write --data then read gives the bytes back, each write one update" {
	"$S" create "$N" 64
	run "$S" write --data hello "$N"
	assert_success
	assert_output ""
	run "$S" read "$N"
	assert_output "hello"
	"$S" write --data a --data bb "$N"
	run "$S" read "$N"
	assert_output "bb"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":3,'
	assert_output --partial '"length":2,'
}

@test "write reads standard input one line per update; the segment keeps the last" {
	"$S" create "$N" 64
	printf 'one\ntwo\nthree\n' | "$S" write "$N"
	run "$S" read "$N"
	assert_output "three"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":3,'
}

@test "write -0 splits at NUL, --raw takes all input as one update, binary-safe" {
	"$S" create "$N" 64
	printf 'a\0b\0' | "$S" write -0 "$N"
	run "$S" read "$N"
	assert_output "b"
	printf 'x\0y\nz' | "$S" write --raw "$N"
	run sh -c "'$S' read '$N' | od -An -c | tr -s ' '"
	assert_output " x \\0 y \\n z"
	run "$S" stat --json "$N"
	assert_output --partial '"seq":3,'
}

@test "a shorter write leaves no trace of the longer content before it" {
	"$S" create "$N" 16
	"$S" write --data abcdefgh "$N"
	"$S" write --data xy "$N"
	"$S" write --offset 6 --data Z "$N"
	run sh -c "'$S' read '$N' | od -An -c | tr -s ' '"
	assert_output " x y \\0 \\0 \\0 \\0 Z"
}

@test "write --offset patches in place; read --offset and --length select bytes" {
	"$S" create "$N" 16
	"$S" write --data hello "$N"
	"$S" write --offset 1 --data EL "$N"
	run "$S" read "$N"
	assert_output "hELlo"
	run "$S" read --offset 2 --length 2 "$N"
	assert_output "Ll"
	run "$S" read --offset 3 "$N"
	assert_output "lo"
	run sh -c "'$S' read --length 16 '$N' | wc -c"
	assert_output "16"
}

@test "stat prints a table and --json one object with stable keys" {
	"$S" create "$N" 32
	"$S" write --data 12345 "$N"
	run "$S" stat "$N"
	assert_success
	assert_line "name:        $N"
	assert_line "size:        32"
	assert_line "length:      5"
	assert_line "sequence:    1"
	assert_line "mode:        0600"
	assert_line "lock:        free"
	assert_line "recoveries:  0"
	assert_line "torn:        no"
	assert_line --regexp '^modified:    [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
	command -v jq >/dev/null || skip "jq is not installed"
	run sh -c "'$S' stat --json '$N' | jq -c '[.name, .size, .length, .seq, .mode, .lock, .holder, .recoveries, .torn, (.last_writer > 0), (.footprint >= 4160)]'"
	assert_output "[\"$N\",32,5,1,\"0600\",\"free\",null,0,false,true,true]"
}

@test "ls lists our segments with their sizes and skips foreign objects" {
	"$S" create "$N" 32
	M=$(uniq_name other)
	"$S" create "$M" 64
	F=$(uniq_name foreign)
	head -c 8192 /dev/zero | tr '\0' x > "/dev/shm/$F"
	run "$S" ls
	assert_success
	assert_line --index 0 --regexp '^NAME +SIZE +LENGTH +SEQ +MODE +UID +LOCK +TORN$'
	assert_line --regexp "^$N +32 +0 +0 0600 +0 free +no$"
	assert_line --regexp "^$M +64 "
	refute_output --partial "$F"
	command -v jq >/dev/null || skip "jq is not installed"
	run sh -c "'$S' ls --json | jq -c '[.segments[] | select(.name == \"$N\" or .name == \"$M\" or .name == \"$F\") | [.name, .size]]'"
	assert_output "[[\"$M\",64],[\"$N\",32]]"
}

@test "ls --json prints an empty list under its key when there are no segments" {
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	run unshare -m sh -c "mount -t tmpfs none /dev/shm && '$S' ls --json && '$S' ls"
	assert_success
	assert_output '{"segments":[]}'
}

@test "rm removes segments and leaves nothing behind" {
	"$S" create "$N" 32
	M=$(uniq_name two)
	"$S" create "$M" 32
	run "$S" rm "$N" "/$M"
	assert_success
	[ ! -e "/dev/shm/$N" ]
	[ ! -e "/dev/shm/$M" ]
	run "$S" read "$N"
	assert_failure 3
}

@test "rm goes on past a missing segment and reports it" {
	"$S" create "$N" 32
	M=$(uniq_name missing)
	run "$S" rm "$M" "$N"
	assert_failure 3
	assert_output "shmctl: $M: No such file or directory"
	[ ! -e "/dev/shm/$N" ]
}

@test "resize keeps the content, zero-extends, and grows past the first size" {
	"$S" create "$N" 8
	"$S" write --data abcdefgh "$N"
	run "$S" resize "$N" 4
	assert_success
	run "$S" read --length 100 "$N"
	assert_output "abcd"
	"$S" resize "$N" 1M
	run sh -c "'$S' read --length 2000000 '$N' | wc -c"
	assert_output "1048576"
	run sh -c "'$S' read --length 6 '$N' | od -An -c | tr -s ' '"
	assert_output " a b c d \\0 \\0"
	run "$S" stat --json "$N"
	assert_output --partial '"length":4,'
}

@test "the segment is an ordinary POSIX shm object other programs can open" {
	"$S" create "$N" 16
	"$S" write --data old "$N"
	"$S" write --data shared "$N"
	# The header page, then buffer 0, which update 2 made current.
	run sh -c "dd if=/dev/shm/$N bs=4096 skip=1 count=1 2>/dev/null | head -c 6"
	assert_output "shared"
	run head -c 8 "/dev/shm/$N"
	assert_output $'ipcshm\r'
}

@test "shmctl runs inside ipcsh as a builtin" {
	[ -x "$IPCSH" ] || skip "ipcsh is not built"
	run "$IPCSH" -c "type shmctl"
	assert_output "shmctl is a shell builtin"
	run "$IPCSH" -c "shmctl create $N 16 && shmctl lock $N -- '$S' write --data 41 $N && shmctl read $N"
	assert_success
	assert_output "41"
	run "$IPCSH" -c "shmctl read $(uniq_name missing)"
	assert_failure 3
}
