/* prompt.c: expanding PS1 and PS2 for the interactive prompt. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "expand.h"
#include "input.h"
#include "lexer.h"
#include "mem.h"
#include "prompt.h"
#include "var.h"

int (*prompt_history_number)(void);
static int commands_read;   /* `!` without a history: commands read so far */

/* `!` to the history number, `!!` to `!`, before the other expansions. */
static char *
bang(const char *ps)
{
	int num = prompt_history_number ? prompt_history_number() : ++commands_read;
	size_t n = strlen(ps), extra = 0;
	for (const char *p = ps; *p; p++)
		if (*p == '!')
			extra += 12;
	char *out = st_alloc(n + extra + 1), *o = out;
	for (const char *p = ps; *p; p++) {
		if (*p != '!') {
			*o++ = *p;
		} else if (p[1] == '!') {
			*o++ = '!';
			p++;
		} else {
			o += sprintf(o, "%d", num);
		}
	}
	*o = '\0';
	return out;
}

const char *
prompt_expand(const char *name, const char *fallback)
{
	const char *ps = var_get(name);
	if (ps == NULL)
		return fallback;
	const char *text = strcmp(name, "PS1") == 0 ? bang(ps) : ps;
	/* An error in the prompt must not end the shell: show it as written. */
	struct jmploc jl, *prev = handler;
	int status = exit_status, depth = in_depth();
	const char *result = text;
	if (setjmp(jl.loc) == 0) {
		handler = &jl;
		size_t len;
		struct wpart *body = lex_heredoc_body(text, strlen(text), 0);
		result = expand_heredoc(body, &len);
		result = st_strndup(result, len);
	} else {
		lex_reset();
		in_unwind(depth);
	}
	handler = prev;
	exit_status = status;
	return result;
}
