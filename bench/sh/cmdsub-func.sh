# cmdsub-func: command substitution of shell functions.
twice() { echo "$(( $1 * 2 ))"; }
label() { printf '%s-%s\n' "$1" "$(twice "$1")"; }
i=0 n=0
while [ "$i" -lt 1500 ]; do
	x=$(label "$i")
	n=$(( n + ${#x} ))
	i=$((i + 1))
done
echo "$n $x"
