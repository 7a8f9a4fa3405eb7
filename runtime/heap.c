/* heap - node allocation, tracking and mark-and-sweep collection. */
#include "heap.h"

#include "error.h"

#include <stdlib.h>
#include <time.h>

/* Update overwrites an App or a Global with an Ind, and holes are allocated
 * this large too, so an Ind always occupies this many bytes. */
#define IND_BYTES sizeof(struct node_app)
_Static_assert(sizeof(struct node_global) == IND_BYTES, "CAF update");
_Static_assert(sizeof(struct node_ind) <= IND_BYTES, "hole size");

double clock_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

size_t node_bytes(const struct node *node) {
  switch ((enum node_kind)node->kind) {
  case NODE_APP:
  case NODE_IND:
  case NODE_BLACKHOLE:
    return IND_BYTES;
  case NODE_NUM:
    return sizeof(struct node_num);
  case NODE_GLOBAL:
    return sizeof(struct node_global);
  case NODE_DATA:
    return sizeof(struct node_data) +
           ((const struct node_data *)node)->arity * sizeof(struct node *);
  }
  rt_fatal("corrupt heap node");
}

void heap_init(struct heap *heap, const struct heap_options *options) {
  *heap = (struct heap){
      .collect_threshold = options->never_collect ? UINT64_MAX
                                                  : HEAP_MIN_COLLECT_THRESHOLD,
      .byte_limit = options->byte_limit,
      .stress_interval = options->stress_interval,
      .until_stress = options->stress_interval,
      .never_collect = options->never_collect,
  };
}

/* Whether this allocation is one that GC stress collects at. */
static bool stress_due(struct heap *heap) {
  if (heap->stress_interval == 0 || --heap->until_stress != 0)
    return false;
  heap->until_stress = heap->stress_interval;
  return true;
}

static bool exceeds_limit(const struct heap *heap, size_t bytes) {
  return heap->byte_limit != 0 &&
         heap->tracked_bytes + bytes > heap->byte_limit;
}

static void count_allocation(struct heap *heap, size_t bytes) {
  struct heap_stats *stats = &heap->stats;
  heap->tracked_nodes++;
  heap->tracked_bytes += bytes;
  stats->nodes_allocated++;
  stats->bytes_allocated += bytes;
  if (heap->tracked_bytes > stats->peak_heap_bytes)
    stats->peak_heap_bytes = heap->tracked_bytes;
}

struct node *heap_alloc(struct gmachine *gm, enum node_kind kind,
                        size_t bytes) {
  struct heap *heap = &gm->heap;
  if (stress_due(heap) || heap->tracked_nodes >= heap->collect_threshold ||
      (exceeds_limit(heap, bytes) && !heap->never_collect))
    heap_collect(gm);
  if (exceeds_limit(heap, bytes))
    rt_fatal("heap exhausted");
  struct node *node = malloc(bytes);
  if (!node)
    rt_fatal("heap exhausted");
  node->kind = (uint8_t)kind;
  node->marked = 0;
  node->gc_next = heap->tracked;
  heap->tracked = node;
  count_allocation(heap, bytes);
  return node;
}

/* Gray a node: mark it and remember to scan its children. */
static void mark_push(struct heap *heap, size_t *depth, struct node *node) {
  if (!node || node->marked) /* NULL: an Alloc hole not yet filled */
    return;
  node->marked = 1;
  if (*depth == heap->mark_capacity) {
    size_t capacity = heap->mark_capacity ? 2 * heap->mark_capacity : 1024;
    struct node **grown =
        realloc(heap->mark_stack, capacity * sizeof *heap->mark_stack);
    if (!grown)
      rt_fatal("heap exhausted");
    heap->mark_stack = grown;
    heap->mark_capacity = capacity;
  }
  heap->mark_stack[(*depth)++] = node;
}

static void mark_children(struct heap *heap, size_t *depth,
                          const struct node *node) {
  switch ((enum node_kind)node->kind) {
  case NODE_APP: {
    const struct node_app *app = (const struct node_app *)node;
    mark_push(heap, depth, app->left);
    mark_push(heap, depth, app->right);
    break;
  }
  case NODE_IND:
    mark_push(heap, depth, ((const struct node_ind *)node)->target);
    break;
  case NODE_DATA: {
    const struct node_data *data = (const struct node_data *)node;
    for (uint32_t i = 0; i < data->arity; i++)
      mark_push(heap, depth, data->fields[i]);
    break;
  }
  case NODE_NUM:
  case NODE_GLOBAL:
  case NODE_BLACKHOLE:
    break;
  }
}

static void mark(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  size_t depth = 0;
  for (struct node **slot = gm->stack; slot < gm->sp; slot++)
    mark_push(heap, &depth, *slot);
  /* A global slot is NULL only while start-up is still creating them. */
  for (uint32_t i = 0; i < gm->program->global_count; i++)
    mark_push(heap, &depth, gm->globals[i]);
  while (depth > 0)
    mark_children(heap, &depth, heap->mark_stack[--depth]);
}

/* Free the unmarked nodes, unmark the others for the next collection. */
static void sweep(struct heap *heap) {
  heap->tracked_nodes = 0;
  heap->tracked_bytes = 0;
  struct node **link = &heap->tracked;
  while (*link) {
    struct node *node = *link;
    if (node->marked) {
      node->marked = 0;
      heap->tracked_nodes++;
      heap->tracked_bytes += node_bytes(node);
      link = &node->gc_next;
    } else {
      *link = node->gc_next;
      free(node);
    }
  }
}

void heap_collect(struct gmachine *gm) {
  struct heap *heap = &gm->heap;
  double start = clock_seconds();
  mark(gm);
  sweep(heap);
  if (!heap->never_collect) {
    heap->collect_threshold = 2 * heap->tracked_nodes;
    if (heap->collect_threshold < HEAP_MIN_COLLECT_THRESHOLD)
      heap->collect_threshold = HEAP_MIN_COLLECT_THRESHOLD;
  }
  heap->stats.collections++;
  if (heap->tracked_nodes > heap->stats.peak_live_nodes)
    heap->stats.peak_live_nodes = heap->tracked_nodes;
  heap->stats.gc_seconds += clock_seconds() - start;
}

void heap_release(struct heap *heap) {
  while (heap->tracked) {
    struct node *next = heap->tracked->gc_next;
    free(heap->tracked);
    heap->tracked = next;
  }
  heap->tracked_nodes = 0;
  heap->tracked_bytes = 0;
  free(heap->mark_stack);
  heap->mark_stack = NULL;
  heap->mark_capacity = 0;
}
