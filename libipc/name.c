/* name.c: the one rule for user-chosen object names, shared by every mechanism. */
#include <config.h>

#include <errno.h>
#include <stddef.h>

#include "ipc/core.h"

static int
name_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A name can never become a path escape: no '/', no leading '.', so no
 * "..", and bounded length so every derived path fits NAME_MAX. */
int
ipc_name_check(const char *name)
{
	if (name == NULL)
		return -EINVAL;
	const char *p = ipc_name_bare(name);
	if (*p == '\0' || *p == '.' || *p == '-')
		return -EINVAL;
	size_t n = 0;
	for (; p[n] != '\0'; n++)
		if (n >= IPC_NAME_MAX || !name_char_ok((unsigned char)p[n]))
			return -EINVAL;
	return (int)n;
}

const char *
ipc_name_bare(const char *name)
{
	return name[0] == '/' ? name + 1 : name;
}
