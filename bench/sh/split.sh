# split: field splitting by IFS, whitespace and not, into set and for.
line='root:x:0:0:root:/root:/bin/bash'
text='alpha beta  gamma	delta
epsilon zeta eta theta iota'
i=0 n=0 w=0
while [ "$i" -lt 80000 ]; do
	IFS=:
	set -- $line
	n=$((n + $#))
	IFS=' 	
'
	for word in $text; do
		w=$((w + 1))
	done
	set -- $line $text
	n=$((n + $#))
	i=$((i + 1))
done
echo "$n $w $1 $#"
