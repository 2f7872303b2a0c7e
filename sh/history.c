/* history.c: the interactive shell's command history: the list in memory,
 * the command being read, and the file's format. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "histfile.h"
#include "history.h"
#include "mem.h"
#include "var.h"

/* Entries live in v[off .. off + count); the oldest is number base. */
static char **v;
static size_t off, count, alloc;
static int base = 1;
static size_t maxsize = HIST_DEFAULT_SIZE;
static int enabled, loaded;
static size_t unsaved;        /* the newest entries not yet in the file */
static int current;           /* the entry of the command running now */
static pid_t owner;           /* subshells share the list, not the file */

static struct {               /* the lines of the command being read */
	char *p;
	size_t len, cap;
} pend;

int
shhist_first(void)
{
	return base;
}

int
shhist_last(void)
{
	return base + (int)count - 1;
}

const char *
shhist_get(int n)
{
	if (n < base || n > shhist_last())
		return NULL;
	return v[off + (size_t)(n - base)];
}

static void
drop_oldest(void)
{
	free(v[off]);
	off++;
	count--;
	base++;
	if (unsaved > count)
		unsaved = count;
}

/* Keeps an entry of n bytes; the list never holds more than maxsize. */
static void
keep(const char *text, size_t n)
{
	if (maxsize == 0)
		return;
	while (count >= maxsize)
		drop_oldest();
	if (off + count == alloc) {
		if (off > 0) {            /* room at the front: slide down */
			memmove(v, v + off, count * sizeof *v);
			off = 0;
		} else {
			alloc = alloc ? alloc * 2 : 64;
			v = xrealloc(v, alloc * sizeof *v);
		}
	}
	v[off + count++] = xstrndup(text, n);
}

void
shhist_add(const char *text)
{
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	if (n == 0 || maxsize == 0)
		return;
	keep(text, n);
	if (unsaved < count)
		unsaved++;
}

void
shhist_remove_last(void)
{
	if (count == 0)
		return;
	free(v[off + --count]);
	if (unsaved > count)
		unsaved = count;
	if (current > shhist_last())
		current = 0;
}

/* ---- the command being read ---- */

void
shhist_note(const char *line)
{
	if (!enabled)
		return;
	size_t n = strlen(line);
	if (pend.len + n + 1 > pend.cap) {
		pend.cap = (pend.len + n + 1) * 2;
		pend.p = xrealloc(pend.p, pend.cap);
	}
	memcpy(pend.p + pend.len, line, n + 1);
	pend.len += n;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 0;
	return 1;
}

void
shhist_commit(void)
{
	if (pend.len == 0)
		return;
	if (!blank(pend.p, pend.len)) {
		shhist_add(pend.p);
		current = shhist_last();
	}
	pend.len = 0;
}

void
shhist_drop(void)
{
	pend.len = 0;
}

int
shhist_next_number(void)
{
	return shhist_last() + 1;
}

int
shhist_current(void)
{
	return current;
}

/* ---- size and file ---- */

static size_t
parse_size(const char *s)
{
	if (s == NULL || *s == '\0')
		return HIST_DEFAULT_SIZE;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || *end != '\0' || n < 0)
		return HIST_DEFAULT_SIZE;
	return n > 1000000 ? 1000000 : (size_t)n;
}

static void
size_hook(const char *value)
{
	maxsize = parse_size(value);
	while (count > maxsize)
		drop_oldest();
}

void
shhist_enable(void)
{
	enabled = 1;
	owner = getpid();
	var_hook("HISTSIZE", size_hook);
	maxsize = parse_size(var_get("HISTSIZE"));
}

int
shhist_enabled(void)
{
	return enabled;
}

/* $HISTFILE, else ~/.ipcsh_history; NULL when there is none (empty
 * HISTFILE, or no HOME). A stack string. */
static const char *
file_name(void)
{
	const char *f = var_get("HISTFILE");
	if (f != NULL)
		return *f ? f : NULL;
	const char *home = var_get("HOME");
	if (home == NULL || *home == '\0')
		return NULL;
	size_t n = strlen(home);
	char *p = st_alloc(n + sizeof HIST_DEFAULT_FILE + 1);
	memcpy(p, home, n);
	p[n] = '/';
	memcpy(p + n + 1, HIST_DEFAULT_FILE, sizeof HIST_DEFAULT_FILE);
	return p;
}

static void
add_loaded(const char *text, size_t n, void *arg)
{
	(void)arg;
	if (n > 0)
		keep(text, n);
}

void
shhist_load(void)
{
	if (!enabled || loaded)
		return;
	loaded = 1;
	struct stackmark m;
	st_mark(&m);
	const char *path = file_name();
	char *buf;
	size_t len;
	if (path != NULL && histfile_read(path, &buf, &len) == 0) {
		size_t n = shhist_parse(buf, len, add_loaded, NULL);
		free(buf);
		/* Shells append for ever: past twice the size, cut the file
		 * back to the size (under its lock, keeping what others add). */
		if (maxsize > 0 && n > 2 * maxsize)
			histfile_trim(path, maxsize);
	}
	unsaved = 0;
	st_pop(&m);
}

void
shhist_save(void)
{
	if (!enabled || !loaded || unsaved == 0 || getpid() != owner)
		return;
	struct stackmark m;
	st_mark(&m);
	const char *path = file_name();
	for (size_t i = count - unsaved; path != NULL && i < count; i++) {
		char *rec;
		size_t n;
		shhist_escape(v[off + i], &rec, &n);
		histfile_append(path, rec, n);
		free(rec);
	}
	unsaved = 0;
	st_pop(&m);
}

/* ---- the file's format ---- */

void
shhist_escape(const char *text, char **out, size_t *outlen)
{
	size_t n = strlen(text), k = 0;
	char *o = xmalloc(2 * n + 2);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\\' || text[i] == '\n') {
			o[k++] = '\\';
			o[k++] = text[i] == '\n' ? 'n' : '\\';
		} else {
			o[k++] = text[i];
		}
	}
	o[k++] = '\n';
	o[k] = '\0';
	*out = o;
	*outlen = k;
}

/* One line of the file into dst (unescaped); its length. */
static size_t
unescape(const char *s, size_t n, char *dst)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == '\\')) {
			dst[k++] = s[++i] == 'n' ? '\n' : '\\';
		} else {
			dst[k++] = s[i];
		}
	}
	dst[k] = '\0';
	return k;
}

size_t
shhist_parse(const char *buf, size_t len, void (*add)(const char *text, size_t n, void *arg), void *arg)
{
	size_t entries = 0, scratch_len = 0;
	char *scratch = NULL;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n + 1 > scratch_len) {
			scratch_len = (n + 1) * 2;
			scratch = xrealloc(scratch, scratch_len);
		}
		size_t k = unescape(p, n, scratch);
		if (k > 0) {
			add(scratch, k, arg);
			entries++;
		}
		p += n + 1;
	}
	free(scratch);
	return entries;
}
