# read-file: a read loop over a regular (seekable) file, made by run.sh.
n=0 sum=0
while IFS=' ' read -r num word rest; do
	n=$((n + 1))
	sum=$(( (sum + num) % 1000003 ))
done < "$BENCH_DATA/lines"
echo "$n $sum $word $rest"
