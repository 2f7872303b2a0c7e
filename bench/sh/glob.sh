# glob: pathname expansion in a directory of 3000 files made here (then removed).
# bench: external (children other than the shell: left out of the RSS figure)
dir=$(mktemp -d "${TMPDIR:-/tmp}/ipcsh-bench-glob.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
i=0
while [ "$i" -lt 3000 ]; do
	: >"$dir/f$i.txt"
	i=$((i + 1))
done
: >"$dir/README"
n=0 r=0
while [ "$r" -lt 25 ]; do
	set -- "$dir"/*.txt;           n=$((n + $#))
	set -- "$dir"/f1*;             n=$((n + $#))
	set -- "$dir"/f[0-9][0-9].txt; n=$((n + $#))
	set -- "$dir"/*[!t]?t;         n=$((n + $#))
	set -- "$dir"/nomatch*;        n=$((n + $#))
	r=$((r + 1))
done
echo "$n ${1#"$dir"/}"
