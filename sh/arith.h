/* arith.h: shell arithmetic, $((...)) per XCU 2.6.4. */
#ifndef SH_ARITH_H
#define SH_ARITH_H

#include <stdint.h>

/* Evaluates expr (already expanded); errors raise through sh_error. */
intmax_t arith_eval(const char *expr);

#endif
