/* parse.c: feed bytes to the shell's parser alone, catching syntax errors as the shell does. */
#include <config.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "func.h"
#include "input.h"
#include "lexer.h"
#include "mem.h"
#include "output.h"
#include "parser.h"
#include "parse.h"

/* A name no script could define, for the copy that walks each tree. */
#define COPY_NAME "fuzz parse copy"

void
fuzz_parse_init(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		perror("/dev/null");
		exit(99);
	}
	out2.fd = fd;
	err_file = "fuzz";
}

/* Reads every node, word and part of a tree (func_define copies it all). */
static void
walk(const struct node *n)
{
	func_define(COPY_NAME, n);
	func_unset(COPY_NAME);
	func_release_retired();
}

/* One parse_command under its own handler; returns 0 at the end of input. */
static int
parse_one(int depth, struct parse_counts *c)
{
	struct jmploc jl, *prev = handler;
	struct stackmark m;
	int eof = 0;
	st_mark(&m);
	if (setjmp(jl.loc)) {
		/* What main.c's recover does for an interactive shell. */
		handler = prev;
		lex_reset();
		in_unwind(depth);
		st_pop(&m);
		c->errors++;
		return 1;
	}
	handler = &jl;
	struct node *n = parse_command(&eof);
	handler = prev;
	if (n != NULL) {
		c->commands++;
		walk(n);
	}
	st_pop(&m);
	return !eof;
}

void
fuzz_parse(const char *text, size_t len, struct parse_counts *c)
{
	int base = in_depth();
	c->commands = c->errors = 0;
	in_push_string(text, len, 1);
	in_lineno = 1;
	while (parse_one(base + 1, c))
		continue;
	in_unwind(base);
	lex_reset();
}
