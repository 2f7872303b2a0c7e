/* histfile.c: the history file's format, and appends from several shells
 * at once while another cuts the file back: nothing lost, nothing torn. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "histfile.h"
#include "history.h"
#include "tap.h"

struct seen {
	char *v[8];
	size_t n;
};

static void
collect(const char *text, size_t n, void *arg)
{
	struct seen *s = arg;
	if (s->n < 8)
		s->v[s->n++] = strndup(text, n);
}

static void
test_format(void)
{
	const char *in[] = { "echo plain", "printf 'a\\n'", "for i in 1\ndo :\ndone", "echo \\\\" };
	char *file = NULL;
	size_t flen = 0;
	for (size_t i = 0; i < 4; i++) {
		char *rec;
		size_t n;
		shhist_escape(in[i], &rec, &n);
		ok(memchr(rec, '\n', n - 1) == NULL, "entry %zu is one line in the file", i);
		file = realloc(file, flen + n);
		memcpy(file + flen, rec, n);
		flen += n;
		free(rec);
	}
	struct seen s = { { 0 }, 0 };
	is(shhist_parse(file, flen, collect, &s), 4, "four entries read back");
	for (size_t i = 0; i < s.n; i++) {
		is_str(s.v[i], in[i], "entry %zu read back as written", i);
		free(s.v[i]);
	}
	free(file);
}

/* n lines "W-I" from writer w, each appended on its own. */
static void
writer(const char *path, int w, int n)
{
	char rec[32];
	for (int i = 0; i < n; i++) {
		int len = snprintf(rec, sizeof rec, "%d-%d\n", w, i);
		int e = histfile_append(path, rec, (size_t)len);
		if (e != 0) {
			tap_diag("append %d-%d: %s", w, i, strerror(-e));
			_exit(1);
		}
	}
	_exit(0);
}

#define WRITERS 4
#define EACH 300

static int
count_lines(const char *buf, size_t len, int *torn)
{
	int lines = 0;
	*torn = 0;
	for (const char *p = buf; p < buf + len;) {
		const char *nl = memchr(p, '\n', (size_t)(buf + len - p));
		int w, i;
		char end;
		if (nl == NULL || sscanf(p, "%d-%d%c", &w, &i, &end) != 3 || end != '\n')
			(*torn)++;
		lines++;
		p = nl ? nl + 1 : buf + len;
	}
	return lines;
}

static void
test_concurrent(void)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/hist", tap_tmpdir());
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++)
		if ((pids[w] = fork()) == 0)
			writer(path, w, EACH);
	/* Trims that keep everything rewrite the file under the writers. */
	int trims = 0;
	for (int k = 0; k < 8; k++) {
		usleep(2000);
		trims += histfile_trim(path, WRITERS * EACH) == 0;
	}
	int failed = 0;
	for (int w = 0; w < WRITERS; w++) {
		int st;
		waitpid(pids[w], &st, 0);
		failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	ok(failed == 0, "every append succeeded");
	ok(trims > 0, "the file was rewritten %d times meanwhile", trims);
	char *buf;
	size_t len;
	int torn;
	ok(histfile_read(path, &buf, &len) == 0, "the file reads back");
	is(count_lines(buf, len, &torn), WRITERS * EACH, "no line lost");
	is(torn, 0, "no line torn");
	free(buf);
	ok(histfile_trim(path, 10) == 0, "cut back to 10 lines");
	ok(histfile_read(path, &buf, &len) == 0, "and read again");
	is(count_lines(buf, len, &torn), 10, "10 lines left");
	free(buf);
}

int
main(void)
{
	test_format();
	test_concurrent();
	return tap_done();
}
