/* ports-replay.c: runs the port frame fuzz target over a corpus of hostile frames at check time (TAP). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

size_t fuzz_frames(const uint8_t *data, size_t size, long *end);

/* A corpus file is hex text (whitespace ignored, '#' to end of line is a
 * comment) so that each hostile frame can be read and reviewed. */
static size_t
unhex(const char *text, uint8_t *out)
{
	size_t n = 0;
	int half = -1;
	for (const char *p = text; *p; p++) {
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			if (!*p)
				break;
			continue;
		}
		const char *digits = "0123456789abcdef";
		const char *d = strchr(digits, *p | 0x20);
		if (d == NULL || *p == ' ' || *p == '\n' || *p == '\t')
			continue;
		if (half < 0)
			half = (int)(d - digits);
		else {
			out[n++] = (uint8_t)(half << 4 | (int)(d - digits));
			half = -1;
		}
	}
	return n;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static const char *
end_name(long end)
{
	switch (end) {
	case 0: return "clean";
	case 1: return "partial";
	case -EMSGSIZE: return "msgsize";
	case -EBADMSG: return "badmsg";
	default: return "other";
	}
}

/* Each file says what a peer must conclude from it:
 * "# expect: frames=N end=clean|partial|msgsize|badmsg". */
static void
check(const char *nm, const char *text)
{
	size_t size = strlen(text), want_frames;
	char want_end[16];
	uint8_t *bin = malloc(size / 2 + 1);
	size_t bytes = unhex(text, bin);
	const char *exp = strstr(text, "# expect: ");
	long end;
	size_t frames = fuzz_frames(bin, bytes, &end);
	if (exp == NULL || sscanf(exp, "# expect: frames=%zu end=%15s",
	    &want_frames, want_end) != 2)
		ok(0, "%s says what to expect", nm);
	else
		ok(frames == want_frames && strcmp(end_name(end), want_end) == 0,
		    "%s: %zu frames then %s (want %zu then %s)", nm, frames,
		    end_name(end), want_frames, want_end);
	free(bin);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char **argv)
{
	/* make check runs it bare: the corpus is in the source tree. */
	char where[4096];
	const char *top = getenv("top_srcdir");
	snprintf(where, sizeof where, "%s/tests/fuzz/corpus-ports", top ? top : ".");
	const char *dir = argc > 1 ? argv[1] : where;
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	ok(n > 2, "the corpus %s is there", dir);
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);
		if (len > 4 && strcmp(nm + len - 4, ".hex") == 0) {
			char path[8192];
			if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, nm) >= sizeof path)
				continue;
			size_t size;
			char *text = slurp(path, &size);
			if (text == NULL)
				ok(0, "%s can be read", path);
			else
				check(nm, text);
			free(text);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return tap_done();
}
