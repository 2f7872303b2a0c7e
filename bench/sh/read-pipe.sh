# read-pipe: a read loop over a pipe (the same lines as read-file, through cat).
# bench: external (children other than the shell: left out of the RSS figure)
/bin/cat "$BENCH_DATA/lines" | {
	n=0 sum=0
	while IFS=' ' read -r num word rest; do
		n=$((n + 1))
		sum=$(( (sum + num) % 1000003 ))
	done
	echo "$n $sum $word $rest"
}
