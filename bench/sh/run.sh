#!/bin/sh
# bench/sh/run.sh: runs each workload bench/sh/*.sh under the build tree's
# ipcsh and under dash, in turns, checks that both print the same output and
# exit status, and prints each time ratio ipcsh/dash (lower is better), their
# geometric mean, the startup time and the peak RSS, in bench.h's row format.
#
# Run from the build directory (bench/run and `make bench` do). Overrides:
#   IPCSH=PATH DASH=PATH TIMECMD=PATH    the shells and the timing helper
#   BENCH_RUNS=N (3)    runs of each workload per shell; the minimum is kept
#   BENCH_STARTS=N (500) runs of `SHELL -c :`; the minimum is kept (the
#                        median of so short runs moves by 3x with the load)
#   BENCH_SH_ONLY="arith glob"   run only these workloads
#   BENCH_TIME_LIMIT=S (600)     a run taking longer is killed (SIGALRM: exit 142)
# A workload whose outputs differ is reported on stderr and in the table,
# left out of the mean, and makes the run fail (exit 1).
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(pwd)
ipcsh=${IPCSH:-$build/sh/ipcsh}
dash=${DASH:-$(command -v dash 2>/dev/null)}
timecmd=${TIMECMD:-$build/bench/sh/timecmd}
runs=${BENCH_RUNS:-3}
starts=${BENCH_STARTS:-500}

fail() { echo "bench/sh: $*" >&2; exit 1; }
[ -x "$ipcsh" ] || fail "no ipcsh at $ipcsh (run from the build directory, or set IPCSH)"
[ -n "$dash" ] && [ -x "$dash" ] || fail "dash not found (the anchor): install it or set DASH"
[ -x "$timecmd" ] || fail "no $timecmd: build it with 'make bench/sh/timecmd' (make bench does)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipcsh-bench.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# The same locale and scratch space for both shells; the read loops' input.
LC_ALL=C TMPDIR=$tmp BENCH_DATA=$tmp
export LC_ALL TMPDIR BENCH_DATA
awk 'BEGIN { for (i = 1; i <= 60000; i++) print i, "word" i % 13, "the rest of the line" }' \
	>"$tmp/lines" || fail "cannot write the workload data"

row() { "$timecmd" row "$@"; }

"$timecmd" section "shell workloads: $(basename "$ipcsh") vs dash, wall time, minimum of $runs runs in turns" ipcsh
status=0 rss_i=0 rss_d=0 bad=0
: >"$tmp/times"
for script in "$here"/*.sh; do
	name=$(basename "$script" .sh)
	[ "$name" = run ] && continue
	case " ${BENCH_SH_ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
	res=$("$timecmd" run "$runs" "$tmp/out.ipcsh" "$ipcsh" "$tmp/out.dash" "$dash" -- "$script") ||
		fail "timecmd failed on $name"
	set -- $res
	ti=$1 ri=$3 si=$4 td=$5 rd=$7 sd=$8
	if [ "$si" != "$sd" ] || ! cmp -s "$tmp/out.ipcsh" "$tmp/out.dash"; then
		row "sh: $name (OUTPUT DIFFERS)" "$ti" "$td" s dash
		{
			echo "bench/sh: MISMATCH in $name: ipcsh exit $si, dash exit $sd; output diff (dash < > ipcsh):"
			diff "$tmp/out.dash" "$tmp/out.ipcsh" | head -n 8
		} >&2
		status=1 bad=$((bad + 1))
		continue
	fi
	row "sh: $name" "$ti" "$td" s dash
	echo "$ti $td" >>"$tmp/times"
	# The RSS figure counts only workloads whose children are the shell itself.
	if ! grep -q '^# bench: external' "$script"; then
		[ "$ri" -gt "$rss_i" ] && rss_i=$ri
		[ "$rd" -gt "$rss_d" ] && rss_d=$rd
	fi
done

if [ -s "$tmp/times" ]; then
	res=$("$timecmd" geomean <"$tmp/times") || fail "timecmd geomean failed"
	set -- $res
	what="geometric mean of $3 workloads"
	[ "$bad" -gt 0 ] && what="$what ($bad differ)"
	row "$what" "$1" "$2" s dash
fi

res=$("$timecmd" run "$starts" /dev/null "$ipcsh" /dev/null "$dash" -- -c :) ||
	fail "timecmd failed on startup"
set -- $res
row "startup: -c : (minimum of $starts)" "$(awk "BEGIN { print $1 * 1000 }")" \
	"$(awk "BEGIN { print $5 * 1000 }")" ms dash
[ "$4" = 0 ] && [ "$8" = 0 ] || { echo "bench/sh: -c : failed (ipcsh $4, dash $8)" >&2; status=1; }
row "peak RSS: -c :" "$(awk "BEGIN { print $3 / 1024 }")" "$(awk "BEGIN { print $7 / 1024 }")" MiB dash
[ "$rss_d" -gt 0 ] && row "peak RSS: largest builtin-only workload" \
	"$(awk "BEGIN { print $rss_i / 1024 }")" "$(awk "BEGIN { print $rss_d / 1024 }")" MiB dash
exit $status
