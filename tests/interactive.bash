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

# wait_for REGEX [SECONDS]: until a line of the screen matches (grep -E).
wait_for() {
	local deadline=$((SECONDS + ${2:-5}))
	while ! screen | grep -Eq -- "$1"; do
		if ((SECONDS >= deadline)); then
			echo "timed out waiting for /$1/; the screen:" >&2
			screen >&2
			return 1
		fi
		sleep 0.05
	done
}

# wait_tail N TEXT [SECONDS]: until the screen's last N non-empty lines,
# joined with '|', are exactly TEXT (the shell is back at a fresh prompt).
wait_tail() {
	local deadline=$((SECONDS + ${3:-5}))
	while [ "$(screen | sed '/^$/d' | tail -n "$1" | paste -sd '|')" != "$2" ]; do
		if ((SECONDS >= deadline)); then
			echo "timed out waiting for the last lines to be '$2'; the screen:" >&2
			screen >&2
			return 1
		fi
		sleep 0.05
	done
}

# wait_gone REGEX: until no line matches.
wait_gone() {
	local deadline=$((SECONDS + ${2:-5}))
	while screen | grep -Eq -- "$1"; do
		((SECONDS >= deadline)) && { screen >&2; return 1; }
		sleep 0.05
	done
}

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
