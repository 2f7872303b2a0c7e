#!/usr/bin/env bats
# sh-invocation.bats: how ipcsh is started: -c with $0 and arguments, -s,
# a script file with arguments, standard input read no further than the
# command about to run, and options from the command line.

load helper
bats_require_minimum_version 1.5.0

setup() {
	common_setup
}

@test "-c takes \$0 and the positional parameters from the operands after the string" {
	run "$IPCSH" -c 'echo "$0|$1|$2|$#"' name a 'b c'
	assert_success
	assert_output "name|a|b c|2"
	run "$IPCSH" -c 'echo "$0|$#"'
	assert_output "$IPCSH|0"
	run "$IPCSH" -c 'echo "$0|$#|$1"' -- a
	assert_output -- "--|1|a"
}

@test "+c reads the command string as -c does" {
	# It was taken to turn -c off, and the string for a script's name.
	run "$IPCSH" +c 'echo "hi $0 $1"' name one
	assert_success
	assert_output "hi name one"
}

@test "-c without a string is a usage error, status 2" {
	run --separate-stderr "$IPCSH" -c
	assert_failure 2
	assert_output ""
	[[ $stderr == "ipcsh: -c: option requires an argument"* ]]
}

@test "a script file gets \$0 and its arguments" {
	printf 'echo "$0|$1|$2|$#"\nexit 7\n' > s.sh
	run "$IPCSH" s.sh a b
	assert_failure 7
	assert_output "s.sh|a|b|2"
	run "$IPCSH" -- s.sh x
	assert_output "s.sh|x||1"
}

@test "-s reads the script from standard input and takes the operands as parameters" {
	run "$IPCSH" -s a b <<<'echo "$1|$2|$#"'
	assert_success
	assert_output "a|b|2"
	run "$IPCSH" -s -- -x <<<'echo "$1|$#"'
	assert_output -- "-x|1"
	# no operand at all also means standard input
	run "$IPCSH" <<<'echo "from stdin $#"'
	assert_output "from stdin 0"
}

@test "a script on a pipe is not read past the command about to run" {
	# read takes the script's next line from the same standard input
	run bash -c "printf 'read x\nhello\necho got \$x\n' | \"\$1\"" sh "$IPCSH"
	assert_success
	assert_output "got hello"
	run bash -c "printf 'read a\none\nread b\ntwo\necho \"\$a \$b\"\n' | \"\$1\"" sh "$IPCSH"
	assert_success
	assert_output "one two"
}

@test "a script in a regular file on standard input is given back before each command" {
	printf 'read x\nhello\necho got $x\nhead -n 1\nfrom head\necho after\n' > in.sh
	run "$IPCSH" < in.sh
	assert_success
	assert_output $'got hello\nfrom head\nafter'
}

@test "set options from the command line: -e -u -x -v -f -C -a -n -o" {
	run "$IPCSH" -e -c 'false; echo not reached'
	assert_failure 1
	assert_output ""
	run --separate-stderr "$IPCSH" -u -c 'echo "$nonesuch"; echo not reached'
	assert_failure
	assert_output ""
	run --separate-stderr "$IPCSH" -x -c 'echo hi'
	assert_output hi
	assert_equal "$stderr" "+ echo hi"
	run --separate-stderr "$IPCSH" -v -c 'echo hi'
	assert_equal "$stderr" "echo hi"
	run "$IPCSH" -f -c 'echo /*'
	assert_output "/*"
	run --separate-stderr "$IPCSH" -C -c 'echo x > f; echo y > f || echo refused'
	assert_output refused
	run cat f
	assert_output x
	run "$IPCSH" -a -c 'x=1; env | grep "^x="'
	assert_output x=1
	run "$IPCSH" -o pipefail -c 'false | true; echo $?'
	assert_output 1
	run "$IPCSH" -eu +e -o nounset -c 'echo $-'
	assert_output u
	run "$IPCSH" -n -c 'echo hi'
	assert_success
	assert_output ""
	run --separate-stderr "$IPCSH" -n -c 'if true'
	assert_failure 2
}

@test "an unknown option or option name is a usage error, status 2" {
	run --separate-stderr "$IPCSH" -Z -c :
	assert_failure 2
	[[ $stderr == "ipcsh: -Z: invalid option"$'\n'"usage: ipcsh "* ]]
	run --separate-stderr "$IPCSH" -o nonesuch -c :
	assert_failure 2
	[[ $stderr == "ipcsh: nonesuch: invalid option name"* ]]
}

@test "a script that does not exist is status 127, one that cannot be read 126" {
	run --separate-stderr "$IPCSH" ./nonesuch.sh
	assert_failure 127
	assert_equal "$stderr" "ipcsh: ./nonesuch.sh: No such file or directory"
	printf 'echo hi\n' > locked.sh
	chmod 000 locked.sh
	if [ "$(id -u)" = 0 ]; then   # root reads it anyway
		run --separate-stderr as_nobody "$IPCSH" locked.sh
	else
		run --separate-stderr "$IPCSH" locked.sh
	fi
	assert_failure 126
	assert_equal "$stderr" "ipcsh: locked.sh: Permission denied"
}
