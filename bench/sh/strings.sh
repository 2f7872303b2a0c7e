# strings: parameter expansions: lengths, pattern removal, defaults, joining.
path=/usr/local/share/doc/ipcsh/examples/ports.tar.gz
i=0 n=0 acc=
while [ "$i" -lt 80000 ]; do
	base=${path##*/}
	dir=${path%/*}
	stem=${base%%.*}
	ext=${base#*.}
	top=${dir#/}; top=${top%%/*}
	n=$(( n + ${#base} + ${#dir} + ${#stem} + ${#ext} + ${#top} ))
	acc="${acc:-x}${stem#p}"
	[ ${#acc} -gt 200 ] && acc=${acc#?????????????????????????????????????}
	: "${unset_var:-$stem.$ext}" "${dir:+set}"
	i=$((i + 1))
done
echo "$n ${#acc} $acc"
