/* cd.c: cd [-L|-P [-e]] [dir|-]: XCU cd's steps, CDPATH, PWD and OLDPWD. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bltin.h"
#include "builtins.h"
#include "error.h"
#include "mem.h"
#include "output.h"
#include "var.h"

/*
 * Messages are bash's "cd: DIR: reason" (dash says "cd: can't cd to DIR",
 * which hides why), with status 1 for a failed change and 2 for bad usage.
 */

static int
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* a + "/" + b on the shell stack (no doubled slash). */
static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int slash = la > 0 && a[la - 1] != '/';
	char *p = st_alloc(la + slash + lb + 1);
	memcpy(p, a, la);
	if (slash)
		p[la] = '/';
	memcpy(p + la + slash, b, lb + 1);
	return p;
}

/* Step 4: does the first component read "." or ".."? */
static int
starts_with_dot(const char *d)
{
	return d[0] == '.' && (d[1] == '/' || d[1] == '\0' ||
	    (d[1] == '.' && (d[2] == '/' || d[2] == '\0')));
}

/* Step 5: the first CDPATH entry under which dir is a directory. *print
 * is set when that entry was not empty (the new directory is then shown). */
static const char *
search_cdpath(const char *dir, int *print)
{
	const char *cdpath = var_get("CDPATH");
	if (cdpath == NULL || dir[0] == '/' || starts_with_dot(dir))
		return dir;
	for (const char *p = cdpath;; p++) {
		const char *colon = strchrnul(p, ':');
		char *entry = st_strndup(p, (size_t)(colon - p));
		char *cand = join(*entry ? entry : ".", dir);
		if (is_dir(cand)) {
			*print = *entry != '\0';
			return cand;
		}
		if (*colon == '\0')
			return dir;
		p = colon;
	}
}

/*
 * Step 8: removes "." components, empty ones and "c/.." pairs from an
 * absolute path, in place; a ".." whose predecessor is not a directory is
 * an error (-1 with errno). A leading "//" (exactly two) is kept, as POSIX
 * lets it mean something else.
 */
static int
canonicalize(char *path)
{
	size_t root = path[1] == '/' && path[2] != '/' ? 2 : 1;
	char *o = path + root, *p = path + root;
	while (*p) {
		char *end = strchrnul(p, '/');
		size_t n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (o > path + root) {
				char keep = *o;
				*o = '\0';
				int ok = is_dir(path);
				*o = keep;
				if (!ok)
					return -1;
				while (o > path + root && o[-1] != '/')
					o--;
				if (o > path + root)
					o--;   /* the slash before the removed component */
			}
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (o > path + root)
				*o++ = '/';
			memmove(o, p, n);
			o += n;
		}
		p = *end ? end + 1 : end;
	}
	*o = '\0';
	return 0;
}

/* Steps 7 and 8: the absolute, canonical form of a logical curpath. */
static char *
logical_path(const char *curpath)
{
	char *path;
	if (curpath[0] == '/') {
		path = st_strdup(curpath);
	} else {
		const char *base = pwd_logical();
		char *cwd = base ? NULL : getcwd(NULL, 0);
		if (base == NULL && cwd == NULL)
			return NULL;
		path = join(base ? base : cwd, curpath);
		free(cwd);
	}
	return canonicalize(path) == 0 ? path : NULL;
}

/* Step 9, for paths too long for chdir: relative to the current logical
 * directory when the path lies under it. */
static int
change(const char *path)
{
	if (chdir(path) == 0)
		return 0;
	if (errno != ENAMETOOLONG)
		return -1;
	const char *base = pwd_logical();
	size_t n = base ? strlen(base) : 0;
	if (n == 0 || strncmp(path, base, n) != 0 || path[n] != '/') {
		errno = ENAMETOOLONG;
		return -1;
	}
	return chdir(path + n + 1);
}

struct cd {
	int physical, eflag, print;
	const char *dir;     /* the operand, as given (or HOME, OLDPWD) */
};

/* Steps 1-2 and "-": which directory the user means; NULL when done. */
static const char *
choose_dir(struct cd *c, char **operands, int *status)
{
	const char *d = operands[0];
	*status = 0;
	if (d == NULL) {
		d = var_get("HOME");
		if (d == NULL) {
			sh_warn("cd: HOME not set");
			*status = 1;
		}
		return d != NULL && *d != '\0' ? d : NULL;   /* HOME="": nothing to do */
	}
	if (strcmp(d, "-") == 0) {
		d = var_get("OLDPWD");
		if (d == NULL || *d == '\0') {
			sh_warn("cd: OLDPWD not set");
			*status = 1;
			return NULL;
		}
		c->print = 1;
	}
	if (*d == '\0') {   /* POSIX.1-2024: an error, not a no-op */
		sh_warn("cd: empty directory name");
		*status = 1;
		return NULL;
	}
	return d;
}

/* Step 10's aftermath: OLDPWD, PWD, and cd -e's verdict. */
static int
update_vars(struct cd *c, const char *old, const char *logical)
{
	int st = 0;
	char *cwd = NULL;
	if (old != NULL && var_set("OLDPWD", old, 0) < 0)
		st = 1;
	if (logical == NULL && (cwd = getcwd(NULL, 0)) == NULL) {
		/* changed, but where we are has no name we can find */
		var_unset("PWD");
		if (c->eflag) {
			sh_warn("cd: cannot determine the new directory: %s", strerror(errno));
			return 1;
		}
		return st;
	}
	if (var_set("PWD", logical ? logical : cwd, 0) < 0)
		st = 1;
	else if (c->print)
		out_fmt(&out1, "%s\n", var_get("PWD"));
	free(cwd);
	return st;
}

static int
cd_to(struct cd *c, const char *dir)
{
	const char *curpath = search_cdpath(dir, &c->print);
	char *logical = NULL;
	if (!c->physical && (logical = logical_path(curpath)) == NULL) {
		sh_warn("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	const char *pwd = var_get("PWD");
	char *old = pwd ? st_strdup(pwd) : getcwd(NULL, 0);
	int st;
	if (change(logical ? logical : curpath) != 0) {
		sh_warn("cd: %s: %s", dir, strerror(errno));
		st = 1;
	} else {
		st = update_vars(c, old, logical);
	}
	if (pwd == NULL)
		free(old);
	return st;
}

int
cd_builtin(int argc, char **argv)
{
	struct cd c = { 0, 0, 0, NULL };
	struct bopt o;
	int opt, st;
	bopt_init(&o, argv);
	while ((opt = bopt_next(&o, "LPe")) != 0) {
		switch (opt) {
		case 'L': c.physical = 0; break;
		case 'P': c.physical = 1; break;
		case 'e': c.eflag = 1; break;
		default: return 2;
		}
	}
	if (argc - o.idx > 1) {
		sh_warn("cd: too many arguments");
		return 2;
	}
	c.eflag &= c.physical;   /* -e means something only with -P */
	const char *dir = choose_dir(&c, argv + o.idx, &st);
	if (dir == NULL)
		return st;
	struct stackmark mark;
	st_mark(&mark);
	st = cd_to(&c, st_strdup(dir));   /* a copy: OLDPWD's value changes under it */
	st_pop(&mark);
	return st;
}
