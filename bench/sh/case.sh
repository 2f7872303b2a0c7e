# case: case matching against literal words, alternatives, classes and globs.
i=0 a=0 b=0 c=0 d=0
while [ "$i" -lt 72000 ]; do
	for w in start stop restart status reload file.tar.gz X11 --help -v 42; do
		case $w in
		start|stop) a=$((a + 1)) ;;
		re*) b=$((b + 1)) ;;
		*.tar.gz|*.tgz) c=$((c + 1)) ;;
		[A-Z]*[0-9]) d=$((d + 1)) ;;
		--*|-?) a=$((a + 2)) ;;
		*[!0-9]*) b=$((b + 2)) ;;
		*) c=$((c + 2)) ;;
		esac
	done
	i=$((i + 1))
done
echo "$a $b $c $d"
