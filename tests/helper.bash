# tests/helper.bash: what every bats file loads: assertions, build-tree paths,
# unique names and cleanup of every kernel object a test makes.

bats_load_library bats-support
bats_load_library bats-assert

: "${top_builddir:?run the tests through make check}"
: "${top_srcdir:?run the tests through make check}"

# Build-tree programs: ours shadow the system's (mkfifo, sh).
IPCSH="$top_builddir/sh/ipcsh"
bin() { printf '%s/coreutils/%s' "$top_builddir" "$1"; }

# A name no other test run shares, so runs can overlap.
uniq_name() { printf 't%s_%s_%s' "$$" "${BATS_TEST_NUMBER:-0}" "${1:-x}"; }

# Each test gets a private runtime directory and scratch directory.
common_setup() {
	export IPC_RUNTIME_DIR="$BATS_TEST_TMPDIR/rt"
	mkdir -m 700 "$IPC_RUNTIME_DIR"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Runs "$@" as the unprivileged user nobody (for permission tests).
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}
