# printf: printf- and echo-heavy output (the builtins and the output buffer).
i=0
while [ "$i" -lt 100000 ]; do
	printf '%6d %-8s|%x|%o|%c|%5.2s|\n' "$i" "name$i" "$i" "$i" "word" "abcdef"
	echo "line $i of output"
	printf '%s=%s\n' key "$i" other value
	i=$((i + 1))
done
