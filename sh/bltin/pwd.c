/* pwd.c: pwd [-L|-P], and the test for a trustworthy $PWD that cd shares. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bltin.h"
#include "builtins.h"
#include "error.h"
#include "output.h"
#include "var.h"

/* A component "." or ".." anywhere in s. */
static int
has_dot_component(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p != '.' || (p != s && p[-1] != '/'))
			continue;
		size_t n = p[1] == '.' ? 2 : 1;
		if (p[n] == '/' || p[n] == '\0')
			return 1;
	}
	return 0;
}

const char *
pwd_logical(void)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;
	if (pwd == NULL || pwd[0] != '/' || has_dot_component(pwd))
		return NULL;
	if (stat(pwd, &a) != 0 || stat(".", &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return NULL;
	return pwd;
}

/* -L (the default) prints $PWD when pwd_logical trusts it, else the
 * physical path; -P always the physical one. The last of them wins. */
int
pwd_builtin(int argc, char **argv)
{
	struct bopt o;
	int c, physical = 0;
	bopt_init(&o, argv);
	while ((c = bopt_next(&o, "LP")) != 0) {
		if (c == '?')
			return 2;
		physical = c == 'P';
	}
	if (o.idx < argc) {
		sh_warn("pwd: too many arguments");
		return 2;
	}
	const char *logical = physical ? NULL : pwd_logical();
	if (logical != NULL) {
		out_str(&out1, logical);
		out_char(&out1, '\n');
		return 0;
	}
	char *cwd = getcwd(NULL, 0);
	if (cwd == NULL) {
		sh_warn("pwd: cannot determine the current directory: %s", strerror(errno));
		return 1;
	}
	out_str(&out1, cwd);
	out_char(&out1, '\n');
	free(cwd);
	return 0;
}
