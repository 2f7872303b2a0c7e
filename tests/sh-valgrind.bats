#!/usr/bin/env bats
# sh-valgrind.bats: ipcsh stays clean under valgrind on its error paths:
# no invalid access, no memory lost (forked children included).

load helper

setup() {
	[ "${IPCSH_SANITIZERS:-no}" != yes ] || skip "valgrind and AddressSanitizer do not mix"
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	common_setup
	Q=$(uniq_name q)
	SEG=$(uniq_name seg)
	C=$(uniq_name c)
}

teardown() {
	msgq_cleanup
	"$(bin shmctl)" rm "$SEG" 2>/dev/null || true
	"$(bin chan)" rm "$C" 2>/dev/null || true
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

@test "the IPC builtins, errors included, leave no memory or descriptor behind per call" {
	run vg -c 'q=$1 s=$2 c=$3
		fds() { set -- /proc/$$/fd/*; echo $#; }
		msgq create $q && shmctl create $s 64 && chan create $c || exit 9
		before=$(fds) i=0
		while [ $i -lt 10 ]; do
			msgq send $q "m $i"; msgq recv $q >/dev/null; msgq recv --nowait $q
			msgq stat nonesuch_$q 2>/dev/null; msgq bogus 2>/dev/null; msgq --help >/dev/null
			shmctl write --data "d $i" $s; x=$(shmctl read $s)
			shmctl wait --timeout 0.01 $s; shmctl read nonesuch_$s 2>/dev/null
			chan send $c "c $i"; chan recv $c >/dev/null; chan recv --nowait $c
			printf "a\\nb\\n" | msgq send $q; msgq recv -n 2 $q >/dev/null
			i=$((i + 1))
		done
		echo "$x descriptors $before $(fds)"' sh "$Q" "$SEG" "$C"
	assert_success
	assert_output --regexp '^d 9 descriptors ([0-9]+) \1$'
	assert_clean
}

@test "errors in eval, ., functions, substitutions, traps, set -e and set -u lose nothing" {
	printf 'echo in dot\nif true\n' > bad.sh
	run vg -c '
		(eval "if") ; (. ./bad.sh); (f() { local l=1; ${u?x}; }; f a b)
		x=$(${u?y}); x=$(eval "case"); (x=$(exit 4); exit $x)
		(set -e; g() { false; }; g; echo no); (set -u; echo $nonesuch)
		(set -e; x=$(false); echo no); (set -u; h() { echo $1; }; h)
		(readonly r=1; r=2); (readonly r=1; for r in a; do :; done)
		(trap "\${u?z}" USR1; kill -USR1 $(sh -c "echo \$PPID")); (trap "exit 3" EXIT; exit 1)
		command eval "{ \${u?w}; } 3>/dev/null"; command . ./bad.sh
		(: > /nonexistent/dir/f); cat < /nonexistent 2>/dev/null
		(echo $((1/0))); (x=$(( (1 + ))))
		x=$(printf "%070000d" 0); cat <<END | wc -c
$x
END
		echo done'
	assert_success
	assert_line done
	assert_clean
}
