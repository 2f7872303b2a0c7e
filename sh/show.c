/* show.c: command trees back to text, for `jobs`, `fg` and job notices. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "show.h"

struct tbuf {
	char *p;
	size_t len, cap;
};

static void
add(struct tbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void show(struct tbuf *b, const struct node *n);

static void
words(struct tbuf *b, const struct word *w, const char *sep)
{
	for (; w != NULL; w = w->next) {
		add(b, w->raw);
		if (w->next)
			add(b, sep);
	}
}

static void
redirs(struct tbuf *b, const struct redir *r)
{
	static const char *const ops[] = {
		[R_IN] = "<", [R_OUT] = ">", [R_APPEND] = ">>", [R_CLOBBER] = ">|",
		[R_RDWR] = "<>", [R_DUPIN] = "<&", [R_DUPOUT] = ">&", [R_HEREDOC] = "<<",
	};
	for (; r != NULL; r = r->next) {
		char fd[16] = "";
		int dflt = (r->fd == 0 && (r->op == R_IN || r->op == R_RDWR ||
		    r->op == R_DUPIN || r->op == R_HEREDOC)) || (r->fd == 1 &&
		    (r->op == R_OUT || r->op == R_APPEND || r->op == R_CLOBBER ||
		    r->op == R_DUPOUT));
		if (!dflt)
			snprintf(fd, sizeof fd, "%d", r->fd);
		add(b, " ");
		add(b, fd);
		add(b, r->op == R_HEREDOC && r->strip_tabs ? "<<-" : ops[r->op]);
		add(b, r->target ? r->target->raw : "");
	}
}

static void
list(struct tbuf *b, const char *open, const struct node *body, const char *close)
{
	add(b, open);
	show(b, body);
	add(b, close);
}

static void
show(struct tbuf *b, const struct node *n)
{
	if (n == NULL)
		return;
	sh_stack_check();
	switch (n->kind) {
	case N_CMD:
		words(b, n->u.cmd.assigns, " ");
		if (n->u.cmd.assigns && n->u.cmd.args)
			add(b, " ");
		words(b, n->u.cmd.args, " ");
		break;
	case N_PIPE:
		for (int i = 0; i < n->u.pipe.n; i++) {
			if (i)
				add(b, " | ");
			show(b, n->u.pipe.cmds[i]);
		}
		break;
	case N_SEQ:   /* leaning right (parser.c): a loop, however long; */
		for (; n->u.bin.right->kind == N_SEQ; n = n->u.bin.right) {
			show(b, n->u.bin.left);
			add(b, "; ");
		}
		/* the last two as any binary node */
		/* fall through */
	case N_AND: case N_OR:
		show(b, n->u.bin.left);
		add(b, n->kind == N_AND ? " && " : n->kind == N_OR ? " || " : "; ");
		show(b, n->u.bin.right);
		break;
	case N_BG:
		show(b, n->u.bin.left);
		add(b, " &");
		break;
	case N_NOT:
		list(b, "! ", n->u.bin.left, "");
		break;
	case N_SUBSHELL:
		list(b, "(", n->u.bin.left, ")");
		break;
	case N_GROUP:
		list(b, "{ ", n->u.bin.left, "; }");
		break;
	case N_IF:
		list(b, "if ", n->u.ifs.cond, "; then ");
		show(b, n->u.ifs.then);
		if (n->u.ifs.els)
			list(b, "; else ", n->u.ifs.els, "");
		add(b, "; fi");
		break;
	case N_WHILE: case N_UNTIL:
		list(b, n->kind == N_WHILE ? "while " : "until ", n->u.loop.cond, "; do ");
		list(b, "", n->u.loop.body, "; done");
		break;
	case N_FOR:
		add(b, "for ");
		add(b, n->u.forl.var);
		if (n->u.forl.has_in) {
			add(b, " in ");
			words(b, n->u.forl.words, " ");
		}
		list(b, "; do ", n->u.forl.body, "; done");
		break;
	case N_CASE:
		add(b, "case ");
		add(b, n->u.cas.subject->raw);
		add(b, " in ...; esac");
		break;
	case N_FUNC:
		add(b, n->u.func.name);
		list(b, "() ", n->u.func.body, "");
		break;
	}
	redirs(b, n->redirs);
}

char *
node_text(const struct node *n)
{
	struct tbuf b = { NULL, 0, 0 };
	add(&b, "");
	show(&b, n);
	return b.p;
}
