#!/usr/bin/env bats
# tests/ipcsh-interactive.bats: ipcsh in a real terminal (tmux), each case
# for both line editors: editing keys, history, completion, Ctrl-C, wide
# characters, wrapping, resize, and the terminal left as it was found.
# A case is a function taking the editor ("libedit" or "builtin"); two
# @test lines run it. Job control cases take the same shape.

load helper
load interactive

setup() {
	common_setup
	tmux_setup
}

teardown() {
	tmux_teardown
	[ -z "${Q:-}" ] || "$(bin msgq)" rm "$Q" 2>/dev/null
	[ -z "${SEG:-}" ] || "$(bin shmctl)" rm "$SEG" 2>/dev/null
	return 0
}

emacs_keys() {
	start_shell "$1"
	text 'ech =a='; keys C-a C-f C-f C-f; text 'o'; keys Enter
	wait_for '^=a=$'
	text 'echo =bXc='; keys C-b C-b C-b C-d C-e Enter
	wait_for '^=bc=$'
	text 'one two'; keys C-a C-k; text 'echo =k= '; keys C-y Enter
	wait_for '^=k= one two$'
	text 'garbage'; keys C-u; text 'echo =u='; keys Enter
	wait_for '^=u=$'
	text 'echo =w= gone'; keys C-w Enter
	wait_for '^=w=$'
	text 'echo =t= ba'; keys C-t Enter
	wait_for '^=t= ab$'
	text 'xecho =h='; keys Home Delete End; text 'x'; keys Enter
	wait_for '^=h=x$'
	text 'echo =m= aa bb'; keys M-b; text 'X'; keys M-f; text 'Y'; keys Enter
	wait_for '^=m= aa XbbY$'
	text 'echo =arrows='; keys Left Left; text 'Z'; keys Right Enter
	wait_for '^=arrowZs=$'
}
@test "libedit: emacs editing keys" { emacs_keys libedit; }
@test "builtin: emacs editing keys" { emacs_keys builtin; }

ctrl_l() {
	start_shell "$1"
	text 'echo =before='; keys Enter
	wait_for '^=before=$'
	text 'echo kept'; keys C-l
	wait_gone '^=before=$'
	wait_for '^\$ echo kept$'
}
@test "libedit: Ctrl-L clears the screen and keeps the line" { ctrl_l libedit; }
@test "builtin: Ctrl-L clears the screen and keeps the line" { ctrl_l builtin; }

vi_keys() {
	start_shell "$1" -o vi
	text 'echo one two three'; vi_escape
	keys 0 w d w; keys Enter
	wait_for '^two three$'
	text 'echo =x= abc'; vi_escape; keys x x; keys Enter
	wait_for '^=x= a$'
	text 'echo =c= old'; vi_escape; keys b c w; text 'new'; vi_escape; keys Enter
	wait_for '^=c= new$'
	text 'echo =r= abc'; vi_escape; keys 0 f b r Z; keys '$' '~' Enter
	wait_for '^=r= aZC$'
	text 'echo =i='; vi_escape; keys I; text ' '; vi_escape; keys A; text '!'; keys Enter
	wait_for '^=i=!$'
	text 'echo =u='; vi_escape; keys '$' x u Enter
	wait_for '^=u=$'
	text 'echo =dd='; vi_escape; keys d d i; text 'echo =after='; keys Enter
	wait_for '^=after=$'
}
@test "libedit: vi mode commands" { vi_keys libedit; }
@test "builtin: vi mode commands" { vi_keys builtin; }

history_keys() {
	start_shell "$1"
	text 'echo =first='; keys Enter
	wait_for '^=first=$'
	text 'echo =second='; keys Enter
	wait_for '^=second=$'
	keys Up Up Enter
	wait_for '^=first=$'
	[ "$(screen | grep -c '^=first=$')" -eq 2 ]
	keys Up Up Down Enter
	wait_for '^=first=$'
	[ "$(screen | grep -c '^=first=$')" -eq 3 ]
	keys C-r; text '=sec'
	keys Enter
	wait_until_count '^=second=$' 2
}
@test "libedit: history recall and Ctrl-R search" { history_keys libedit; }
@test "builtin: history recall and Ctrl-R search" { history_keys builtin; }

vi_history() {
	start_shell "$1" -o vi
	text 'echo =alpha='; keys Enter
	wait_for '^=alpha=$'
	text 'echo =beta='; keys Enter
	wait_for '^=beta=$'
	vi_escape; keys k k Enter
	wait_until_count '^=alpha=$' 2
	vi_escape; keys /; text 'bet'; keys Enter; keys Enter
	wait_until_count '^=beta=$' 2
}
@test "libedit: vi history (k, /pattern)" { vi_history libedit; }
@test "builtin: vi history (k, /pattern)" { vi_history builtin; }

history_file() {
	start_shell "$1"
	text 'echo =saved='; keys Enter
	wait_for '^=saved=$'
	text 'exit'; keys Enter
	local deadline=$((SECONDS + 5))
	until grep -q '^echo =saved=$' "$HISTFILE" 2>/dev/null; do
		((SECONDS < deadline)) || { cat "$HISTFILE" >&2; return 1; }
		sleep 0.05
	done
	t kill-server 2>/dev/null || true
	start_shell "$1"
	keys Up
	wait_for '^\$ exit$'
	keys Up Enter
	wait_until_count '^=saved=$' 1
}
@test "libedit: history is kept in HISTFILE across shells" { history_file libedit; }
@test "builtin: history is kept in HISTFILE across shells" { history_file builtin; }

ctrl_c() {
	start_shell "$1"
	text 'echo =never='; keys C-c
	wait_for '\^C'
	text 'echo "=status $?="'; keys Enter
	wait_for '^=status 130=$'
	refute_ok grep -q '^=never=$' <(screen)
	# In a continuation (PS2) too: the whole command is dropped.
	text 'if true; then'; keys Enter
	wait_for '^>'
	text 'echo =half='; keys C-c
	text 'echo =after='; keys Enter
	wait_for '^=after=$'
	refute_ok grep -q '^=half=$' <(screen)
}
@test "libedit: Ctrl-C at the prompt drops the line, \$? is 130" { ctrl_c libedit; }
@test "builtin: Ctrl-C at the prompt drops the line, \$? is 130" { ctrl_c builtin; }

complete_cmd() {
	start_shell "$1"
	mkdir -p "$HOME/dir/sub dir"
	: >"$HOME/dir/sub dir/only-file"
	: >"$HOME/dir/alpha1" >"$HOME/dir/alpha2"
	text 'ech'; keys Tab; text '=cmd='; keys Enter
	wait_for '^=cmd=$'
	text 'echo =f= ~/dir/su'; keys Tab; text 'on'; keys Tab Enter
	wait_for "^=f= $HOME/dir/sub dir/only-file\$"
	text 'echo =v= $HO'; keys Tab Enter
	wait_for "^=v= $HOME\$"
	text 'echo ~/dir/al'; keys Tab Tab
	wait_for '^alpha1 +alpha2$'
}
@test "libedit: completion of a command, a path, a variable, a listing" { complete_cmd libedit; }
@test "builtin: completion of a command, a path, a variable, a listing" { complete_cmd builtin; }

complete_verbs() {
	start_shell "$1"
	text 'shmctl rea'; keys Tab; text '=v'
	wait_for '^\$ shmctl read =v$'
	keys C-u; text 'msgq s'; keys Tab Tab
	wait_for '^send +stat$'
}
@test "libedit: completion of an IPC utility's verbs" { complete_verbs libedit; }
@test "builtin: completion of an IPC utility's verbs" { complete_verbs builtin; }

complete_queue() {
	Q=$(uniq_name q)one
	"$(bin msgq)" create "$Q"
	start_shell "$1"
	text "msgq stat ${Q%one}o"; keys Tab; text '='
	wait_for "^\\\$ msgq stat $Q =\$"
}
@test "libedit: completion of a queue name after msgq" { complete_queue libedit; }
@test "builtin: completion of a queue name after msgq" { complete_queue builtin; }

complete_segment() {
	SEG=$(uniq_name s)seg
	"$(bin shmctl)" create "$SEG" 64
	start_shell "$1"
	text "shmctl read /${SEG%seg}s"; keys Tab; text '='
	wait_for "^\\\$ shmctl read /$SEG =\$"
}
@test "libedit: completion of a segment name after shmctl" { complete_segment libedit; }
@test "builtin: completion of a segment name after shmctl" { complete_segment builtin; }

wide_chars() {
	start_shell "$1"
	text 'echo =日本='; keys Left Left; text 'é'; keys Enter
	wait_for '^=日é本=$'
	text 'echo 日本語'
	wait_for '^\$ echo 日本語$'
	[ "$(cursor | cut -d, -f1)" = 13 ]
}
@test "libedit: UTF-8 and wide characters" { wide_chars libedit; }
@test "builtin: UTF-8 and wide characters" { wide_chars builtin; }

long_line() {
	start_shell "$1"
	local long
	long=$(printf 'x%.0s' $(seq 1 150))
	text "echo =$long="
	wait_for "^x{78}=\$"
	keys C-a; text ' '
	# 2 + 7 + 71 columns, then 79 + 1: the second row is exactly full.
	wait_for '^\$  echo =x{71}$'
	wait_for '^x{79}=$'
	keys C-e; text 'z'; keys Enter
	wait_for '^z$'
	wait_for '^=x{79}$'
}
@test "libedit: a line wider than the window wraps and edits" { long_line libedit; }
@test "builtin: a line wider than the window wraps and edits" { long_line builtin; }

resize() {
	start_shell "$1"
	text "echo =$(printf 'y%.0s' $(seq 1 60))="
	wait_for '=$'
	t resize-window -x 40 -y 24
	keys C-a; text ' '
	# libedit redraws as if the terminal had not rewrapped the line (tmux
	# does): only the built-in editor's screen is checked.
	if [ "$1" = builtin ]; then
		wait_for '^\$  echo =y{31}$'
		wait_for '^y{29}=$'
	fi
	keys Enter
	wait_for '^=y{39}$'
	wait_for '^y{21}=$'
}
@test "libedit: the window is resized while a line is edited" { resize libedit; }
@test "builtin: the window is resized while a line is edited" { resize builtin; }

# Starts the shell in a pane that records stty -a before the shell and
# after it ends.
start_stty_recorded() {
	shell_for "$1"
	local sh=$SH_BIN
	local -a envv
	mapfile -t envv < <(shell_env)
	t -f /dev/null new-session -d -x 80 -y 24 \
		"stty -a >'$BATS_TEST_TMPDIR/before'; $(printf '%q ' "${envv[@]}") '$sh'; stty -a >'$BATS_TEST_TMPDIR/after'; touch '$BATS_TEST_TMPDIR/done'; sleep 30"
	wait_for '^\$'
}

# Waits for the shell to end, then compares the terminal's settings.
stty_unchanged() {
	local deadline=$((SECONDS + 5))
	until [ -e "$BATS_TEST_TMPDIR/done" ]; do
		((SECONDS < deadline)) || { screen >&2; return 1; }
		sleep 0.05
	done
	diff "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

stty_kept() {
	start_stty_recorded "$1"
	text 'echo abc'; keys C-c
	text 'set -o vi'; keys Enter
	text 'echo =x='; vi_escape; keys 0 x; keys Enter
	text 'exit'; keys Enter
	stty_unchanged
}
@test "libedit: stty -a is unchanged after the shell exits" { stty_kept libedit; }
@test "builtin: stty -a is unchanged after the shell exits" { stty_kept builtin; }

killed_raw() {
	start_stty_recorded "$1"
	text 'echo half typed'
	wait_for 'half typed'
	kill -HUP "$(pgrep -P "$(t display -p '#{pane_pid}')")"
	stty_unchanged
}
@test "libedit: a signal that ends the shell mid-line restores the terminal" { killed_raw libedit; }
@test "builtin: a signal that ends the shell mid-line restores the terminal" { killed_raw builtin; }

dumb_terminal() {
	TEST_TERM=dumb start_shell "$1"
	t pipe-pane -o "cat >>'$BATS_TEST_TMPDIR/out'"
	text 'echo =dumb='; keys Enter
	wait_for '^=dumb=$'
	keys Enter
	wait_until_count '^\$' 3
	t pipe-pane
	grep -q '=dumb=' "$BATS_TEST_TMPDIR/out"
	refute_ok grep -q $'\033' "$BATS_TEST_TMPDIR/out"
}
@test "libedit: TERM=dumb gets the prompt and a plain read" { dumb_terminal libedit; }
@test "builtin: TERM=dumb gets the prompt and a plain read" { dumb_terminal builtin; }

fc_cases() {
	start_shell "$1"
	for w in one two three; do
		text "echo =$w="; keys Enter
		wait_for "^=$w=\$"
	done
	text 'fc -l'; keys Enter
	wait_for '^1 +echo =one=$'
	wait_for '^3 +echo =three=$'
	text 'fc -ln 2 3 | tr "\t" _'; keys Enter
	wait_for '^_echo =two=$'
	text 'fc -lr 1 2 | head -n 1 | tr "\t" _'; keys Enter
	wait_for '^2_echo =two=$'
	text 'fc -s three=four ec'; keys Enter
	wait_for '^=four=$'
	text 'fc -s 1'; keys Enter
	wait_until_count '^=one=$' 2
	text 'FCEDIT="sed -i s/one/five/"; fc -1'; keys Enter
	wait_for '^=five=$'
	text 'fc -l -1'; keys Enter
	wait_for '^[0-9]+ +echo =five=$'
}
@test "libedit: fc lists, re-runs and edits history entries" { fc_cases libedit; }
@test "builtin: fc lists, re-runs and edits history entries" { fc_cases builtin; }

@test "non-terminal input is read plainly, with no escape sequences" {
	run bash -c "printf 'echo =plain=\n' | '$IPCSH' -i 2>'$BATS_TEST_TMPDIR/err'"
	assert_success
	assert_output '=plain='
	refute_ok grep -q $'\033' "$BATS_TEST_TMPDIR/err"
}

# Job control: a foreground job stopped with Ctrl-Z, listed, continued in
# the background, brought back, interrupted with Ctrl-C; the shell survives
# each step and $? tells what happened.
job_control() {
	start_shell "$1"
	text 'sleep 100'; keys Enter
	sleep 0.3
	keys C-z
	wait_for '^\[1\]\+ +Stopped +sleep 100$'
	text 'echo =st=$?'; keys Enter
	wait_for '^=st=148$'
	text 'jobs'; keys Enter
	wait_for '^\[1\]\+ +Stopped +sleep 100$'
	text 'bg'; keys Enter
	wait_for '^\[1\]\+ sleep 100 &$'
	text 'jobs -l'; keys Enter
	wait_for '^\[1\]\+ [0-9]+ +Running +sleep 100 &$'
	text 'fg %1'; keys Enter
	wait_for '^sleep 100$'
	sleep 0.3
	keys C-c
	# The terminal echoed ^C: the next prompt starts a line of its own
	# (waited for before typing, or the terminal would echo the typing
	# beside ^C while the shell is still on its way back).
	wait_tail 2 '^C|$'
	text 'echo =int=$?'; keys Enter
	wait_for '^=int=130$'
	refute_ok grep -q '\^C.*echo =int=' <(screen)
	text 'sleep 0.2 &'; keys Enter
	wait_for '^\[1\] [0-9]+$'
	sleep 0.5
	text 'echo =next='; keys Enter
	wait_for '^\[1\]\+ +Done +sleep 0.2'
	wait_for '^=next=$'
}
@test "libedit: Ctrl-Z, jobs, bg, fg, Ctrl-C and Done notices" { job_control libedit; }
@test "builtin: Ctrl-Z, jobs, bg, fg, Ctrl-C and Done notices" { job_control builtin; }

# A script with job control (set -m, on a terminal): a stop signal the user
# ignores with trap stays ignored in its jobs (the shell ignored the three
# for itself first, and trap took them for ignored on entry), and the
# notice that a job stopped goes to stderr, never into the output.
@test "set -m in a script: trap '' TSTP reaches its jobs, a stop notice goes to stderr" {
	cat >s <<-'EOF'
	trap '' TSTP
	"$IPCSH" -c 'kill -s TSTP $$; echo spared'
	"$IPCSH" -c 'kill -s STOP $$'
	echo "status $?"
	kill -s KILL %1
	echo end >done
	EOF
	t -f /dev/null new-session -d -x 80 -y 24 \
		"cd '$PWD' && IPCSH='$IPCSH' '$IPCSH' -m s >out 2>err"
	local deadline=$((SECONDS + 10))
	until [ -e done ] || ((SECONDS >= deadline)); do sleep 0.05; done
	run cat out
	assert_output $'spared\nstatus 147'
	run cat err
	assert_output --partial 'Stopped'
}

@test "set -m in a script started with TSTP ignored: its jobs keep it ignored" {
	cat >s <<-'EOF'
	"$IPCSH" -c 'kill -s TSTP $$; echo spared'
	echo end >done
	EOF
	t -f /dev/null new-session -d -x 80 -y 24 \
		"cd '$PWD' && trap '' TSTP && IPCSH='$IPCSH' exec '$IPCSH' -m s >out 2>err"
	local deadline=$((SECONDS + 10))
	until [ -e done ] || ((SECONDS >= deadline)); do sleep 0.05; done
	run cat out
	assert_output 'spared'
}
