/* fuzz-parser.c: the libFuzzer target for the shell's parser (`make fuzz-parser`). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_parse_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_counts c;
	fuzz_parse((const char *)data, size, &c);
	return 0;
}
