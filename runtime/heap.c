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

/* Count what the fast path allocated in the run of WORDS words since the
 * last reckoning. */
static void reckon_run(struct gmachine *gm, uint32_t words) {
  struct size_class *size = &gm->heap.classes[words];
  char *free = gm->m.runs[words].free;
  uint64_t bytes = (uint64_t)(free - size->run_start);
  gm->heap.stats.bytes_allocated += bytes;
  gm->heap.stats.nodes_allocated += bytes / (words * GRANULE_BYTES);
  size->run_start = free;
}

static void reckon_allocations(struct gmachine *gm) {
  for (uint32_t words = 2; words <= LAZYC_MAX_NODE_WORDS; words++)
    reckon_run(gm, words);
}

const struct heap_stats *heap_statistics(struct gmachine *gm) {
  reckon_allocations(gm);
  return &gm->heap.stats;
}

/* Allocations until the next collection: as many as survived the last
 * (at least the minimum), or as stress or the options say. */
static void set_budget(struct heap *heap, uint64_t survivors) {
  if (heap->never_collect)
    heap->budget = UINT64_MAX;
  else if (heap->stress_interval)
    heap->budget = heap->stress_interval;
  else
    heap->budget = survivors > HEAP_MIN_BUDGET ? survivors : HEAP_MIN_BUDGET;
}

void heap_init(struct gmachine *gm, const struct heap_options *options) {
  const struct lazyc_program *program = gm->program;
  struct heap *heap = &gm->heap;
  *heap = (struct heap){
      .stress_interval = options->stress_interval,
      .never_collect = options->never_collect,
      .check = options->check,
      .under_valgrind = describe_running_on_memcheck(),
  };
  for (uint32_t words = 0; words <= LAZYC_MAX_NODE_WORDS; words++)
    gm->m.runs[words] = (struct lazyc_run){0};
  zone_init(&heap->zone, options->byte_limit);
  set_budget(heap, HEAP_MIN_BUDGET);
  heap->constant_count = program->ctor_count;
  gm->m.constants = calloc(program->ctor_count + 1, sizeof *gm->m.constants);
  if (!gm->m.constants)
    rt_fatal("heap exhausted");
  for (uint32_t i = 0; i < program->ctor_count; i++)
    gm->m.constants[i] = lazyc_header(NODE_DATA, 0, i);
}

/* ---- Allocation ---------------------------------------------------------- */

static bool is_marked(const void *cell) {
  return block_bit(block_of(cell)->mark_bits, granule_of(cell));
}

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

/* Find the class of WORDS a new run of free cells: further on in its
 * block, in a block the last collection left cells free in, or in a new
 * block; collect once if the heap limit leaves no other way. */
static void next_run(struct gmachine *gm, uint32_t words) {
  struct heap *heap = &gm->heap;
  struct size_class *size = &heap->classes[words];
  struct lazyc_run *run = &gm->m.runs[words];
  reckon_run(gm, words);
  bool collected = false;
  for (;;) {
    if (size->current && find_run(heap, size, run))
      return;
    if (size->unscanned) {
      struct block *block = size->unscanned;
      size->unscanned = block->next;
      if (nearly_full(block))
        continue;
      size->current = block;
      run->free = block_cells(block);
      continue;
    }
    if (add_block(heap, size, run, words)) {
      if (run->free != size->run_limit || find_run(heap, size, run))
        return;
      continue;
    }
    if (collected || heap->never_collect)
      rt_fatal("heap exhausted");
    heap_collect(gm);
    collected = true;
  }
}

/* Hand the allocator as much of the current run of WORDS as the budget
 * allows (at least one cell: the budget is not spent, the run not empty),
 * but no more than a quarter of what is left: nodes of several sizes
 * allocated in turn must not take the budget from each other at every
 * switch. */
static void grant(struct gmachine *gm, uint32_t words) {
  struct heap *heap = &gm->heap;
  struct lazyc_run *run = &gm->m.runs[words];
  uint64_t bytes = words * GRANULE_BYTES;
  uint64_t cells =
      (uint64_t)(heap->classes[words].run_limit - run->free) / bytes;
  uint64_t share = heap->budget / 4 ? heap->budget / 4 : 1;
  if (cells > share)
    cells = share;
  run->end = run->free + cells * bytes;
  heap->budget -= cells;
}

/* Return to the budget the cells granted to runs and not allocated yet:
 * the budget counts allocations exactly, whatever sizes they have. */
static void reclaim_grants(struct gmachine *gm) {
  for (uint32_t words = 2; words <= LAZYC_MAX_NODE_WORDS; words++) {
    struct lazyc_run *run = &gm->m.runs[words];
    gm->heap.budget +=
        (uint64_t)(run->end - run->free) / (words * GRANULE_BYTES);
    run->end = run->free;
  }
}

struct node *rt_alloc_slow(struct lazyc_machine *m, struct node **sp,
                           uint32_t words) {
  struct gmachine *gm = machine_of(m);
  m->sp = sp;
  if (gm->heap.budget == 0)
    reclaim_grants(gm);
  if (gm->heap.budget == 0)
    heap_collect(gm);
  if (m->runs[words].free == gm->heap.classes[words].run_limit)
    next_run(gm, words);
  grant(gm, words);
  return lazyc_alloc(m, sp, words);
}

struct node *heap_alloc(struct gmachine *gm, uint32_t words) {
  return lazyc_alloc(&gm->m, gm->m.sp, words);
}

/* ---- Marking ------------------------------------------------------------- */

/* The state of one marking, kept in locals so that it stays in registers:
 * the fields still to scan (their addresses, so that scanning can point
 * them past indirections) and the constants, which are never marked. */
struct marker {
  struct node ***stack;
  size_t depth, capacity;
  uintptr_t constants, constants_bytes;
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

/* Set the mark bit of a node; false if it was set already. */
static inline bool mark_node(const struct marker *m, struct node *node) {
  if ((uintptr_t)node - m->constants < m->constants_bytes)
    return false;
  struct block *block = block_of(node);
  size_t granule = granule_of(node);
  uint64_t *word = &block->mark_bits[granule / 64];
  uint64_t bit = (uint64_t)1 << (granule % 64);
  if (*word & bit)
    return false;
  *word |= bit;
  block->live_cells++;
  return true;
}

static inline void push_children(struct marker *m, struct node *node) {
  switch ((enum node_kind)node->kind) {
  case NODE_APP:
  case NODE_PAP:
    push_field(m, &((struct node_app *)node)->left);
    push_field(m, &((struct node_app *)node)->right);
    break;
  case NODE_IND:
    push_field(m, &((struct node_ind *)node)->target);
    break;
  case NODE_DATA:
  case NODE_THUNK: {
    struct node_data *data = (struct node_data *)node;
    for (uint32_t i = 0; i < data->base.arity; i++)
      push_field(m, &data->fields[i]);
    break;
  }
  case NODE_NUM:
  case NODE_FUNCTION:
  case NODE_CAF:
  case NODE_BLACKHOLE:
    break;
  }
}

/* Scan a field: point it past any indirections (an evaluated thunk's Ind
 * then dies, and nobody steps through it again), then mark its node. */
static inline void scan_field(struct marker *m, struct node **field) {
  struct node *node = *field;
  if (node->kind == NODE_IND) {
    while (node->kind == NODE_IND && ((struct node_ind *)node)->target)
      node = ((struct node_ind *)node)->target;
    *field = node; /* written only when it changes: no needless dirt */
  }
  if (mark_node(m, node))
    push_children(m, node);
}

/* Roots are marked as they are: a stack slot must keep the very node that
 * Update will overwrite. */
static void mark_root(struct marker *m, struct node *node) {
  if (node && mark_node(m, node))
    push_children(m, node);
}

static void clear_marks(struct heap *heap) {
  for (uint32_t words = 2; words <= LAZYC_MAX_NODE_WORDS; words++)
    for (struct block *b = heap->classes[words].blocks; b; b = b->next) {
      memset(b->mark_bits, 0, sizeof b->mark_bits);
      b->live_cells = 0;
    }
}

/* Fields wait in a small ring between the mark stack and their scan, so
 * that the prefetch issued when they were pushed has time to arrive: the
 * heap is far bigger than the caches, and marking waits on memory. */
#define MARK_RING 16

static void mark(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  struct marker m = {
      .stack = heap->mark_stack,
      .capacity = heap->mark_capacity,
      .constants = (uintptr_t)gm->m.constants,
      .constants_bytes = heap->constant_count * sizeof(struct node),
  };
  for (struct node **slot = gm->stack; slot < gm->m.sp; slot++)
    mark_root(&m, *slot);
  /* A global slot is NULL only while start-up is still creating them. */
  for (uint32_t i = 0; i < gm->program->global_count; i++)
    mark_root(&m, gm->m.globals[i]);
  struct node **ring[MARK_RING];
  unsigned first = 0, waiting = 0;
  for (;;) {
    while (waiting < MARK_RING && m.depth > 0)
      ring[(first + waiting++) % MARK_RING] = m.stack[--m.depth];
    if (waiting == 0)
      break;
    struct node **field = ring[first];
    first = (first + 1) % MARK_RING;
    waiting--;
    scan_field(&m, field);
  }
  heap->mark_stack = m.stack;
  heap->mark_capacity = m.capacity;
}

/* ---- Sweeping ------------------------------------------------------------ */

static void describe_dead_cells(struct block *block) {
  for (char *cell = block_cells(block); cell < block_cells_end(block);
       cell += block->cell_bytes)
    if (!is_marked(cell))
      describe_free(cell, block->cell_bytes);
}

/* Blocks without a live cell go back to the zone; the others wait for the
 * allocator to find their free cells. */
static void sweep(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  heap->marked_nodes = heap->marked_bytes = 0;
  for (uint32_t words = 2; words <= LAZYC_MAX_NODE_WORDS; words++) {
    struct size_class *size = &heap->classes[words];
    struct block **link = &size->blocks;
    while (*link) {
      struct block *block = *link;
      if (block->live_cells == 0) {
        *link = block->next;
        describe_free(block_cells(block),
                      (size_t)(block_cells_end(block) - block_cells(block)));
        zone_release(&heap->zone, block);
        continue;
      }
      heap->marked_nodes += block->live_cells;
      heap->marked_bytes += (uint64_t)block->live_cells * block->cell_bytes;
      if (heap->under_valgrind)
        describe_dead_cells(block);
      link = &block->next;
    }
    *size =
        (struct size_class){.blocks = size->blocks, .unscanned = size->blocks};
    gm->m.runs[words] = (struct lazyc_run){0};
  }
}

void heap_collect(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  double start = clock_seconds();
  reckon_allocations(gm);
  clear_marks(heap);
  mark(gm);
  double marked = clock_seconds();
  sweep(gm);
  heap->stats.mark_seconds += marked - start;
  heap->stats.sweep_seconds += clock_seconds() - marked;
  heap->stats.collections++;
  heap->stats.nodes_marked += heap->marked_nodes;
  if (heap->marked_nodes > heap->stats.peak_live_nodes)
    heap->stats.peak_live_nodes = heap->marked_nodes;
  if (heap->marked_bytes > heap->stats.peak_live_bytes)
    heap->stats.peak_live_bytes = heap->marked_bytes;
  set_budget(heap, heap->marked_nodes);
  if (heap->check)
    heap_check(gm);
}

void heap_release(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  zone_release_all(&heap->zone);
  for (uint32_t words = 2; words <= LAZYC_MAX_NODE_WORDS; words++) {
    heap->classes[words] = (struct size_class){0};
    gm->m.runs[words] = (struct lazyc_run){0};
  }
  free(heap->mark_stack);
  heap->mark_stack = NULL;
  heap->mark_capacity = 0;
  free(gm->m.constants);
  gm->m.constants = NULL;
}
