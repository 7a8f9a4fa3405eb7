/* heap - node allocation and mark-and-sweep collection over zones. */
#include "heap.h"

#include "eval.h"

#include "check.h"
#include "describe.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double clock_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

/* The number of cells of SIZE in BYTES, a block's worth at most: a
 * multiplication by the class's reciprocal, exact below 2^21 bytes (the
 * allocator's slow path runs once every few cells, a division is slow). */
static inline uint64_t cells_in(const struct size_class *size, uint64_t bytes) {
  return (bytes * size->cell_reciprocal) >> 32;
}

/* Count what the fast path allocated in the run of class CLS since the
 * last reckoning. */
static void reckon_run(struct gmachine *gm, uint32_t cls) {
  struct size_class *size = &gm->heap.classes[cls];
  char *free = gm->m.runs[cls].free;
  size->bytes_allocated += (uint64_t)(free - size->run_start);
  size->run_start = free;
}

static void reckon_allocations(struct gmachine *gm) {
  struct heap_stats *stats = &gm->heap.stats;
  stats->nodes_allocated = stats->bytes_allocated = 0;
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++) {
    if (!is_node_class(cls))
      continue;
    reckon_run(gm, cls);
    uint64_t bytes = gm->heap.classes[cls].bytes_allocated;
    stats->bytes_allocated += bytes;
    stats->nodes_allocated += bytes / (lazyc_class_words(cls) * GRANULE_BYTES);
  }
}

const struct heap_stats *heap_statistics(struct gmachine *gm) {
  reckon_allocations(gm);
  return &gm->heap.stats;
}

/* Allocations until the next collection.  The node count (the marked
 * nodes and those allocated since) may grow to the major threshold, the
 * doubling rule: as many allocations as bring it there end in a major
 * collection.  Before that, with generations, a minor collection comes
 * every nursery's worth (in a small heap, a quarter of the threshold at
 * most, so that the nursery does not double the heap), or every as many
 * as there are stack slots if that is more (every collection scans them:
 * a deep recursion would otherwise pay for its stack at every nursery).
 * With major collections alone, never fewer than HEAP_MIN_MAJOR_NODES, so
 * that a small heap does not collect over and over.  And when the stack
 * has HEAP_DEEP_STACK_FACTOR times as many slots as the heap has marked
 * nodes, no major collection comes before as many allocations as there
 * are slots: a deep recursion over a small heap would otherwise pay for
 * its whole stack every few allocations.  Stress and the options come
 * first. */
static void set_budget(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  uint64_t left = heap->major_threshold > heap->marked_nodes
                      ? heap->major_threshold - heap->marked_nodes
                      : 0;
  uint64_t budget;
  uint64_t roots = (uint64_t)(gm->m.sp - gm->stack);
  uint64_t stack_floor =
      roots > HEAP_DEEP_STACK_FACTOR * heap->marked_nodes ? roots : 0;
  if (heap->generational) {
    uint64_t nursery = heap->major_threshold / HEAP_NURSERIES_PER_MAJOR;
    if (nursery > heap->nursery)
      nursery = heap->nursery;
    budget = roots > nursery ? roots : nursery;
    heap->major_due = budget >= left;
    if (heap->major_due)
      budget = left > stack_floor ? left : stack_floor;
  } else {
    budget = left > HEAP_MIN_MAJOR_NODES ? left : HEAP_MIN_MAJOR_NODES;
    if (budget < stack_floor)
      budget = stack_floor;
  }
  if (heap->never_collect)
    heap->budget = UINT64_MAX;
  else if (heap->stress_interval)
    heap->budget = heap->stress_interval;
  else
    heap->budget = budget;
}

void heap_init(struct gmachine *gm, const struct heap_options *options) {
  const struct lazyc_program *program = gm->program;
  struct heap *heap = &gm->heap;
  *heap = (struct heap){
      .nursery =
          options->nursery_nodes ? options->nursery_nodes : HEAP_NURSERY_NODES,
      .major_threshold = HEAP_MIN_MAJOR_NODES,
      .two_generations = options->generations != 1,
      .judge_minors = true,
      /* Under stress, minor and major collections in turn from the start;
       * else major ones until the first, which starts the generations. */
      .generational = options->stress_interval != 0,
      .stress_interval = options->stress_interval,
      .never_collect = options->never_collect,
      .check = options->check,
      .under_valgrind = describe_running_on_memcheck(),
  };
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++) {
    gm->m.runs[cls] = (struct lazyc_run){0};
    if (!is_node_class(cls))
      continue;
    uint64_t bytes = lazyc_class_words(cls) * GRANULE_BYTES;
    heap->classes[cls].cell_reciprocal =
        (uint32_t)((((uint64_t)1 << 32) + bytes - 1) / bytes);
  }
  zone_init(&heap->zone, options->byte_limit);
  tenure_init(&heap->tenure, program, !options->no_pretenuring,
              options->stress_interval != 0);
  set_budget(gm);
  heap->constant_count = program->ctor_count;
  gm->m.constants = calloc(program->ctor_count + 1, sizeof *gm->m.constants);
  if (!gm->m.constants)
    rt_fatal("heap exhausted");
  for (uint32_t i = 0; i < program->ctor_count; i++)
    gm->m.constants[i] = lazyc_header(NODE_DATA, 0, i);
}

/* ---- Allocation ---------------------------------------------------------- */

/* The first marked cell at or after FROM, or END: a word of mark bits at a
 * time (only a cell's first granule is ever marked). */
static char *next_marked(struct block *block, char *from, char *end) {
  size_t granule = (size_t)(from - (char *)block) / GRANULE_BYTES;
  size_t word = granule / 64;
  if (word >= BLOCK_GRANULES / 64)
    return end;
  uint64_t bits = block->mark_bits[word] & (~(uint64_t)0 << (granule % 64));
  while (bits == 0) {
    if (++word == BLOCK_GRANULES / 64)
      return end;
    bits = block->mark_bits[word];
  }
  char *marked = (char *)block +
                 (word * 64 + (size_t)__builtin_ctzll(bits)) * GRANULE_BYTES;
  return marked < end ? marked : end;
}

/* The next run of unmarked cells of the current block, from the cursor on.
 * Under valgrind a run is one cell, so that each cell is described as it
 * becomes a node. */
static bool find_run(struct heap *heap, struct size_class *size,
                     struct lazyc_run *run) {
  struct block *block = size->current;
  size_t bytes = block->cell_bytes;
  char *end = block_cells_end(block);
  char *cell = run->free;
  while (cell < end && is_marked(cell))
    cell += bytes;
  if (cell >= end)
    return false;
  char *run_end = cell + bytes;
  if (heap->under_valgrind)
    describe_allocated(cell, bytes);
  else
    run_end = next_marked(block, run_end, end);
  size->run_start = run->free = run->end = cell;
  size->run_limit = run_end;
  return true;
}

/* A fresh block for SIZE, or false when the zone has none to give. */
static bool add_block(struct heap *heap, struct size_class *size,
                      struct lazyc_run *run, uint32_t words) {
  struct block *block = zone_acquire(&heap->zone, words * GRANULE_BYTES);
  if (!block)
    return false;
  block->next = size->blocks;
  size->blocks = block;
  size->current = block;
  size->run_start = run->free = run->end = size->run_limit = block_cells(block);
  if (heap->under_valgrind)
    describe_free(block_cells(block),
                  (size_t)(block_cells_end(block) - block_cells(block)));
  else
    size->run_limit = block_cells_end(block); /* nothing marked: one run */
  return true;
}

/* A block the last collection left with less than a quarter of its cells
 * free: its free runs are short and scattered, so allocation skips it
 * until a collection frees more of it. */
static bool nearly_full(const struct block *block) {
  size_t cells = (size_t)(block_cells_end((struct block *)block) -
                          block_cells((struct block *)block)) /
                 block->cell_bytes;
  return block->live_cells > cells / 4 * 3;
}

/* Find class CLS a new run of free cells: further on in its block, in a
 * block the last collection left cells free in, or in a new block;
 * collect once if the heap limit leaves no other way.  False if even
 * then there is none. */
static bool next_run(struct gmachine *gm, uint32_t cls) {
  struct heap *heap = &gm->heap;
  struct size_class *size = &heap->classes[cls];
  struct lazyc_run *run = &gm->m.runs[cls];
  reckon_run(gm, cls);
  bool collected = false;
  for (;;) {
    if (size->current && find_run(heap, size, run))
      return true;
    if (size->unscanned) {
      struct block *block = size->unscanned;
      size->unscanned = block->next;
      if (nearly_full(block))
        continue;
      size->current = block;
      run->free = block_cells(block);
      continue;
    }
    if (add_block(heap, size, run, lazyc_class_words(cls))) {
      if (run->free != size->run_limit || find_run(heap, size, run))
        return true;
      continue;
    }
    if (collected || heap->never_collect)
      return false;
    heap_collect(gm);
    collected = true;
  }
}

/* Hand the allocator as much of the current run of class CLS as the
 * budget allows (at least one cell: the budget is not spent, the run not
 * empty), but no more than a quarter of what is left: nodes of several
 * classes allocated in turn must not take the budget from each other at
 * every switch. */
static void grant(struct gmachine *gm, uint32_t cls) {
  struct heap *heap = &gm->heap;
  struct lazyc_run *run = &gm->m.runs[cls];
  uint64_t bytes = lazyc_class_words(cls) * GRANULE_BYTES;
  uint64_t cells =
      cells_in(&heap->classes[cls],
               (uint64_t)(heap->classes[cls].run_limit - run->free));
  uint64_t share = heap->budget / 4 ? heap->budget / 4 : 1;
  if (cells > share)
    cells = share;
  run->end = run->free + cells * bytes;
  heap->budget -= cells;
}

/* Return to the budget the cells granted to runs and not allocated yet:
 * the budget counts allocations exactly, whatever sizes they have. */
static void reclaim_grants(struct gmachine *gm) {
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++) {
    struct lazyc_run *run = &gm->m.runs[cls];
    gm->heap.budget +=
        cells_in(&gm->heap.classes[cls], (uint64_t)(run->end - run->free));
    run->end = run->free;
  }
}

static void collect_due(struct gmachine *gm);

/* Room in the run of class CLS for the node SITE allocates next, and the
 * class that has it: a tenured class that the heap limit leaves without
 * a block gives way to the other class of its size, whose blocks may
 * still have free cells. */
static uint32_t reserve(struct lazyc_machine *m, struct node **sp, uint32_t cls,
                        uint32_t site) {
  struct gmachine *gm = machine_of(m);
  m->sp = sp;
  if (gm->heap.budget == 0)
    reclaim_grants(gm);
  if (gm->heap.budget == 0)
    collect_due(gm);
  if (m->runs[cls].free == gm->heap.classes[cls].run_limit &&
      !next_run(gm, cls)) {
    if (cls < LAZYC_TENURED)
      rt_fatal("heap exhausted");
    return reserve(m, sp, cls - LAZYC_TENURED, site);
  }
  grant(gm, cls);
  if (site != LAZYC_NO_SITE)
    tenure_offer(&gm->heap.tenure, site, m->runs[cls].free);
  return cls;
}

void rt_reserve(struct lazyc_machine *m, struct node **sp, uint32_t words) {
  reserve(m, sp, words, LAZYC_NO_SITE);
}

/* Also the way of a tenured site's every allocation (codegen.cpp): the
 * run of its class may well have room. */
struct node *rt_alloc_slow(struct lazyc_machine *m, struct node **sp,
                           uint32_t cls, uint32_t site) {
  if (!lazyc_can_alloc(m, cls))
    cls = reserve(m, sp, cls, site);
  return lazyc_bump(m, cls, lazyc_class_words(cls));
}

struct node *heap_alloc(struct gmachine *gm, uint32_t words) {
  return lazyc_alloc(&gm->m, gm->m.sp, words);
}

/* ---- The remembered set ------------------------------------------------ */

__attribute__((noinline)) static void grow_list(struct node_list *list) {
  size_t capacity = list->capacity ? 2 * list->capacity : 1024;
  struct node **grown = realloc(list->nodes, capacity * sizeof *list->nodes);
  if (!grown)
    rt_fatal("heap exhausted");
  list->nodes = grown;
  list->capacity = capacity;
}

void rt_remember(struct lazyc_machine *m, struct node *node) {
  struct node_list *list = &machine_of(m)->heap.remembered;
  if (list->count == list->capacity)
    grow_list(list);
  list->nodes[list->count++] = node;
}

/* ---- Marking ------------------------------------------------------------- */

/* What a collection does to the ages of the nodes it marks.  Each is a
 * marking loop of its own (mark_with), the choice made once. */
enum marking {
  MARK_PROMOTE, /* generations: every node marked is old */
  MARK_YOUNG,   /* every node made young: generations paused */
  MARK_ONLY     /* ages untouched: one generation, every node young */
};

/* The state of one marking, kept in locals so that it stays in registers:
 * the fields still to scan (their addresses, so that scanning can point
 * them past indirections), the constants, which are never marked, and the
 * count of nodes marked. */
struct marker {
  struct node ***stack;
  size_t depth, capacity;
  uintptr_t constants, constants_bytes;
  uint64_t marked;
};

__attribute__((noinline)) static void grow(struct marker *m) {
  size_t capacity = m->capacity ? 2 * m->capacity : 4096;
  struct node ***grown = realloc(m->stack, capacity * sizeof *m->stack);
  if (!grown)
    rt_fatal("heap exhausted");
  m->stack = grown;
  m->capacity = capacity;
}

/* Remember to scan the node a field points to; fetch it meanwhile. */
static inline void push_field(struct marker *m, struct node **field) {
  if (!*field) /* an Alloc hole */
    return;
  __builtin_prefetch(*field);
  if (m->depth == m->capacity)
    grow(m);
  m->stack[m->depth++] = field;
}

/* Whether NODE is one of the constants, outside the heap. */
static inline bool is_constant(const struct marker *m,
                               const struct node *node) {
  return (uintptr_t)node - m->constants < m->constants_bytes;
}

/* A node a collection has just marked takes the age HOW gives it; ages are
 * written only when they change: no needless dirt. */
__attribute__((always_inline)) static inline void set_age(struct node *node,
                                                          enum marking how) {
  if (how == MARK_PROMOTE && node->age != LAZYC_OLD)
    node->age = LAZYC_OLD;
  else if (how == MARK_YOUNG && node->age != LAZYC_YOUNG)
    node->age = LAZYC_YOUNG;
}

/* Mark a node known unmarked, and give it the age HOW says. */
__attribute__((always_inline)) static inline void
set_mark(struct marker *m, struct node *node, enum marking how) {
  struct block *block = block_of(node);
  size_t granule = granule_of(node);
  block->mark_bits[granule / 64] |= (uint64_t)1 << (granule % 64);
  block->live_cells++;
  m->marked++;
  set_age(node, how);
}

/* Whether a marking stops at NODE: a constant, or marked already (old
 * nodes are marked before a minor collection starts). */
__attribute__((always_inline)) static inline bool
is_done(const struct marker *m, const struct node *node) {
  return is_constant(m, node) || is_marked(node);
}

__attribute__((always_inline)) static inline void
push_children(struct marker *m, struct node *node) {
  uint32_t count;
  struct node **fields = node_pointers(node, &count);
  for (uint32_t i = 0; i < count; i++)
    push_field(m, &fields[i]);
}

/* Scan a field: a node marked already is not even read (in a minor
 * collection, an old one: the boundary of what it traces); else point the
 * field past any indirections (an evaluated thunk's Ind then dies, and
 * nobody steps through it again), then mark its node. */
__attribute__((always_inline)) static inline void
scan_field(struct marker *m, struct node **field, enum marking how) {
  struct node *node = *field;
  if (is_done(m, node))
    return;
  if (node->kind == NODE_IND) {
    while (node->kind == NODE_IND && ((struct node_ind *)node)->target)
      node = ((struct node_ind *)node)->target;
    *field = node;
    if (is_done(m, node))
      return;
  }
  set_mark(m, node, how);
  push_children(m, node);
}

/* Roots are marked as they are: a stack slot must keep the very node that
 * Update will overwrite. */
__attribute__((always_inline)) static inline void
mark_root(struct marker *m, struct node *node, enum marking how) {
  if (!node || is_done(m, node))
    return;
  set_mark(m, node, how);
  push_children(m, node);
}

static void clear_marks(struct heap *heap) {
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++)
    for (struct block *b = heap->classes[cls].blocks; b; b = b->next) {
      memset(b->mark_bits, 0, sizeof b->mark_bits);
      b->live_cells = 0;
    }
}

/* Fields wait in a small ring between the mark stack and their scan, so
 * that the prefetch issued when they were pushed has time to arrive: the
 * heap is far bigger than the caches, and marking waits on memory. */
#define MARK_RING 16

/* Marks from the roots, and from REMEMBERED's nodes (for a minor
 * collection), treating ages as HOW says. */
__attribute__((always_inline)) static inline void
mark_with(struct gmachine *gm, struct marker *m,
          const struct node_list *remembered, enum marking how) {
  for (size_t i = 0; remembered && i < remembered->count; i++)
    push_children(m, remembered->nodes[i]);
  /* The stack four slots at a time: a deep recursion's can be mostly
   * empty slots (those a call empties, the mark each level leaves:
   * gcompile.cpp, codegen.cpp), skipped so. */
  struct node **slot = gm->stack;
  for (; gm->m.sp - slot >= 4; slot += 4)
    if ((uintptr_t)slot[0] | (uintptr_t)slot[1] | (uintptr_t)slot[2] |
        (uintptr_t)slot[3])
      for (int i = 0; i < 4; i++)
        mark_root(m, slot[i], how);
  for (; slot < gm->m.sp; slot++)
    mark_root(m, *slot, how);
  /* A global slot is NULL only while start-up is still creating them. */
  for (uint32_t i = 0; i < gm->program->global_count; i++)
    mark_root(m, gm->m.globals[i], how);
  struct node **ring[MARK_RING];
  unsigned first = 0, waiting = 0;
  for (;;) {
    while (waiting < MARK_RING && m->depth > 0)
      ring[(first + waiting++) % MARK_RING] = m->stack[--m->depth];
    if (waiting == 0)
      break;
    struct node **field = ring[first];
    first = (first + 1) % MARK_RING;
    waiting--;
    scan_field(m, field, how);
  }
}

/* Marks what the roots reach, and returns how many nodes it marked.  A
 * minor collection (MAJOR false) starts from the fields of the remembered
 * nodes too, and stops at old nodes.  Afterwards no old node points at a
 * young one (every node marked is old, or every node young): the
 * remembered set starts again empty. */
static uint64_t mark(struct gmachine *gm, bool major, enum marking how) {
  struct heap *heap = &gm->heap;
  struct marker m = {
      .stack = heap->mark_stack,
      .capacity = heap->mark_capacity,
      .constants = (uintptr_t)gm->m.constants,
      .constants_bytes = heap->constant_count * sizeof(struct node),
  };
  const struct node_list *remembered = major ? NULL : &heap->remembered;
  switch (how) {
  case MARK_PROMOTE:
    mark_with(gm, &m, remembered, MARK_PROMOTE);
    break;
  case MARK_YOUNG:
    mark_with(gm, &m, remembered, MARK_YOUNG);
    break;
  case MARK_ONLY:
    mark_with(gm, &m, remembered, MARK_ONLY);
    break;
  }
  heap->remembered.count = 0;
  heap->mark_stack = m.stack;
  heap->mark_capacity = m.capacity;
  return m.marked;
}

/* ---- Sweeping ------------------------------------------------------------ */

static void describe_dead_cells(struct block *block) {
  for (char *cell = block_cells(block); cell < block_cells_end(block);
       cell += block->cell_bytes)
    if (!is_marked(cell))
      describe_free(cell, block->cell_bytes);
}

/* Tenured class CLS, which no site allocates from any more, gives its
 * blocks (the long-lived nodes of sites that moved back) to the other
 * class of its size, whose allocations then fill their free cells; that
 * class is returned. */
static struct size_class *give_blocks_back(struct heap *heap, uint32_t cls) {
  struct size_class *tenured = &heap->classes[cls];
  struct size_class *size = &heap->classes[cls - LAZYC_TENURED];
  while (tenured->blocks) {
    struct block *block = tenured->blocks;
    tenured->blocks = block->next;
    block->next = size->blocks;
    size->blocks = block;
  }
  tenured->unscanned = NULL;
  return size;
}

/* Blocks without a live cell go back to the zone, which then trims its
 * pool (zone.h); the others wait for the allocator to find their free
 * cells.  A major collection sweeps every block and counts the marked
 * nodes; a minor one only the blocks that can hold young nodes, those the
 * allocator has been to since the last collection (each class's blocks up
 * to the first still unscanned: new blocks go first), and adds what it
 * MARKED.  Then the allocator starts again from each class's first
 * block. */
static void sweep(struct gmachine *gm, bool major, uint64_t marked) {
  struct heap *heap = &gm->heap;
  if (major)
    heap->marked_nodes = heap->marked_bytes = 0;
  else
    heap->marked_nodes += marked;
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++) {
    struct size_class *size = &heap->classes[cls];
    struct block *end = major ? NULL : size->unscanned;
    struct block **link = &size->blocks;
    while (*link != end) {
      struct block *block = *link;
      if (block->live_cells == 0) {
        *link = block->next;
        describe_free(block_cells(block),
                      (size_t)(block_cells_end(block) - block_cells(block)));
        zone_release(&heap->zone, block);
        continue;
      }
      if (major) {
        heap->marked_nodes += block->live_cells;
        heap->marked_bytes += (uint64_t)block->live_cells * block->cell_bytes;
      }
      if (heap->under_valgrind)
        describe_dead_cells(block);
      link = &block->next;
    }
    size->run_start = size->run_limit = NULL;
    size->current = NULL;
    gm->m.runs[cls] = (struct lazyc_run){0};
    if (cls >= LAZYC_TENURED &&
        !tenure_in_use(&heap->tenure, lazyc_class_words(cls)))
      size = give_blocks_back(heap, cls);
    size->unscanned = size->blocks;
  }
  zone_trim(&heap->zone);
}

/* Whether the next collections are to be minor ones (HEAP.generational),
 * after a collection of YOUNG allocations that took SECONDS and made
 * PROMOTED of them old.  What is compared is the collector's time per node
 * allocated, as measured.  Major collections alone mark the L live nodes
 * every max(L, HEAP_MIN_MAJOR_NODES) allocations, at the cost per node of
 * the last major collection.  With minor collections, each allocation
 * costs its share of a minor collection, and the nodes it makes old are
 * marked again by the next major collection.  The first minor collection
 * after a major one is not judged: the nodes that were being worked on
 * when the major one came are old, and hold on to what they are updated
 * with.  When minor collections cost HEAP_MINOR_MARGIN times as much as
 * major ones alone, they do not pay: major ones alone then run until
 * they have taken HEAP_PROBE_FACTOR times as long as the minor ones of the
 * failed try: trying again then costs a bounded share of the time. */
static void choose_mode(struct heap *heap, bool major, uint64_t young,
                        uint64_t promoted, double seconds) {
  if (major) {
    heap->live_at_major = heap->marked_nodes;
    heap->major_seconds = seconds;
    heap->minors_since_major = 0;
    heap->minor_seconds = 0;
    if (!heap->generational)
      heap->probe_wait -= seconds;
    return;
  }
  heap->minor_seconds += seconds;
  if (++heap->minors_since_major < 2 || heap->live_at_major == 0 ||
      young == 0 || !heap->judge_minors)
    return;
  double live = (double)heap->live_at_major;
  double period = live > HEAP_MIN_MAJOR_NODES ? live : HEAP_MIN_MAJOR_NODES;
  double alone = heap->major_seconds / period;
  double minors =
      (seconds + heap->major_seconds / live * (double)promoted) / (double)young;
  if (minors > HEAP_MINOR_MARGIN * alone) {
    heap->generational = false;
    heap->probe_wait = HEAP_PROBE_FACTOR * heap->minor_seconds;
  }
}

/* A collection of either kind; a major one clears the marks first. */
static void collect(struct gmachine *gm, bool major) {
  struct heap *heap = &gm->heap;
  if (heap->check)
    heap_check_generations(gm);
  double start = clock_seconds();
  reckon_allocations(gm);
  uint64_t young = heap->stats.nodes_allocated - heap->allocated_at_last;
  if (major)
    clear_marks(heap);
  enum marking how = MARK_PROMOTE;
  if (major && !heap->generational) {
    /* Major collections alone: with two generations, minor collections are
     * tried again once they have waited long enough, from this one on. */
    heap->generational = heap->two_generations && heap->probe_wait <= 0;
    how = heap->generational      ? MARK_PROMOTE
          : heap->two_generations ? MARK_YOUNG
                                  : MARK_ONLY;
  }
  uint64_t marked = mark(gm, major, how);
  tenure_judge(&heap->tenure, major);
  double mark_end = clock_seconds();
  sweep(gm, major, marked);
  double end = clock_seconds();
  heap->stats.mark_seconds += mark_end - start;
  heap->stats.sweep_seconds += end - mark_end;
  heap->stats.nodes_marked += marked;
  struct collection_stats *kind =
      major ? &heap->stats.major : &heap->stats.minor;
  kind->count++;
  kind->seconds += end - start;
  if (end - start > kind->longest_pause)
    kind->longest_pause = end - start;
  heap->allocated_at_last = heap->stats.nodes_allocated;
  if (major) {
    heap->major_threshold = 2 * heap->marked_nodes > HEAP_MIN_MAJOR_NODES
                                ? 2 * heap->marked_nodes
                                : HEAP_MIN_MAJOR_NODES;
    if (heap->marked_nodes > heap->stats.peak_live_nodes)
      heap->stats.peak_live_nodes = heap->marked_nodes;
    if (heap->marked_bytes > heap->stats.peak_live_bytes)
      heap->stats.peak_live_bytes = heap->marked_bytes;
  }
  if (!heap->stress_interval)
    choose_mode(heap, major, young, marked, end - start);
  set_budget(gm);
  if (heap->check) {
    heap_check(gm);
    heap_check_generations(gm);
  }
}

/* The collection the end of the budget calls for: major once the node
 * count reaches its threshold or while minor ones do not pay; under
 * stress, minor and major in turn, so that both are tried at every point. */
static void collect_due(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  bool major = heap->stress_interval ? heap_collections(&heap->stats) % 2 == 1
                                     : !heap->generational || heap->major_due;
  collect(gm, major);
}

void heap_collect(struct gmachine *gm) { collect(gm, true); }

void heap_collect_minor(struct gmachine *gm) {
  collect(gm, !gm->heap.generational);
}

void heap_release(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  zone_release_all(&heap->zone);
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++) {
    heap->classes[cls] = (struct size_class){0};
    gm->m.runs[cls] = (struct lazyc_run){0};
  }
  tenure_release(&heap->tenure);
  free(heap->mark_stack);
  heap->mark_stack = NULL;
  heap->mark_capacity = 0;
  free(heap->remembered.nodes);
  heap->remembered = (struct node_list){0};
  free(gm->m.constants);
  gm->m.constants = NULL;
}
