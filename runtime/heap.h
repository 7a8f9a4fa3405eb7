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

struct gmachine;

/* A collection never comes sooner than this many allocations after the
 * last (unless stressed), so that small heaps do not collect over and over. */
#define HEAP_MIN_BUDGET ((uint64_t)1 << 16)

struct heap_options {
  uint64_t byte_limit;      /* the most bytes of blocks in use; 0: none */
  uint64_t stress_interval; /* collect every this many allocations; 0: off */
  bool never_collect;       /* only free at exit */
  bool check;               /* verify the heap after every collection */
};

struct heap_stats {
  uint64_t nodes_allocated;
  uint64_t bytes_allocated;
  uint64_t collections;
  uint64_t nodes_marked;    /* by all collections together */
  uint64_t peak_live_nodes; /* most nodes that survived a collection */
  uint64_t peak_live_bytes; /* most bytes of nodes that survived one */
  double mark_seconds;
  double sweep_seconds;
};

/* The blocks of one node size; the current run of free cells, which
 * allocation bumps through, is in lazyc_machine.runs, its end there cut
 * short to what the budget allows. */
struct size_class {
  char *run_start;         /* where the current run began: for statistics */
  char *run_limit;         /* where the free cells of the run really end */
  struct block *current;   /* the block of the run */
  struct block *blocks;    /* every block of this size */
  struct block *unscanned; /* blocks whose free cells are still to find */
};

struct heap {
  /* Allocations left before the next collection, less the cells already
   * handed to the allocator in runs. */
  uint64_t budget;
  struct size_class classes[LAZYC_MAX_NODE_WORDS + 1]; /* by words */
  struct zone zone;
  uint64_t stress_interval;  /* collect every this many allocations; 0: off */
  bool never_collect;        /* for measuring what the collector saves */
  bool check;                /* verify the heap after each collection */
  bool under_valgrind;       /* describe every cell to valgrind */
  uint32_t constant_count;   /* of lazyc_machine.constants */
  struct node ***mark_stack; /* fields still to scan; kept between uses */
  size_t mark_capacity;
  uint64_t marked_nodes, marked_bytes; /* by the current collection */
  struct heap_stats stats;
};

/* The heap of GM's machine, its constants one per constructor of its
 * program (which must be set). */
void heap_init(struct gmachine *gm, const struct heap_options *options);

/* A new node of WORDS words (2 to LAZYC_MAX_NODE_WORDS), its contents
 * unset, from the machine's own stack top: for the runtime's code. */
struct node *heap_alloc(struct gmachine *gm, uint32_t words);

/* The statistics, brought up to date: the fast path of allocation counts
 * nothing, the allocations are reckoned from the runs. */
const struct heap_stats *heap_statistics(struct gmachine *gm);

/* Mark from gm's roots (the stack up to lazyc_machine.sp and the global
 * nodes) and free the blocks left empty. */
void heap_collect(struct gmachine *gm);

/* Unmap every block and free the heap's own memory. */
void heap_release(struct gmachine *gm);

/* Seconds on a monotonic clock, for GC and total times. */
double clock_seconds(void);

#ifdef __cplusplus
}
#endif

#endif
