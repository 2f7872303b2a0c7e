/* quote.h: file names in messages, quoted the way GNU coreutils quotes them. */
#ifndef IPC_QUOTE_H
#define IPC_QUOTE_H

/*
 * s quoted for a message as GNU's quoteaf does ("shell-escape-always"):
 * 'name', "it's" when a plain apostrophe is the only trouble, and $'\n'
 * sections for what cannot be shown, so the text can be pasted back into a
 * shell. Printable multibyte characters pass through in a multibyte locale
 * (LC_CTYPE). A new string for the caller to free, or NULL without memory.
 */
char *cli_quote(const char *s);

#endif
