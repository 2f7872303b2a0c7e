# heredoc: here-documents, expanded and quoted, read by builtins.
i=0 n=0
while [ "$i" -lt 20000 ]; do
	read -r a b <<EOF
$i $((i * 2)) line
EOF
	read -r c <<'EOF'
quoted $text
EOF
	n=$(( n + a + ${#b} + ${#c} ))
	i=$((i + 1))
done
echo "$n $b $c"
