/* histfile.h: the history file shared by every shell of a user: read,
 * appended to and cut back under libipc's record locks. */
#ifndef SH_HISTFILE_H
#define SH_HISTFILE_H

#include <stddef.h>

/* How long a shell waits for another's lock before going ahead without it. */
#define HISTFILE_LOCK_MS 1000

/* The whole file in a malloc'd buffer (read under a shared lock): 0 or -errno. */
int histfile_read(const char *path, char **buf, size_t *len);
/* Appends one record (ending in '\n') with a single write, under an
 * exclusive lock, creating the file 0600: 0 or -errno. */
int histfile_append(const char *path, const char *rec, size_t len);
/* Keeps only the last keep lines, replacing the file atomically under the
 * exclusive lock (so appends from other shells are neither lost nor cut). */
int histfile_trim(const char *path, size_t keep);

#endif
