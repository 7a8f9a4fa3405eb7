/* heap - node allocation and mark-and-sweep collection over zones.
 *
 * Nodes of each size (in words) are cut from blocks of that size (zone.h),
 * each block in one of the size's two classes (lazyc_rt.h): the tenured
 * one holds the nodes of the allocation sites whose nodes live long
 * (tenure.h), which the collector's marking tells.  Allocation in a class
 * bumps a pointer through the current run of free cells; only
 * when the run ends does it look for the next one, scanning the block's
 * mark bits (the sweep is lazy: free cells are found as they are needed).
 * A collection marks from the roots (every slot of the G-machine stack and
 * the global nodes) with an explicit mark stack, setting bits beside the
 * cells; blocks left without a live cell go back to the zone.  It runs
 * when the nodes allocated since the last one reach the number that
 * survived it, i.e. when the node count has doubled.  Nullary constructors
 * are constants outside the heap.
 *
 * Two generations (the default; +RTS -G1 for one), without moving
 * anything: the mark bits are sticky, and a node's header holds its age
 * (lazyc_rt.h).  A node allocated since the last collection is unmarked
 * and young; a minor collection marks from the roots and from the
 * remembered set and stops at marked nodes, so it traces only the young:
 * those it marks become old, what it leaves unmarked is free for
 * allocation, and it sweeps only the blocks allocated into since the last
 * collection.  The remembered set holds the old nodes written since the
 * last collection (the write barrier of lazyc_rt.h, in every update),
 * which may point at young ones.  A major collection clears every mark and
 * traces the whole heap, making old what it marks: it comes when the
 * node count (the marked nodes and the young ones) has doubled since the
 * last one, the design's rule.  After a collection no old node points
 * at a young one.
 *
 * Invariant (checked by --check-heap at every collection): an old node that
 * points at a node not old is in the remembered set.
 *
 * When a collection comes: every nursery's worth of allocations (about
 * HEAP_NURSERY_NODES, or +RTS -A), or as many as there are stack slots if
 * that is more, since every collection scans the stack.  Many programs
 * keep most of what they allocate (a structure being built, a deep
 * recursion, chains of thunks): minor collections then cost more than
 * major ones alone.  The collector measures both (choose_mode in heap.c)
 * and, when minor collections do not pay, runs major ones alone for a
 * while before it tries again.  Those, and every collection with -G1,
 * leave every node young: there is then nothing for the barrier to
 * record.  --gc-stress runs minor and major collections in turn, with -G1
 * too.
 */
#ifndef LAZYC_HEAP_H
#define LAZYC_HEAP_H

#include "lazyc_rt.h"
#include "tenure.h"
#include "zone.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gmachine;

/* The young generation, in allocations between two collections, unless
 * +RTS -A says otherwise: about 1.5 MB of nodes, whose survivors are
 * marked while they are still in the caches. */
#define HEAP_NURSERY_NODES ((uint64_t)1 << 16)
/* A small heap's nursery is a fraction of the major threshold, so that
 * minor collections still come between major ones. */
#define HEAP_NURSERIES_PER_MAJOR 4
/* Minor collections are turned off only when they cost this many times as
 * much as major collections alone (choose_mode in heap.c): near the break
 * even point, the measured times would turn them on and off at random. */
#define HEAP_MINOR_MARGIN 1.5
/* When minor collections do not pay, major collections alone run until
 * they have taken this many times as long as the minor ones of the try. */
#define HEAP_PROBE_FACTOR 8.0
/* What +RTS -A counts a node as, in bytes: an application's size. */
#define HEAP_NODE_BYTES 24
/* The node count may grow to this many before a major collection however
 * few survived the last, so that small heaps do not collect over and over. */
#define HEAP_MIN_MAJOR_NODES ((uint64_t)1 << 16)
/* A stack with this many times as many slots as the heap has marked nodes
 * is most of what a collection scans: it then defers the next major
 * collection until as many nodes as it has slots have been allocated
 * (set_budget in heap.c).  Below that, the doubling rule keeps the heap
 * small. */
#define HEAP_DEEP_STACK_FACTOR 4

struct heap_options {
  uint64_t byte_limit;      /* the most bytes of blocks in use; 0: none */
  uint32_t generations;     /* 1: major collections only; else two */
  uint64_t nursery_nodes;   /* the young generation; 0: the default */
  uint64_t stress_interval; /* collect every this many allocations, minor
                             * and major in turn; 0: off */
  bool never_collect;       /* only free at exit */
  bool check;               /* verify the heap at every collection */
  bool no_pretenuring;      /* every site in its size's class (tenure.h) */
};

/* The collections of one kind. */
struct collection_stats {
  uint64_t count;
  double seconds;
  double longest_pause;
};

struct heap_stats {
  uint64_t nodes_allocated;
  uint64_t bytes_allocated;
  struct collection_stats minor, major;
  uint64_t nodes_marked;    /* by all collections together */
  uint64_t peak_live_nodes; /* most nodes that survived a major collection */
  uint64_t peak_live_bytes; /* most bytes of nodes that survived one */
  double mark_seconds;
  double sweep_seconds;
};

/* Whether class CLS is of a size that nodes have. */
static inline bool is_node_class(uint32_t cls) {
  return lazyc_class_words(cls) >= LAZYC_MIN_NODE_WORDS;
}

/* The blocks of one class; the current run of free cells, which
 * allocation bumps through, is in lazyc_machine.runs, its end there cut
 * short to what the budget allows. */
struct size_class {
  uint64_t bytes_allocated; /* in the runs, up to run_start */
  uint32_t cell_reciprocal; /* 2^32 / the cell size, rounded up */
  char *run_start;          /* where the current run began: for statistics */
  char *run_limit;          /* where the free cells of the run really end */
  struct block *current;    /* the block of the run */
  struct block *blocks;     /* every block of this size */
  struct block *unscanned;  /* blocks whose free cells are still to find */
};

/* A growing array of nodes. */
struct node_list {
  struct node **nodes;
  size_t count, capacity;
};

struct heap {
  /* Allocations left before the next collection, less the cells already
   * handed to the allocator in runs. */
  uint64_t budget;
  uint64_t nursery;           /* allocations between two collections */
  uint64_t major_threshold;   /* nodes that make the next one major */
  bool major_due;             /* the budget ends at the major threshold */
  uint64_t allocated_at_last; /* stats.nodes_allocated at the last one */
  /* The policy (choose_mode in heap.c): minor collections, or major ones
   * alone until they have taken PROBE_WAIT more seconds. */
  bool generational;
  double probe_wait;
  uint32_t minors_since_major;
  double minor_seconds;   /* the time of those minor collections */
  uint64_t live_at_major; /* marked by the last major collection */
  double major_seconds;   /* the time it took */
  bool two_generations;   /* not +RTS -G1: minor collections at all */
  /* Old nodes written since the last collection (lazyc_barrier), which
   * may point at young ones. */
  struct node_list remembered;
  bool judge_minors; /* choose_mode may turn minor collections off; the
                      * unit tests' machines switch it off */
  struct size_class classes[LAZYC_CLASSES]; /* by class (lazyc_rt.h) */
  struct tenure tenure; /* which sites allocate from which classes */
  struct zone zone;
  uint64_t stress_interval;  /* collect every this many allocations; 0: off */
  bool never_collect;        /* for measuring what the collector saves */
  bool check;                /* verify the heap after each collection */
  bool under_valgrind;       /* describe every cell to valgrind */
  uint32_t constant_count;   /* of lazyc_machine.constants */
  struct node ***mark_stack; /* fields still to scan; kept between uses */
  size_t mark_capacity;
  /* Marked after the last collection; the bytes after the last major. */
  uint64_t marked_nodes, marked_bytes;
  struct heap_stats stats;
};

/* The pointer fields of a node, which the collector follows: an
 * application's two, an indirection's target (NULL while a let's hole is
 * not filled), a constructor's or a thunk's fields; none for the rest (a
 * black hole's fields are dead: what it needs is on the stack). */
static inline struct node **node_pointers(struct node *node, uint32_t *count) {
  switch ((enum node_kind)node->kind) {
  case NODE_APP:
  case NODE_PAP:
    *count = 2;
    return &((struct node_app *)node)->left;
  case NODE_IND:
    *count = 1;
    return &((struct node_ind *)node)->target;
  case NODE_DATA:
  case NODE_THUNK:
    *count = node->arity;
    return ((struct node_data *)node)->fields;
  case NODE_NUM:
  case NODE_FUNCTION:
  case NODE_CAF:
  case NODE_BLACKHOLE:
    break;
  }
  *count = 0;
  return NULL;
}

/* Collections of both kinds. */
static inline uint64_t heap_collections(const struct heap_stats *stats) {
  return stats->minor.count + stats->major.count;
}

/* The heap of GM's machine, its constants one per constructor of its
 * program (which must be set). */
void heap_init(struct gmachine *gm, const struct heap_options *options);

/* A new node of WORDS words (2 to LAZYC_MAX_NODE_WORDS), its contents
 * unset, from the machine's own stack top: for the runtime's code. */
struct node *heap_alloc(struct gmachine *gm, uint32_t words);

/* The statistics, brought up to date: the fast path of allocation counts
 * nothing, the allocations are reckoned from the runs. */
const struct heap_stats *heap_statistics(struct gmachine *gm);

/* A major collection: mark from gm's roots (the stack up to
 * lazyc_machine.sp and the global nodes) and free the blocks left empty. */
void heap_collect(struct gmachine *gm);

/* A minor collection: mark the young nodes reachable from the roots and
 * the remembered set, and free the blocks left empty; a major one while
 * major collections run alone (with -G1, always). */
void heap_collect_minor(struct gmachine *gm);

/* Unmap every block and free the heap's own memory. */
void heap_release(struct gmachine *gm);

/* Seconds on a monotonic clock, for GC and total times. */
double clock_seconds(void);

#ifdef __cplusplus
}
#endif

#endif
