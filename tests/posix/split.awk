# tests/posix/split.awk: splits .cases files into one script and one expected
# output per case, and prints an index line per case for tests/posix/run:
#   ID STATUS STDERR-MODE FILE: NAME
# Variables: dir (where to write ID.sh and ID.exp), dash (1: apply the
# "#@ dash" expectations).  Format errors go to stderr and exit 2.

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg | "cat 1>&2"
	bad = 1
	exit 2
}

# Ends the case being read: checks it, writes its files, prints its index line.
function finish(   i, out, file, name) {
	if (!incase)
		return
	if (mode == "stdout")
		fail("case '" cname "' must end with its status line")
	if (status[0] == "")
		fail("case '" cname "' states no exit status")
	v = (dash && deviates) ? 1 : 0
	for (k = 0; k <= 1; k++)
		if (status[k] == "")
			status[k] = status[0]
	if (!hasout[1])
		out1 = out0
	if (err[1] == "")
		err[1] = err[0]
	id++
	file = dir "/" id ".sh"
	printf "%s", script > file
	close(file)
	file = dir "/" id ".exp"
	printf "%s", (v ? out1 : out0) > file
	close(file)
	name = section ": " cname
	if (deviates)
		name = name " (dash: " reason ")"
	print id, status[v], (err[v] == "" ? "empty" : err[v]), name
	incase = 0
}

FNR == 1 {
	finish()
	section = FILENAME
	sub(/.*\//, "", section)
	sub(/\.cases$/, "", section)
	split("", seen)
	mode = "comment"
}

/^#@ / {
	word = $2
	rest = $0
	sub(/^#@ +[^ ]+ */, "", rest)
	if (word == "case") {
		finish()
		if (rest == "")
			fail("case without a name")
		if (rest in seen)
			fail("duplicate case name '" rest "'")
		seen[rest] = 1
		incase = 1; cname = rest; script = ""; out0 = ""; out1 = ""
		hasout[0] = hasout[1] = 0; status[0] = status[1] = ""
		err[0] = err[1] = ""; deviates = 0; reason = ""
		mode = "script"
		next
	}
	if (!incase)
		fail("'" word "' outside a case")
	k = deviates
	if (word == "stdout") {
		if (rest != "")
			fail("stdout takes no argument")
		if (hasout[k])
			fail("second stdout section")
		hasout[k] = 1
		mode = "stdout"
	} else if (word == "status") {
		if (rest !~ /^[0-9]+$/)
			fail("status needs a number")
		if (status[k] != "")
			fail("second status")
		status[k] = rest
		mode = "comment"
	} else if (word == "stderr") {
		if (rest != "empty" && rest != "nonempty" && rest != "any")
			fail("stderr is empty, nonempty or any")
		err[k] = rest
		mode = "comment"
	} else if (word == "dash") {
		if (deviates)
			fail("second dash marker")
		if (rest == "")
			fail("a dash marker needs its reason")
		if (status[0] == "")
			fail("the POSIX status comes before the dash marker")
		deviates = 1
		reason = rest
		mode = "comment"
	} else
		fail("unknown directive '" word "'")
	next
}

mode == "script" { script = script $0 "\n"; next }
mode == "stdout" {
	if (deviates) out1 = out1 $0 "\n"
	else out0 = out0 $0 "\n"
	next
}
# Between a one-line directive and the next directive: comments only.
/^[ \t]*(#.*)?$/ { next }
{ fail("text outside a section (directives: case stdout status stderr dash)") }

END {
	if (!bad)
		finish()
}
