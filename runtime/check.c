/* check - verifying the heap after a collection. */
#include "check.h"

#include "error.h"
#include "eval.h"

#include <stdlib.h>

typedef uint64_t block_bits[BLOCK_GRANULES / 64];

struct checker {
  struct gmachine *gm;
  struct block **blocks; /* every block in use, by address */
  block_bits *visited;   /* one bitmap per block */
  size_t block_count;
  struct node **pending;
  size_t pending_count, pending_capacity;
};

static int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (struct block *const *)a;
  uintptr_t y = (uintptr_t) * (struct block *const *)b;
  return x < y ? -1 : x > y;
}

static void collect_blocks(struct checker *checker) {
  struct heap *heap = &checker->gm->heap;
  size_t capacity = heap->zone.blocks_in_use + 1;
  checker->blocks = malloc(capacity * sizeof *checker->blocks);
  if (!checker->blocks)
    rt_fatal("heap exhausted");
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++)
    for (struct block *b = heap->classes[cls].blocks; b; b = b->next) {
      if (checker->block_count == capacity)
        rt_fatal("heap check failed: a block is listed twice");
      if (b->cell_bytes != lazyc_class_words(cls) * GRANULE_BYTES)
        rt_fatal("heap check failed: a block is in the class of another "
                 "size");
      checker->blocks[checker->block_count++] = b;
    }
  qsort(checker->blocks, checker->block_count, sizeof *checker->blocks,
        by_address);
  checker->visited = calloc(checker->block_count + 1, sizeof(block_bits));
  if (!checker->visited)
    rt_fatal("heap exhausted");
}

/* The visited bits of BLOCK, or NULL if it is not in use. */
static uint64_t *visited_bits(const struct checker *checker,
                              const struct block *block) {
  size_t low = 0, high = checker->block_count;
  while (low < high) {
    size_t middle = (low + high) / 2;
    if (checker->blocks[middle] == block)
      return checker->visited[middle];
    if ((uintptr_t)checker->blocks[middle] < (uintptr_t)block)
      low = middle + 1;
    else
      high = middle;
  }
  return NULL;
}

/* Whether NODE is one of GM's constants, which are outside the heap. */
static bool is_constant(const struct gmachine *gm, const struct node *node) {
  return (uintptr_t)node - (uintptr_t)gm->m.constants <
         gm->heap.constant_count * sizeof(struct node);
}

/* Check one pointer to a node and queue the node if it is new. */
static void visit(struct checker *checker, struct node *node) {
  if (!node || is_constant(checker->gm, node))
    return;
  struct block *block = block_of(node);
  uint64_t *visited = visited_bits(checker, block);
  if (!visited)
    rt_fatal("heap check failed: a pointer outside the heap");
  char *cell = (char *)node;
  if (cell < block_cells(block) || cell >= block_cells_end(block) ||
      (size_t)(cell - block_cells(block)) % block->cell_bytes != 0)
    rt_fatal("heap check failed: a pointer into a cell");
  size_t granule = granule_of(node);
  if (!block_bit(block->mark_bits, granule))
    rt_fatal("heap check failed: a pointer to a free cell");
  if (block_bit(visited, granule))
    return;
  set_block_bit(visited, granule);
  if (checker->pending_count == checker->pending_capacity) {
    size_t capacity =
        checker->pending_capacity ? 2 * checker->pending_capacity : 4096;
    struct node **grown =
        realloc(checker->pending, capacity * sizeof *checker->pending);
    if (!grown)
      rt_fatal("heap exhausted");
    checker->pending = grown;
    checker->pending_capacity = capacity;
  }
  checker->pending[checker->pending_count++] = node;
}

static void visit_children(struct checker *checker, struct node *node) {
  if (node->kind > NODE_BLACKHOLE)
    rt_fatal("heap check failed: a node of no known kind");
  if (node->kind == NODE_THUNK) {
    const struct lazyc_program *program = checker->gm->program;
    if (node->tag >= program->global_count ||
        node->arity != program->globals[node->tag].arity)
      rt_fatal("heap check failed: a thunk of no known function");
  }
  uint32_t count;
  struct node **fields = node_pointers(node, &count);
  for (uint32_t i = 0; i < count; i++)
    visit(checker, fields[i]);
}

void heap_check(struct gmachine *gm) {
  if (!tenure_check(&gm->heap.tenure))
    rt_fatal("heap check failed: an allocation site is in the class of "
             "another size");
  struct checker checker = {.gm = gm};
  collect_blocks(&checker);
  for (struct node **slot = gm->stack; slot < gm->m.sp; slot++)
    visit(&checker, *slot);
  for (uint32_t i = 0; i < gm->program->global_count; i++)
    visit(&checker, gm->m.globals[i]);
  while (checker.pending_count > 0)
    visit_children(&checker, checker.pending[--checker.pending_count]);
  free(checker.blocks);
  free(checker.visited);
  free(checker.pending);
}

/* Whether NODE points at a node of the heap that is not old (the
 * constants are ageless). */
static bool node_points_at_young(const struct gmachine *gm, struct node *node) {
  uint32_t count;
  struct node **fields = node_pointers(node, &count);
  for (uint32_t i = 0; i < count; i++) {
    const struct node *field = fields[i];
    if (field && !is_constant(gm, field) && field->age != LAZYC_OLD)
      return true;
  }
  return false;
}

static int by_node_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (struct node *const *)a;
  uintptr_t y = (uintptr_t) * (struct node *const *)b;
  return x < y ? -1 : x > y;
}

void heap_check_generations(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  size_t count = heap->remembered.count;
  struct node **remembered = malloc((count + 1) * sizeof *remembered);
  if (!remembered)
    rt_fatal("heap exhausted");
  for (size_t i = 0; i < count; i++)
    remembered[i] = heap->remembered.nodes[i];
  qsort(remembered, count, sizeof *remembered, by_node_address);
  for (uint32_t cls = 0; cls < LAZYC_CLASSES; cls++)
    for (struct block *b = heap->classes[cls].blocks; b; b = b->next)
      for (char *cell = block_cells(b); cell < block_cells_end(b);
           cell += b->cell_bytes) {
        struct node *node = (struct node *)cell;
        if (block_bit(b->mark_bits, granule_of(cell)) &&
            node->age == LAZYC_OLD && node_points_at_young(gm, node) &&
            !bsearch(&node, remembered, count, sizeof *remembered,
                     by_node_address))
          rt_fatal("heap check failed: an old node points at a young one "
                   "outside the remembered set");
      }
  free(remembered);
}
