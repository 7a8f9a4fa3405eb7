/* check - verifying the heap after a collection (+RTS --check-heap).
 *
 * Walks every node reachable from the roots, as marking did but with bits
 * of its own, and stops the program with a runtime error if one of them is
 * not where a live node can be: outside every block in use, not at the
 * start of a cell, or in a cell the collection left unmarked (a free cell);
 * and checks the generations' invariant over every old node, that every
 * block holds cells of its class's size and every allocation site
 * allocates from one of its size's classes (tenure.h).
 * The GC-stress run of the golden suite turns it on.
 */
#ifndef LAZYC_CHECK_H
#define LAZYC_CHECK_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gmachine;

void heap_check(struct gmachine *gm);

/* The generational invariant (heap.h): an old node that points at a node
 * not old is in the remembered set. */
void heap_check_generations(struct gmachine *gm);

#ifdef __cplusplus
}
#endif

#endif
