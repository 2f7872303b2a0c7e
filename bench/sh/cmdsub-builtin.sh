# cmdsub-builtin: command substitution of builtins (echo, printf, arithmetic).
i=0 n=0
while [ "$i" -lt 1500 ]; do
	a=$(echo "x$i")
	b=$(printf '%05d' "$i")
	n=$(( n + ${#a} + ${#b} ))
	i=$((i + 1))
done
echo "$n $a $b"
