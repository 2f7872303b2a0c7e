# tests/fuzz/local.mk: the parser fuzzing harness. The replay test runs the
# seed corpus through the fuzz entry point on every `make check`; the
# libFuzzer target is built only by `make fuzz-parser` (clang with its
# fuzzer runtime; on Debian 12 the packages clang and libclang-rt-14-dev),
# and `make fuzz-parser-run` fuzzes for FUZZ_TIME seconds. A crash input is
# replayed by `tests/fuzz/fuzz-parser FILE`, or without clang by
# `tests/fuzz/parser-replay FILE` in an --enable-sanitizers build.
FUZZ_PARSER_ENTRY = tests/fuzz/parse.c tests/fuzz/parse.h

check_PROGRAMS += tests/fuzz/parser-replay
TESTS += tests/fuzz/parser-replay
tests_fuzz_parser_replay_SOURCES = tests/fuzz/parser-replay.c $(FUZZ_PARSER_ENTRY)
tests_fuzz_parser_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_fuzz_parser_replay_LDADD = sh/libsh.la $(UNIT_LIBS)

FUZZ_PARSER_SEEDS = \
	tests/fuzz/corpus-parser/bad-andor tests/fuzz/corpus-parser/bad-brace \
	tests/fuzz/corpus-parser/bad-case tests/fuzz/corpus-parser/bad-cmdsub \
	tests/fuzz/corpus-parser/bad-dsemi tests/fuzz/corpus-parser/bad-for \
	tests/fuzz/corpus-parser/bad-func tests/fuzz/corpus-parser/bad-heredoc \
	tests/fuzz/corpus-parser/bad-pipe tests/fuzz/corpus-parser/bad-syntax \
	tests/fuzz/corpus-parser/case tests/fuzz/corpus-parser/compound \
	tests/fuzz/corpus-parser/expansion tests/fuzz/corpus-parser/function \
	tests/fuzz/corpus-parser/heredoc tests/fuzz/corpus-parser/nested \
	tests/fuzz/corpus-parser/pipeline tests/fuzz/corpus-parser/quoting \
	tests/fuzz/corpus-parser/redirect tests/fuzz/corpus-parser/reserved \
	tests/fuzz/corpus-parser/simple
EXTRA_DIST += $(FUZZ_PARSER_SEEDS) tests/fuzz/fuzz-parser.c tests/fuzz/parser.dict

# The fuzz target compiles the shell's sources itself, with clang and the
# fuzzer's instrumentation, in one command: the object files of the normal
# build (gcc, no coverage) cannot serve. The lists are the libraries' own,
# so a file added to libsh is fuzzed too.
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_PARSER_FILES = tests/fuzz/fuzz-parser.c $(FUZZ_PARSER_ENTRY) \
	$(sh_libsh_la_SOURCES) $(coreutils_libcoreutils_la_SOURCES) \
	$(libipc_libipc_core_la_SOURCES) $(sh_lineedit_liblineedit_builtin_la_SOURCES)
FUZZ_TIME = 60
FUZZ_RUN_FLAGS = -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=1024
FUZZ_WORK = tests/fuzz/work-parser

tests/fuzz/fuzz-parser: $(FUZZ_PARSER_FILES) config.h
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_FLAGS) $(DEFS) -I$(top_builddir) $(AM_CPPFLAGS) \
	    $(CPPFLAGS) $(PTHREAD_CFLAGS) -o $@ \
	    $(addprefix $(srcdir)/,$(filter %.c,$(FUZZ_PARSER_FILES))) \
	    $(LIBS)
fuzz-parser: tests/fuzz/fuzz-parser
# New inputs go to FUZZ_WORK (build tree); crashes to tests/fuzz/crash-*.
fuzz-parser-run: tests/fuzz/fuzz-parser
	@mkdir -p $(FUZZ_WORK)
	tests/fuzz/fuzz-parser $(FUZZ_RUN_FLAGS) -dict=$(srcdir)/tests/fuzz/parser.dict \
	    -artifact_prefix=tests/fuzz/ $(FUZZ_WORK) $(srcdir)/tests/fuzz/corpus-parser
.PHONY: fuzz-parser fuzz-parser-run
# The work corpus is kept across runs (and `make clean`): it is what a
# longer run starts from.
CLEANFILES += tests/fuzz/fuzz-parser
