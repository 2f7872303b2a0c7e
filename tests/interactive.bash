# tests/interactive.bash: the shell in a real terminal: a tmux server per
# test (its own socket), keys sent with send-keys, the screen read with
# capture-pane and polled until the expected text shows (never a sleep
# that guesses). Load after helper; call tmux_setup in setup and
# tmux_teardown in teardown.

# Each test runs once per editor: "libedit" is sh/ipcsh when configure
# found libedit, "builtin" the check program linked with the built-in one.
# shell_for EDITOR: sets SH_BIN (skips the test when it cannot run).
shell_for() {
	case $1 in
	libedit)
		grep -q '^#define HAVE_LIBEDIT 1' "$top_builddir/config.h" ||
			skip "ipcsh is built without libedit (--with-libedit=no)"
		SH_BIN=$IPCSH ;;
	builtin)
		SH_BIN="$top_builddir/sh/ipcsh-builtin-editor" ;;
	esac
}

tmux_setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TSOCK="ipcsh-t$$-${BATS_TEST_NUMBER}-$RANDOM"
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	export HISTFILE="$HOME/.ipcsh_history"
}

tmux_teardown() {
	[ -n "${TSOCK:-}" ] && tmux -L "$TSOCK" kill-server 2>/dev/null
	return 0
}

t() { tmux -L "$TSOCK" "$@"; }

# The environment the shell starts with: nothing from the test runner's
# terminal, a UTF-8 locale, a plain prompt.
shell_env() {
	printf '%s\n' env -i "TERM=${TEST_TERM:-xterm-256color}" "HOME=$HOME" \
		"LANG=C.UTF-8" "PATH=$PATH" "PS1=\$ " "HISTFILE=$HISTFILE" \
		"IPC_RUNTIME_DIR=${IPC_RUNTIME_DIR:-}"
}

# start_shell EDITOR [ARGS...]: the shell in an 80x24 window, at its prompt.
start_shell() {
	shell_for "$1"
	shift
	local -a envv
	mapfile -t envv < <(shell_env)
	t -f /dev/null new-session -d -x 80 -y 24 "${envv[@]}" "$SH_BIN" "$@"
	wait_for '^\$'
}

keys() { t send-keys "$@"; }
# Literal text (no key names): send-keys -l.
text() { t send-keys -l "$1"; }

screen() { t capture-pane -p; }

# wait_until SECONDS WHAT CMD...: until CMD succeeds, looking every 50 ms;
# after SECONDS it says it timed out waiting for WHAT, shows the screen, fails.
wait_until() {
	local deadline=$((SECONDS + $1)) what=$2
	shift 2
	until "$@"; do
		if ((SECONDS >= deadline)); then
			echo "timed out waiting for $what; the screen:" >&2
			screen >&2
			return 1
		fi
		sleep 0.05
	done
}

screen_has() { screen | grep -Eq -- "$1"; }
screen_lacks() { ! screen_has "$1"; }
# The screen's last N non-empty lines, joined with '|', are TEXT.
tail_is() { [ "$(screen | sed '/^$/d' | tail -n "$1" | paste -sd '|')" = "$2" ]; }

# wait_for REGEX [SECONDS]: until a line of the screen matches (grep -E).
wait_for() { wait_until "${2:-5}" "/$1/" screen_has "$1"; }
# wait_gone REGEX [SECONDS]: until no line matches.
wait_gone() { wait_until "${2:-5}" "/$1/ to go" screen_lacks "$1"; }
# wait_until_count REGEX N: until N lines or more match.
screen_count_ge() { [ "$(screen | grep -Ec -- "$1")" -ge "$2" ]; }
wait_until_count() { wait_until 5 "$2 lines /$1/" screen_count_ge "$1" "$2"; }
# wait_tail N TEXT [SECONDS]: until the last N lines are TEXT (tail_is): the
# shell is back at a fresh prompt.
wait_tail() { wait_until "${3:-5}" "the last lines to be '$2'" tail_is "$1" "$2"; }

# run_line TEXT: types a command, Enter, and waits for the next prompt
# after a marker the command prints: "TEXT; echo =DONE=".
run_line() {
	text "$1"
	keys Enter
}

# The cursor's column and row.
cursor() { t display -p '#{cursor_x},#{cursor_y}'; }

# vi: Escape, then wait until the editor took it (the cursor steps back)
# so that the next key is not read as part of an escape sequence.
vi_escape() {
	local before=
	# the keys sent before have been drawn: the cursor stays put
	until [ "$before" = "$(cursor)" ]; do
		before=$(cursor)
		sleep 0.1
	done
	keys Escape
	local deadline=$((SECONDS + 2))
	while [ "$(cursor)" = "$before" ] && ((SECONDS < deadline)); do
		sleep 0.02
	done
}
