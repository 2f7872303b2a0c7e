/* error.c: the text of libipc's error codes (which are negated errno values). */
#include <config.h>

#include <string.h>

#include "ipc/core.h"

const char *
ipc_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == 0)
		return "Success";
	/* strerrordesc_np is thread-safe and needs no buffer; fall back to the
	 * classic call where the C library lacks it. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	const char *s = strerrordesc_np(err);
	return s ? s : "Unknown error";
#else
	return strerror(err);
#endif
}
