# arith: an arithmetic loop (integer expansion, assignment, the test builtin).
i=0 s=0 p=1
while [ "$i" -lt 250000 ]; do
	s=$(( (s + i * 7) % 1000003 ))
	p=$(( (p * 31 + (i << 2) ^ (i >> 1)) & 0xffff ))
	i=$((i + 1))
done
echo "$s $p"
