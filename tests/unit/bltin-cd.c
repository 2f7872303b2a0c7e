/* bltin-cd.c: cd and pwd: logical and physical paths, CDPATH, HOME, OLDPWD, -e, errors. */
#include <config.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bltin-run.h"
#include "builtins.h"
#include "tap.h"
#include "var.h"

static char top[PATH_MAX];   /* the scratch directory, its real path */

static const char *
at(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, sizeof buf[0], "%s%s%s", top, *rel ? "/" : "", rel);
	return p;
}

/* Starts a case in top with PWD and OLDPWD known, CDPATH unset. */
static void
reset(void)
{
	if (chdir(top) != 0)
		perror("chdir");
	var_set("PWD", top, 0);
	var_set("OLDPWD", "/", 0);
	var_unset("CDPATH");
}

static int
same_dir(const char *path)
{
	struct stat a, b;
	return stat(path, &a) == 0 && stat(".", &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev;
}

/* cd argv: its status, output and message, then where PWD and the process are. */
static void
cd_case(const char *what, char **argv, int status, const char *out, const char *err,
    const char *pwd, const char *physical)
{
	expect(cd_builtin, argv, NULL, status, out, err);
	is_str(var_get("PWD"), pwd, "  %s: PWD", what);
	ok(same_dir(physical), "  %s: the process is in %s", what, physical);
}

#define CD(what, status, out, err, pwd, phys, ...) do { \
	char *cd_v[] = { "cd", __VA_ARGS__, NULL }; \
	cd_case(what, cd_v, status, out, err, pwd, phys); \
} while (0)

static void
setup(void)
{
	if (realpath(tap_tmpdir(), top) == NULL)
		perror("realpath");
	const char *dirs[] = { "a", "a/b", "c", "sp ace", NULL };
	for (const char **d = dirs; *d; d++)
		if (mkdir(at(*d), 0755) != 0)
			perror(*d);
	if (symlink(at("a/b"), at("lnk")) != 0 || close(open(at("file"), O_CREAT | O_WRONLY, 0644)) != 0)
		perror("setup");
}

static void
test_logical_physical(void)
{
	char want[PATH_MAX + 80];
	reset();
	CD("cd a", 0, "", "", at("a"), at("a"), "a");
	is_str(var_get("OLDPWD"), top, "  OLDPWD is the old PWD");
	reset();
	CD("cd lnk", 0, "", "", at("lnk"), at("a/b"), "lnk");
	snprintf(want, sizeof want, "%s\n", at("lnk"));
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	EXPECT(pwd_builtin, 0, want, "", "pwd", "-L");
	EXPECT(pwd_builtin, 0, want, "", "pwd", "-P", "-L");
	snprintf(want, sizeof want, "%s\n", at("a/b"));
	EXPECT(pwd_builtin, 0, want, "", "pwd", "-P");
	EXPECT(pwd_builtin, 0, want, "", "pwd", "-L", "-P");
	CD("cd .. (logical)", 0, "", "", top, top, "..");
	reset();
	CD("cd -P lnk", 0, "", "", at("a/b"), at("a/b"), "-P", "lnk");
	CD("cd -L .. after -P", 0, "", "", at("a"), at("a"), "-L", "..");
	reset();
	CD("cd lnk/..", 0, "", "", top, top, "lnk/..");
	reset();
	CD("cd -P lnk/..", 0, "", "", at("a"), at("a"), "-P", "lnk/..");
	reset();
	CD("cd ./a//b/../../c/", 0, "", "", at("c"), at("c"), "./a//b/../../c/");
	reset();
	CD("cd 'sp ace'", 0, "", "", at("sp ace"), at("sp ace"), "sp ace");
	reset();
	CD("cd ///", 0, "", "", "/", "/", "///");
	reset();
	CD("cd //", 0, "", "", "//", "/", "//");
	CD("cd /..", 0, "", "", "/", "/", "/..");
	reset();
	var_unset("PWD");
	CD("cd a without PWD", 0, "", "", at("a"), at("a"), "a");
	is_str(var_get("OLDPWD"), top, "  OLDPWD is where we were");
}

static void
test_dash_and_home(void)
{
	char want[PATH_MAX + 80];
	reset();
	var_set("OLDPWD", at("c"), 0);
	snprintf(want, sizeof want, "%s\n", at("c"));
	CD("cd -", 0, want, "", at("c"), at("c"), "-");
	is_str(var_get("OLDPWD"), top, "  OLDPWD is the old PWD");
	snprintf(want, sizeof want, "%s\n", top);
	CD("cd - again", 0, want, "", top, top, "-");
	var_unset("OLDPWD");
	CD("cd - without OLDPWD", 1, "", "ipcsh: cd: OLDPWD not set\n", top, top, "-");

	reset();
	var_set("HOME", at("c"), 0);
	CD("cd (HOME)", 0, "", "", at("c"), at("c"), NULL);
	var_set("HOME", "", 0);
	CD("cd with HOME empty: nothing", 0, "", "", at("c"), at("c"), NULL);
	var_unset("HOME");
	CD("cd without HOME", 1, "", "ipcsh: cd: HOME not set\n", at("c"), at("c"), NULL);
}

static void
test_cdpath(void)
{
	char want[PATH_MAX + 80];
	reset();
	chdir(at("c"));
	var_set("PWD", at("c"), 0);
	var_set("CDPATH", at("a"), 0);
	snprintf(want, sizeof want, "%s\n", at("a/b"));
	CD("cd b through CDPATH", 0, want, "", at("a/b"), at("a/b"), "b");
	var_set("CDPATH", at("a/"), 0);
	CD("cd b, CDPATH entry with a slash", 0, want, "", at("a/b"), at("a/b"), "b");
	var_set("CDPATH", ":/nonexistent", 0);
	CD("cd .. with CDPATH: no search", 0, "", "", at("a"), at("a"), "..");
	var_set("CDPATH", ":/nonexistent", 0);
	CD("cd b, found through the empty entry: not printed", 0, "", "", at("a/b"), at("a/b"), "b");
	reset();
	char cdpath[2 * PATH_MAX];
	snprintf(cdpath, sizeof cdpath, "/nonexistent::%s", at("a"));
	var_set("CDPATH", cdpath, 0);
	CD("cd a: the empty entry (.) comes before later ones", 0, "", "", at("a"), at("a"), "a");
	reset();
	var_set("CDPATH", at("a"), 0);
	CD("cd ./b: no search for ./", 1, "", "ipcsh: cd: ./b: No such file or directory\n",
	    top, top, "./b");
	reset();
	var_set("CDPATH", at("a"), 0);
	CD("cd c: not under CDPATH, found here", 0, "", "", at("c"), at("c"), "c");
	reset();
	var_set("CDPATH", at(""), 0);
	snprintf(want, sizeof want, "%s\n", at("lnk"));
	CD("cd lnk through CDPATH keeps the logical name", 0, want, "", at("lnk"), at("a/b"), "lnk");
	var_unset("CDPATH");
}

static void
test_errors(void)
{
	reset();
	CD("cd nonexistent", 1, "", "ipcsh: cd: nonexistent: No such file or directory\n",
	    top, top, "nonexistent");
	CD("cd file", 1, "", "ipcsh: cd: file: Not a directory\n", top, top, "file");
	CD("cd file/..", 1, "", "ipcsh: cd: file/..: Not a directory\n", top, top, "file/..");
	CD("cd -P file/..", 1, "", "ipcsh: cd: file/..: Not a directory\n", top, top,
	    "-P", "file/..");
	CD("cd ''", 1, "", "ipcsh: cd: empty directory name\n", top, top, "");
	CD("cd a c", 2, "", "ipcsh: cd: too many arguments\n", top, top, "a", "c");
	CD("cd -x", 2, "", "ipcsh: cd: -x: invalid option\n", top, top, "-x");
	EXPECT(pwd_builtin, 2, "", "ipcsh: pwd: too many arguments\n", "pwd", "x");
	EXPECT(pwd_builtin, 2, "", "ipcsh: pwd: -x: invalid option\n", "pwd", "-x");
}

/* Last: a read-only PWD stays so. */
static void
test_readonly_pwd(void)
{
	reset();
	var_set("PWD", "x", VREADONLY);
	CD("cd a with PWD read-only", 1, "", "ipcsh: PWD: is read only\n", "x", at("a"), "a");
	is_str(var_get("OLDPWD"), "x", "  OLDPWD is still set");
}

/* pwd -L trusts PWD only when it is absolute, clean and right. */
static void
test_pwd_logical(void)
{
	char want[PATH_MAX + 80];
	reset();
	snprintf(want, sizeof want, "%s\n", top);
	var_set("PWD", "/nonexistent", 0);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	var_set("PWD", at("a/.."), 0);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	var_set("PWD", at("./"), 0);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	var_set("PWD", at("c"), 0);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	var_set("PWD", "relative", 0);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	var_unset("PWD");
	EXPECT(pwd_builtin, 0, want, "", "pwd");
	char twice[PATH_MAX + 2];
	snprintf(twice, sizeof twice, "/%s", top);   /* //tmp/...: names this directory */
	var_set("PWD", twice, 0);
	snprintf(want, sizeof want, "%s\n", twice);
	EXPECT(pwd_builtin, 0, want, "", "pwd");
}

/* POSIX.1-2024 -e: with -P, a directory whose name cannot be found. */
static void
test_e(void)
{
	reset();
	if (mkdir(at("gone"), 0755) != 0 || chdir(at("gone")) != 0 || rmdir(at("gone")) != 0)
		perror("gone");
	var_set("PWD", at("gone"), 0);
	struct cap c;
	char *v1[] = { "cd", "-P", "-e", ".", NULL };
	cap_builtin(&c, cd_builtin, v1, NULL);
	static const char why[] = "ipcsh: cd: cannot determine the new directory: ";
	ok(c.status == 1 && strncmp(c.err, why, sizeof why - 1) == 0,
	    "cd -Pe . in a removed directory: status 1 and why");
	ok(var_get("PWD") == NULL, "  PWD is unset, not left wrong");
	cap_free(&c);
	char *v2[] = { "cd", "-P", ".", NULL };
	cap_builtin(&c, cd_builtin, v2, NULL);
	ok(c.status == 0 && c.errlen == 0, "cd -P . there without -e: status 0");
	cap_free(&c);
	reset();
	CD("cd -e a: -e is taken, and means nothing without -P", 0, "", "", at("a"), at("a"),
	    "-e", "a");
	reset();
}

/* Step 9: a logical path longer than PATH_MAX is changed to relatively. */
static void
test_long_path(void)
{
	reset();
	char name[201];
	memset(name, 'd', 200);
	name[200] = '\0';
	static char path[3 * PATH_MAX];
	snprintf(path, sizeof path, "%s", top);
	int fd = open(top, O_RDONLY | O_DIRECTORY);
	int depth = (PATH_MAX - (int)strlen(top)) / 201 - 1;
	for (int i = 0; i < depth; i++) {   /* a directory just under PATH_MAX */
		mkdirat(fd, name, 0755);
		int nfd = openat(fd, name, O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = nfd;
		strcat(strcat(path, "/"), name);
	}
	if (fchdir(fd) != 0)
		perror("fchdir");
	var_set("PWD", path, 0);
	char rel[1024] = "";
	for (int i = 0; i < 3; i++) {   /* and three more levels past it */
		mkdirat(fd, name, 0755);
		int nfd = openat(fd, name, O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = nfd;
		strcat(strcat(rel, i ? "/" : ""), name);
	}
	struct stat want, got;
	fstat(fd, &want);
	close(fd);
	char *v[] = { "cd", rel, NULL };
	struct cap c;
	cap_builtin(&c, cd_builtin, v, NULL);
	stat(".", &got);
	ok(c.status == 0 && want.st_ino == got.st_ino, "cd to a logical path past PATH_MAX (%zu)",
	    strlen(path) + 1 + strlen(rel));
	ok(var_get("PWD") != NULL && strlen(var_get("PWD")) == strlen(path) + 1 + strlen(rel),
	    "  PWD holds the whole logical path");
	cap_free(&c);
	reset();
}

int
main(void)
{
	run_init();
	setup();
	test_logical_physical();
	test_dash_and_home();
	test_cdpath();
	test_errors();
	test_pwd_logical();
	test_e();
	test_long_path();
	test_readonly_pwd();
	return tap_done();
}
