# assign: variable assignment churn: many names set, read, exported, unset.
i=0 t=0
while [ "$i" -lt 120000 ]; do
	k=$((i % 64))
	eval "v_$k=\$i"
	eval "t=\$((t + v_$k))"
	a=$i b=$a c=$b d=$c
	export e="$d"
	unset b
	i=$((i + 1))
done
echo "$t $a ${b-unset} $c $d $e"
