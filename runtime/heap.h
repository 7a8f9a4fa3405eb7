/* heap - node allocation, tracking and mark-and-sweep collection.
 *
 * Every node is one malloc'd block on the heap's tracked list.  A collection
 * marks from the roots (every slot of the G-machine stack and the global
 * nodes) with an explicit mark stack, never C recursion, then frees every
 * tracked node it did not reach.
 */
#ifndef LAZYC_HEAP_H
#define LAZYC_HEAP_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Below this many tracked nodes the heap never collects (unless stressed),
 * so that small programs do not collect over and over. */
#define HEAP_MIN_COLLECT_THRESHOLD 100000

struct heap_options {
  uint64_t byte_limit;      /* the most bytes in live nodes; 0: no limit */
  uint64_t stress_interval; /* collect every this many allocations; 0: off */
  bool never_collect;       /* only free at exit */
};

void heap_init(struct heap *heap, const struct heap_options *options);

/* A new tracked node of the given kind and size, its other fields unset.
 * May collect first: the caller must hold every node it still needs on the
 * G-machine stack, not in C variables. */
struct node *heap_alloc(struct gmachine *gm, enum node_kind kind, size_t bytes);

/* Mark from gm's roots, free every unreached node. */
void heap_collect(struct gmachine *gm);

/* Free every tracked node and the heap's own memory. */
void heap_release(struct heap *heap);

/* The bytes a tracked node occupies. */
size_t node_bytes(const struct node *node);

/* Seconds on a monotonic clock, for GC and total times. */
double clock_seconds(void);

#ifdef __cplusplus
}
#endif

#endif
