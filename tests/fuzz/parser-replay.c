/* parser-replay.c: runs the parser fuzzing corpus through the fuzz entry point, without libFuzzer. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "tap.h"

/*
 * Usage: parser-replay [DIR|FILE...]; the default is the seed corpus,
 * $top_srcdir/tests/fuzz/corpus-parser. A seed named bad-* must give at
 * least one syntax error; any other must parse with none. Crashes and
 * sanitizer reports (under --enable-sanitizers) fail the test by themselves.
 */

static char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		tap_diag("%s: %s", path, strerror(errno));
		exit(99);
	}
	char *p = malloc((size_t)st.st_size + 1);
	if (p == NULL || read(fd, p, (size_t)st.st_size) != st.st_size) {
		tap_diag("%s: short read", path);
		exit(99);
	}
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

static void
replay(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct parse_counts c;
	fuzz_parse(text, len, &c);
	if (strncmp(base, "bad-", 4) == 0)
		ok(c.errors > 0, "%s: %d syntax errors (some expected)", base, c.errors);
	else
		ok(c.errors == 0 && c.commands > 0, "%s: %d commands, %d syntax errors",
		    base, c.commands, c.errors);
	free(text);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file of dir, in name order (a stable TAP plan). */
static void
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		tap_diag("%s: %s", dir, strerror(errno));
		exit(99);
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		if (names == NULL || asprintf(&names[n], "%s/%s", dir, e->d_name) < 0)
			exit(99);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	ok(n > 0, "%s holds %zu inputs", dir, n);
	for (size_t i = 0; i < n; i++) {
		replay(names[i]);
		free(names[i]);
	}
	free(names);
}

static void
replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		replay_dir(path);
	else
		replay(path);
}

int
main(int argc, char **argv)
{
	fuzz_parse_init();
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			replay_path(argv[i]);
		return tap_done();
	}
	const char *top = getenv("top_srcdir");
	char *dir;
	if (asprintf(&dir, "%s/tests/fuzz/corpus-parser", top ? top : ".") < 0)
		return 99;
	replay_dir(dir);
	free(dir);
	return tap_done();
}
