/* fc.c: the fc builtin (POSIX): list, edit and run again commands from the history. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"
#include "eval.h"
#include "history.h"
#include "mem.h"
#include "output.h"
#include "var.h"

struct fc {
	int list, nonum, rev, redo;
	const char *editor;
	const char *subst;      /* -s old=new */
	const char *first, *last;
	int newest;             /* the newest entry fc may name: not fc itself */
};

static int
is_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Options, with negative numbers taken as operands (fc -l -5). */
static int
parse(int argc, char **argv, struct fc *f)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !is_number(argv[i]); i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		int took = 0;
		for (const char *p = argv[i] + 1; *p && !took; p++) {
			switch (*p) {
			case 'l': f->list = 1; break;
			case 'n': f->nonum = 1; break;
			case 'r': f->rev = 1; break;
			case 's': f->redo = 1; break;
			case 'e':
				if (p[1])
					f->editor = p + 1;
				else if (i + 1 < argc)
					f->editor = argv[++i];
				else
					goto needs_arg;
				took = 1;   /* the rest of the word was the editor */
				break;
			default:
				sh_warn("fc: -%c: invalid option", *p);
				return -1;
			}
		}
	}
	if (f->redo && i < argc && strchr(argv[i], '=') != NULL)
		f->subst = argv[i++];
	if (i < argc)
		f->first = argv[i++];
	if (i < argc)
		f->last = argv[i++];
	if (i < argc || (f->redo && f->last)) {
		sh_warn("fc: too many arguments");
		return -1;
	}
	return 0;
needs_arg:
	sh_warn("fc: -e: option requires an argument");
	return -1;
}

/* A number, an offset back from the current command, or the newest entry
 * that starts with a string; 0 when none matches. */
static int
resolve(const struct fc *f, const char *spec)
{
	if (is_number(spec)) {
		long n = strtol(spec, NULL, 10);
		if (n < 0)
			n += f->newest + 1;
		else if (n == 0)
			n = f->newest;
		return n < 1 ? 1 : n > f->newest ? f->newest : (int)n;
	}
	size_t len = strlen(spec);
	for (int n = f->newest; n >= shhist_first(); n--) {
		const char *t = shhist_get(n);
		if (t && strncmp(t, spec, len) == 0)
			return n;
	}
	sh_warn("fc: %s: no such command in the history", spec);
	return 0;
}

static void
print_entry(const struct fc *f, int n)
{
	const char *t = shhist_get(n);
	if (f->nonum)
		out_char(&out1, '\t');
	else
		out_fmt(&out1, "%d\t", n);
	for (; *t; t++) {
		out_char(&out1, *t);
		if (*t == '\n')
			out_char(&out1, '\t');   /* continuation lines, as POSIX shows them */
	}
	out_char(&out1, '\n');
}

static int
range(const struct fc *f, int dflt_first, int *a, int *b)
{
	*a = f->first ? resolve(f, f->first) : dflt_first;
	*b = f->last ? resolve(f, f->last) : f->list ? f->newest : *a;
	if (*a == 0 || *b == 0)
		return -1;
	if (*a < shhist_first())
		*a = shhist_first();
	if (*b < shhist_first())
		*b = shhist_first();
	return 0;
}

static int
list(const struct fc *f)
{
	int a, b;
	if (range(f, f->newest - 15, &a, &b) < 0)
		return 1;
	int rev = f->rev ^ (a > b);
	int lo = a < b ? a : b, hi = a < b ? b : a;
	for (int i = 0; i <= hi - lo; i++)
		print_entry(f, rev ? hi - i : lo + i);
	return 0;
}

/* The edited or substituted command replaces fc's own line, is shown and run. */
static int
run(const char *text)
{
	if (shhist_current() != 0 && shhist_current() == shhist_last())
		shhist_remove_last();
	shhist_add(text);
	out_str(&out2, text);
	if (text[0] && text[strlen(text) - 1] != '\n')
		out_char(&out2, '\n');
	out_flush(&out2);
	return eval_string(text);
}

static int
redo(const struct fc *f)
{
	int n = f->first ? resolve(f, f->first) : f->newest;
	if (n == 0)
		return 1;
	const char *t = shhist_get(n);
	const char *eq = f->subst ? strchr(f->subst, '=') : NULL;
	if (eq == NULL || eq == f->subst)
		return run(t);
	size_t ol = (size_t)(eq - f->subst), nl = strlen(eq + 1);
	const char *at = strstr(t, st_strndup(f->subst, ol));
	if (at == NULL)
		return run(t);
	char *s = st_alloc(strlen(t) - ol + nl + 1);
	memcpy(s, t, (size_t)(at - t));
	memcpy(s + (at - t), eq + 1, nl);
	strcpy(s + (at - t) + nl, at + ol);
	return run(s);
}

/* 'path' quoted for the command line that starts the editor. */
static char *
quoted(const char *path)
{
	struct sbuf b;
	sb_init(&b);
	sb_putc(&b, '\'');
	for (; *path; path++) {
		if (*path == '\'')
			sb_adds(&b, "'\\''");
		else
			sb_putc(&b, *path);
	}
	sb_putc(&b, '\'');
	return sb_done(&b);
}

static int
write_range(int fd, const struct fc *f, int a, int b)
{
	int rev = f->rev ^ (a > b);
	int lo = a < b ? a : b, hi = a < b ? b : a;
	for (int i = 0; i <= hi - lo; i++) {
		const char *t = shhist_get(rev ? hi - i : lo + i);
		size_t n = strlen(t);
		if (write(fd, t, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
			return -1;
	}
	return 0;
}

static char *
read_back(const char *path)
{
	struct sbuf b;
	char chunk[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	sb_init(&b);
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sb_add(&b, chunk, (size_t)n);
	close(fd);
	return sb_done(&b);
}

static int
edit(const struct fc *f, const char *editor)
{
	int a, b;
	if (range(f, f->newest, &a, &b) < 0)
		return 1;
	const char *tmp = var_get("TMPDIR");
	char *path = st_alloc(strlen(tmp && *tmp ? tmp : "/tmp") + 16);
	strcpy(path, tmp && *tmp ? tmp : "/tmp");
	strcat(path, "/fc.XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		sh_warn("fc: %s: %s", path, strerror(errno));
		return 1;
	}
	int bad = write_range(fd, f, a, b);
	close(fd);
	char *cmd = st_alloc(strlen(editor) + strlen(path) * 4 + 8);
	strcpy(cmd, editor);
	strcat(cmd, " ");
	strcat(cmd, quoted(path));
	int st = bad ? 1 : eval_string(cmd);
	char *text = st == 0 ? read_back(path) : NULL;
	unlink(path);
	if (st != 0)
		return st;
	return text ? run(text) : 1;
}

int
fc_builtin(int argc, char **argv)
{
	struct fc f = { 0 };
	if (parse(argc, argv, &f) < 0)
		return 2;
	f.newest = shhist_current() ? shhist_current() - 1 : shhist_last();
	if (!shhist_enabled() || f.newest < shhist_first()) {
		sh_warn("fc: no command in the history");
		return 1;
	}
	if (f.list)
		return list(&f);
	const char *editor = f.editor;
	if (editor == NULL && !f.redo) {
		editor = var_get("FCEDIT");
		if (editor == NULL || *editor == '\0')
			editor = "ed";
	}
	if (f.redo || strcmp(editor, "-") == 0)
		return redo(&f);
	return edit(&f, editor);
}
