# func: shell function calls with arguments, return statuses and globals.
add() { r=$(( $1 + $2 )); }
odd() { return $(( $1 & 1 )); }
walk() {
	add "$1" "$2"
	if odd "$r"; then c=$((c + 1)); fi
}
i=0 c=0
while [ "$i" -lt 240000 ]; do
	walk "$i" 3
	i=$((i + 1))
done
echo "$r $c"
