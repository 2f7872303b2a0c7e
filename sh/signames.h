/* signames.h: signal names and numbers, for kill, trap and exit statuses. */
#ifndef SH_SIGNAMES_H
#define SH_SIGNAMES_H

/* "INT", "SIGINT", "int" or "2" to 2; 0 for "EXIT"/"0"; -1 when unknown. */
int sig_number(const char *name);
/* 2 to "INT" (without SIG); NULL when the number has no name. */
const char *sig_name(int signo);
/* The highest signal number (NSIG - 1). */
int sig_max(void);

#endif
