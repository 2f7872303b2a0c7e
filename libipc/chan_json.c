/* chan_json.c: checks that a message is exactly one JSON text (RFC 8259), without building it. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "chan_impl.h"

/* Deep enough for real documents; shallow enough that the recursion below
 * cannot exhaust a thread's stack on hostile input. */
#define JSON_MAX_DEPTH 256

struct jp {
	const unsigned char *s, *p, *end;
	int depth;
	const char *err;   /* first error, where p stopped */
};

static int value(struct jp *j);

static int
fail(struct jp *j, const char *why)
{
	if (j->err == NULL)
		j->err = why;
	return -1;
}

static void
skip_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
literal(struct jp *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return fail(j, "expected a value");
	j->p += n;
	return 0;
}

static int
digits(struct jp *j)
{
	const unsigned char *start = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start ? 0 : fail(j, "expected a digit");
}

static int
number(struct jp *j)
{
	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;   /* no leading zeros */
	else if (digits(j) < 0)
		return -1;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (digits(j) < 0)
			return -1;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (digits(j) < 0)
			return -1;
	}
	return 0;
}

/* One UTF-8 sequence starting at p: its length, or 0 when malformed
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2
	    : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (n == 0 || (size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

static int
escape(struct jp *j)
{
	if (j->p >= j->end)
		return fail(j, "unterminated string");
	unsigned char c = *j->p++;
	if (strchr("\"\\/bfnrt", c) != NULL && c != '\0')
		return 0;
	if (c != 'u')
		return fail(j, "bad escape");
	for (int i = 0; i < 4; i++, j->p++)
		if (j->p >= j->end || strchr("0123456789abcdefABCDEF", *j->p) == NULL || *j->p == '\0')
			return fail(j, "bad \\u escape");
	return 0;
}

static int
string(struct jp *j)
{
	j->p++;   /* the opening quote */
	while (j->p < j->end) {
		unsigned char c = *j->p;
		if (c == '"') {
			j->p++;
			return 0;
		}
		if (c < 0x20)
			return fail(j, "control character in string");
		if (c == '\\') {
			j->p++;
			if (escape(j) < 0)
				return -1;
			continue;
		}
		size_t n = utf8_len(j->p, j->end);
		if (n == 0)
			return fail(j, "invalid UTF-8");
		j->p += n;
	}
	return fail(j, "unterminated string");
}

/* The members of an object or the elements of an array, after the opening
 * bracket: values (or "key": value pairs) separated by commas. */
static int
members(struct jp *j, unsigned char close, int keyed)
{
	const char *expect = keyed ? "expected ',' or '}'" : "expected ',' or ']'";
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		skip_ws(j);
		if (keyed) {
			if (j->p >= j->end || *j->p != '"')
				return fail(j, "expected a string key");
			if (string(j) < 0)
				return -1;
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':')
				return fail(j, "expected ':'");
			j->p++;
		}
		if (value(j) < 0)
			return -1;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return fail(j, expect);
	}
}

static int
value(struct jp *j)
{
	skip_ws(j);
	if (j->p >= j->end)
		return fail(j, "expected a value");
	switch (*j->p) {
	case '{':
	case '[': {
		if (++j->depth > JSON_MAX_DEPTH)
			return fail(j, "nested deeper than 256 levels");
		int r = members(j, *j->p == '{' ? '}' : ']', *j->p == '{');
		j->depth--;
		return r;
	}
	case '"':
		return string(j);
	case 't':
		return literal(j, "true");
	case 'f':
		return literal(j, "false");
	case 'n':
		return literal(j, "null");
	default:
		if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
			return number(j);
		return fail(j, "expected a value");
	}
}

int
ipc__json_check(const char *s, size_t len, char *why, size_t whylen)
{
	if (s == NULL)
		s = "";
	struct jp j = { .s = (const unsigned char *)s, .p = (const unsigned char *)s,
	    .end = (const unsigned char *)s + len };
	if (value(&j) == 0) {
		skip_ws(&j);
		if (j.p == j.end)
			return 0;
		fail(&j, "more after the value");
	}
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "not JSON: %s at byte %zu", j.err, (size_t)(j.p - j.s));
	return -EINVAL;
}
