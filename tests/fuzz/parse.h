/* parse.h: the parser fuzzing entry point, shared by the libFuzzer target and the replay test. */
#ifndef IPC_FUZZ_PARSE_H
#define IPC_FUZZ_PARSE_H

#include <stddef.h>

struct parse_counts {
	int commands;   /* complete commands parsed */
	int errors;     /* syntax errors caught */
};

/* Sends error messages to /dev/null (they are still formatted). Call once. */
void fuzz_parse_init(void);

/*
 * Parses text (any bytes, NUL included) as a script, command by command,
 * running nothing. A syntax error is caught and parsing goes on after it,
 * as an interactive shell recovers. Each tree is copied as a function
 * definition would copy it, then freed: every node is read once.
 */
void fuzz_parse(const char *text, size_t len, struct parse_counts *counts);

#endif
