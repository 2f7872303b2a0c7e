/* cli.h: what every utility shares: options, errors, exit statuses, input records. */
#ifndef IPC_CLI_H
#define IPC_CLI_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Every utility is `int NAME_main(int argc, char **argv)`: linked into its own
 * binary and into ipcsh as a builtin. So: no exit(), no getopt (global state),
 * no stdio on standard input (its buffer would outlive the call), all state
 * per call. Standard output may use stdio: callers flush it after each call.
 */

/* The one exit-status table of DESIGN.md (mkfifo keeps GNU's 0/1 instead). */
enum cli_status {
	CLI_OK = 0,        /* success */
	CLI_NOTHING = 1,   /* nothing received: empty, timed out, closed */
	CLI_USAGE = 2,     /* usage or bad input */
	CLI_NOENT = 3,     /* no such object (portctl call: no responder) */
	CLI_PERM = 4,      /* permission denied */
	CLI_FAIL = 5,      /* any other system failure */
};

/*
 * A blocking library call returns -EINTR when a signal arrives. Inside ipcsh
 * that may be a signal the user meant (Ctrl-C) or one the shell just noted
 * (SIGCHLD). A utility asks this: a signal number when it should stop now
 * (and return 128 + that number), or 0 when it should simply call again with
 * the time that is left. The standalone programs get a version that says 0;
 * ipcsh links a strong definition that reports its pending traps.
 */
int cli_pending_signal(void);

/* The body of a utility's own binary: its main() (in NAME.c, built with
 * -DCLI_STANDALONE; ipcsh links the same file without it) returns
 * cli_standalone(argc, argv, NAME_main). */
int cli_standalone(int argc, char **argv, int (*run)(int, char **));

/* Maps a libipc -errno to the table above. */
int cli_status_of(int err);

/* "PROG: OBJECT: reason" on stderr, one line; OBJECT may be NULL. */
void cli_error(const char *prog, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* cli_error with ipc_strerror(err), returning cli_status_of(err). */
int cli_fail(const char *prog, const char *object, int err);
/* "PROG: message" plus "Try 'PROG --help' ..." on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The runtime directory (ipc_runtime_dir) for a utility that keeps state
 * there: CLI_OK with the path in buf, or the status after one line naming
 * the directory and why it was refused ("PROG: DIR: unsafe runtime
 * directory: owned by another user, or writable by group or others").
 */
int cli_runtime_dir(const char *prog, char *buf, size_t len);

/* --version text: "PROG (ipcsh) VERSION" and the licence lines. */
void cli_version(const char *prog);

/* ---- options: GNU-style, reentrant, operands returned in order ---- */

enum { CLI_NOARG, CLI_ARG, CLI_OPTARG };   /* CLI_OPTARG: long form only, --x=V */
enum { CLI_END = -1, CLI_OPERAND = -2, CLI_BAD = -3 };

struct cli_option {
	const char *name;  /* long name without "--", or NULL */
	int key;           /* short option letter, or a value > 255 for long-only */
	int arg;           /* CLI_NOARG, CLI_ARG or CLI_OPTARG */
};

struct cli_parser {
	const char *prog;
	int argc;
	char **argv;
	int idx;           /* next argv element */
	const char *rest;  /* rest of a short-option cluster */
	int only_operands; /* after "--" */
};

/* Starts parsing argv[first..argc); prog names the program in messages. */
void cli_parser_init(struct cli_parser *p, const char *prog, int argc,
    char **argv, int first);
/*
 * The next option's key (with *arg set for options that take one), or
 * CLI_OPERAND with *arg the operand, or CLI_END, or CLI_BAD after printing
 * GNU's message and the "Try --help" line. Options (opts ends with a zero
 * key) may follow operands, as with GNU tools; "--" ends the options.
 */
int cli_next(struct cli_parser *p, const struct cli_option *opts, const char **arg);

/* ---- values ---- */

/* A timeout in seconds ("2", "0.5") to milliseconds; -EINVAL when bad. */
int cli_parse_seconds(const char *s, int *ms);
/* A size with an optional K, M or G suffix (powers of 1024); -EINVAL, -ERANGE. */
int cli_parse_size(const char *s, size_t *out);
/* A decimal integer in [min, max]; -EINVAL or -ERANGE. */
int cli_parse_long(const char *s, long min, long max, long *out);

/*
 * A chmod-style MODE (octal, or symbolic like u=rw,g+r) applied to base.
 * umask_bits is what symbolic clauses without u/g/o/a leave out, as chmod
 * does. Returns 0 and the mode, or -EINVAL.
 */
int cli_parse_mode(const char *spec, mode_t base, mode_t umask_bits, mode_t *out);

/* ---- input records from a descriptor (not stdio: nothing outlives the call) ---- */

enum cli_split { CLI_LINES, CLI_NUL, CLI_RAW };

struct cli_reader {
	int fd;
	enum cli_split split;
	char *buf;
	size_t len, cap, start;
	int eof;
	size_t max;   /* longest record accepted, 0 for no limit; set after init */
};

void cli_reader_init(struct cli_reader *r, int fd, enum cli_split split);
/*
 * The next record without its separator: 1 with rec and len set (valid until
 * the next call), 0 at end of input, or -errno. CLI_RAW returns all input as
 * one record (an empty input is one empty record). A record longer than max
 * (when set) is -EMSGSIZE as soon as it is known, so endless input cannot
 * exhaust memory.
 */
int cli_reader_next(struct cli_reader *r, const char **rec, size_t *len);
void cli_reader_free(struct cli_reader *r);

#endif
