# pipeline: pipelines of builtins and of an external command.
# bench: external (children other than the shell: left out of the RSS figure)
i=0 n=0
while [ "$i" -lt 500 ]; do
	echo "$i" | { read -r v; : "$v"; }
	printf '%s\n' a b "$i" | /bin/cat >/dev/null
	n=$((n + 1))
	i=$((i + 1))
done
echo "$n"
