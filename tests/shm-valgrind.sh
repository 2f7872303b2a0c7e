#!/bin/sh
# shm-valgrind.sh: the shared-memory unit tests, forked children too, run clean under valgrind.
: "${top_builddir:?run the tests through make check}"
if [ "${IPCSH_SANITIZERS:-no}" = yes ]; then
	echo "1..0 # SKIP valgrind and AddressSanitizer do not mix"
	exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
# shm_sync_cond (the portable backend) runs in the plain suite: its read-only
# waiters poll, and under valgrind's slowdown its timed signal test races.
set -- shm shm_sync
echo "1..$#"
n=0
for t in "$@"; do
	n=$((n + 1))
	log="$top_builddir/tests/unit/$t.valgrind.log"
	if valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --track-fds=yes \
	    "$top_builddir/tests/unit/$t" > "$log" 2>&1 &&
	    ! grep -q '^not ok' "$log"; then
		echo "ok $n - tests/unit/$t under valgrind"
	else
		echo "not ok $n - tests/unit/$t under valgrind (see $log)"
		sed 's/^/# /' "$log" | grep -v '^# ok ' | tail -40
	fi
done
