/* heap - node allocation and mark-and-sweep collection over zones.
 *
 * Nodes of each size (in words) are cut from blocks of that size (zone.h).
 * Allocation bumps a pointer through the current run of free cells; only
 * when the run ends does it look for the next one, scanning the block's
 * mark bits (the sweep is lazy: free cells are found as they are needed).
 * A collection marks from the roots (every slot of the G-machine stack and
 * the global nodes) with an explicit mark stack, setting bits beside the
 * cells; blocks left without a live cell go back to the zone.  It runs when
 * the nodes allocated since the last one reach the number that survived it,
 * i.e. when the node count has doubled.  Nullary constructors are constants
 * outside the heap.
 */
#ifndef LAZYC_HEAP_H
#define LAZYC_HEAP_H

#include "lazyc_rt.h"
#include "zone.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A collection never comes sooner than this many allocations after the
 * last (unless stressed), so that small heaps do not collect over and over. */
#define HEAP_MIN_BUDGET ((uint64_t)1 << 16)

struct heap_options {
  uint64_t byte_limit;      /* the most bytes of blocks in use; 0: none */
  uint64_t stress_interval; /* collect every this many allocations; 0: off */
  bool never_collect;       /* only free at exit */
  bool check;               /* verify the heap after every collection */
};

void heap_init(struct heap *heap, const struct heap_options *options,
               const struct lazyc_program *program);

struct node *heap_alloc_slow(struct gmachine *gm, uint32_t words);

/* A new node of WORDS words (2 to LAZYC_MAX_NODE_WORDS), its contents
 * unset.  May collect first: the caller must hold every node it still needs
 * on the G-machine stack, not in C variables. */
static inline struct node *heap_alloc(struct gmachine *gm, uint32_t words) {
  struct heap *heap = &gm->heap;
  struct size_class *size = &heap->classes[words];
  char *cell = size->free;
  if (heap->budget != 0 && cell != size->run_end) {
    heap->budget--;
    size->free = cell + words * GRANULE_BYTES;
    return (struct node *)cell;
  }
  return heap_alloc_slow(gm, words);
}

/* The node of a constructor without fields: one for the whole run. */
static inline struct node *heap_constant(struct heap *heap, uint32_t ctor) {
  return &heap->constants[ctor];
}

/* The statistics, brought up to date: the fast path of heap_alloc counts
 * nothing, the allocations are reckoned from the budget and the runs. */
const struct heap_stats *heap_statistics(struct heap *heap);

/* Mark from gm's roots and free the blocks left empty. */
void heap_collect(struct gmachine *gm);

/* Unmap every block and free the heap's own memory. */
void heap_release(struct heap *heap);

/* Seconds on a monotonic clock, for GC and total times. */
double clock_seconds(void);

#ifdef __cplusplus
}
#endif

#endif
