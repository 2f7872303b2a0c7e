#!/usr/bin/env bats
# tests/mkfifo.bats: our mkfifo against GNU's /usr/bin/mkfifo, case by case:
# the same output, errors, exit status and files made.

load helper
bats_require_minimum_version 1.5.0

setup() {
	common_setup
	GNU=/usr/bin/mkfifo
	OURS=$(bin mkfifo)
	[ -x "$GNU" ] || skip "no GNU mkfifo at $GNU"
	fixture
}

teardown() {
	if [ -n "${ro_dir:-}" ]; then rm -rf "$ro_dir"; fi
}

# Every run starts from the same files: an existing FIFO, a directory and a
# dangling symbolic link.
fixture() {
	"$GNU" existing && mkdir adir && ln -s nowhere dangling
}

# What one run did: status, stdout, stderr and the files left (type, mode).
# The program is called "mkfifo", as from PATH, whichever it is.
outcome() {
	local prog=$1 d st=0
	shift
	d=$(mktemp -d "$BATS_TEST_TMPDIR/run.XXXXXX")
	(cd "$d" && fixture && (exec -a mkfifo "$prog" "$@") >"$d.out" 2>"$d.err") || st=$?
	printf 'status: %s\n--- stdout\n%s\n--- stderr\n%s\n--- files\n' \
		"$st" "$(cat "$d.out")" "$(cat "$d.err")"
	(cd "$d" && find . -mindepth 1 -printf '%y %m %p\n' | LC_ALL=C sort)
}

# Runs both with the same arguments and umask; they must agree.
same_as_gnu() {
	local gnu ours
	gnu=$(outcome "$GNU" "$@")
	ours=$(outcome "$OURS" "$@")
	assert_equal "$ours" "$gnu"
}

@test "no operand" {
	same_as_gnu
	run "$OURS"
	assert_failure 1
}

@test "an existing path" {
	same_as_gnu existing
	run -1 "$OURS" existing
	assert_output --partial "cannot create fifo 'existing': File exists"
}

@test "a missing parent directory" {
	same_as_gnu nodir/x
	same_as_gnu existing/x
}

@test "-m 600, whatever the umask" {
	for u in 000 022 077 777; do
		umask "$u"
		same_as_gnu -m 600 f
	done
	run "$OURS" -m 600 f
	assert_success
	assert_equal "$(stat -c %a f)" 600
}

@test "-m u=rw,g=r gives 0646, as GNU (o keeps a=rw)" {
	same_as_gnu -m u=rw,g=r f
	"$OURS" -m u=rw,g=r f
	assert_equal "$(stat -c %a f)" 646
}

@test "-m bad" {
	same_as_gnu -m bad f
	run "$OURS" -m bad f
	assert_failure 1
	assert_output "$OURS: invalid mode"
	[ ! -e f ]
}

@test "several operands with one failing: the others are made, exit 1" {
	same_as_gnu a existing b
	run "$OURS" a existing b
	assert_failure 1
	[ -p a ] && [ -p b ]
}

@test "options after operands" {
	same_as_gnu f -m 640
	same_as_gnu f g --mode=604 h
	same_as_gnu -- -m
}

@test "no operand is checked before the mode, as GNU" {
	same_as_gnu -m bad
}

@test "without -m the umask applies" {
	for u in 000 027 077; do
		umask "$u"
		same_as_gnu f
	done
}

@test "symbolic and octal modes agree with GNU" {
	for m in 0 644 0600 00640 777 1777 7777 =rw +rw,-x a+x -w +x o+w,g=o u=g a=r,u+w \
		u=r+w u=rwX = a-rwx go-rw u=rw,g=r,o= u+s +t o=t g+s \
		u=rw,,g=r '' 'u=rw g=r' ugo 8 u=rw, ,u=r x=r u=rwz; do
		for u in 022 077; do
			umask "$u"
			same_as_gnu -m "$m" f
		done
	done
}

@test "-Z is accepted silently; --context=CTX warns as GNU; --context alone is silent" {
	same_as_gnu -Z f
	same_as_gnu --context=system_u:object_r:tmp_t:s0 f
	same_as_gnu --context f
	same_as_gnu -Zm 600 f
	run "$OURS" --context=x f
	assert_success
	assert_output "$OURS: warning: ignoring --context; it requires an SELinux/SMACK-enabled kernel"
}

@test "bad options" {
	same_as_gnu -x f
	same_as_gnu --bogus f
	same_as_gnu -m
	same_as_gnu --mode
	same_as_gnu --help=x
	same_as_gnu -Zx f
	same_as_gnu --bogus --help
}

@test "long options may be abbreviated" {
	same_as_gnu --mo=600 f
	same_as_gnu --mod 600 f
	same_as_gnu --cont=x f
}

@test "--help: GNU's usage and options on stdout, exit 0" {
	run "$OURS" --help
	assert_success
	local gnu
	gnu=$(exec -a mkfifo "$GNU" --help | head -n 10)
	assert_equal "$( (exec -a mkfifo "$OURS" --help) | head -n 10)" "$gnu"
	assert_output --partial "mkfifo(1)"
	run "$OURS" --help --bogus
	assert_success
	run "$OURS" a --he
	assert_success
	[ ! -e a ]
}

@test "--version: GNU's format, ours named" {
	run "$OURS" --version
	assert_success
	assert_line --index 0 "mkfifo (ipcsh) 0.1.0"
	[[ "$(exec -a mkfifo "$GNU" --version | head -n 1)" =~ ^mkfifo\ \(.*\)\ [0-9.]+$ ]]
	[[ "${lines[0]}" =~ ^mkfifo\ \(.*\)\ [0-9.]+$ ]]
	assert_line --index 1 --regexp '^Copyright '
}

@test "a failed write of --help or --version fails as GNU" {
	local opt gnu ours
	for opt in --help --version; do
		gnu=$( (exec -a mkfifo "$GNU" $opt >/dev/full) 2>&1; echo "status $?")
		ours=$( (exec -a mkfifo "$OURS" $opt >/dev/full) 2>&1; echo "status $?")
		assert_equal "$ours" "$gnu"
	done
	assert_equal "$ours" $'mkfifo: write error: No space left on device\nstatus 1'
}

@test "names are quoted in messages as GNU quotes them" {
	for name in "it's" $'x\ny' 'sp ace' 'é' $'\xff' $'\001a' 'a"b' '$x' '~' '~a' 'a~' \
		'#' 'a#' '{' '{}' 'a\b' "it's\$" $'a\'b\nc' $'\n\'' $'\'\n' $'a\rb\tc' \
		$'\033[1m' "''x" '' $'\xe2\x82' $'a\xc2\xa0b'; do
		for loc in C C.UTF-8; do
			LC_ALL=$loc same_as_gnu "$name" "$name"
		done
	done
}

# GNU 9.1's quotearg carries an open $'...' section over when it restarts
# after an apostrophe: it prints '''it'\''s'$'\n' (harmless) or '\001'\''...
# (wrong: that escape is never decoded). We quote those names correctly:
# what we print, read back by a shell, is the name.
@test "names GNU 9.1 mis-quotes are quoted so that a shell reads them back" {
	local name quoted
	for name in $'it\'s\n' $'ab\'\001' $'\001\'\001' $'\001\'a\001'; do
		"$GNU" "$name"
		run "$OURS" "$name"
		assert_failure 1
		quoted=${output#"$OURS: cannot create fifo "}
		quoted=${quoted%": File exists"}
		assert_equal "$(eval "printf '%s|' $quoted")" "$name|"
	done
}

@test "called by a path, it names itself by that path as GNU does" {
	"$GNU" f
	run "$OURS" f
	assert_failure 1
	assert_output "$OURS: cannot create fifo 'f': File exists"
}

@test "a dangling symbolic link is not followed" {
	same_as_gnu dangling
	same_as_gnu -m 600 dangling
	run "$OURS" -m 600 dangling
	[ ! -e nowhere ]
}

@test "a name too long" {
	same_as_gnu "$(printf 'x%.0s' {1..300})"
	same_as_gnu "$(printf 'dir/%.0s' {1..1100})x"
}

@test "permission denied, as an unprivileged user" {
	[ "$(id -u)" = 0 ] || skip "needs root to switch to nobody"
	ro_dir=$(mktemp -d /tmp/ipc-mkfifo-ro.XXXXXX)
	chmod 755 "$ro_dir"
	local gnu ours
	gnu=$(cd "$ro_dir" && as_nobody "$GNU" -m 600 x 2>&1; echo "status $?")
	ours=$(cd "$ro_dir" && as_nobody "$OURS" -m 600 x 2>&1; echo "status $?")
	assert_equal "${ours/$OURS/mkfifo}" "${gnu/$GNU/mkfifo}"
	assert_equal "$ours" "$OURS: cannot create fifo 'x': Permission denied"$'\n'"status 1"
}

@test "exact mode as an unprivileged user whose umask takes every bit" {
	[ "$(id -u)" = 0 ] || skip "needs root to switch to nobody"
	ro_dir=$(mktemp -d /tmp/ipc-mkfifo-rw.XXXXXX)
	chmod 1777 "$ro_dir"
	as_nobody sh -c 'umask 777; cd "$1" && "$2" -m 640 ours && "$3" -m 640 gnu' _ "$ro_dir" "$OURS" "$GNU"
	assert_equal "$(stat -c '%a %U' "$ro_dir/ours")" "$(stat -c '%a %U' "$ro_dir/gnu")"
	assert_equal "$(stat -c '%a' "$ro_dir/ours")" 640
}

@test "two processes meet on a FIFO made by our mkfifo" {
	"$OURS" -m 600 chat
	(timeout 10 sh -c 'printf "one\ntwo\n" > chat' &)
	run timeout 10 cat chat
	assert_success
	assert_output $'one\ntwo'
}
