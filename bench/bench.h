/* bench.h: timing and the one report format every benchmark prints. */
#ifndef IPC_BENCH_H
#define IPC_BENCH_H

#include <stdint.h>

/* Monotonic nanoseconds. */
int64_t bench_now_ns(void);

/*
 * One row: what was measured, our figure, the anchor's figure, the unit, and
 * the ratio ours/anchor. For times (lower is better) a ratio under 1 means we
 * are faster; for rates (higher is better) pass higher_better=1 and the ratio
 * is still ours/anchor, so over 1 means we are faster. The row is
 *   what | ours unit | anchor unit | ratio (anchor name)
 */
void bench_row(const char *what, double ours, double anchor, const char *unit,
    const char *anchor_name, int higher_better);

/* The section heading that starts each program's rows. */
void bench_section(const char *title);
/* The same, naming the "ours" column (bench_section calls it "libipc"). */
void bench_section_for(const char *title, const char *ours_name);

#endif
