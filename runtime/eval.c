/* eval - the G-machine: its stack, the rt_* instructions and unwind. */
#include "eval.h"

#include "error.h"
#include "heap.h"

#include <stdlib.h>

/* ---- Machine ------------------------------------------------------------- */

/* The size of a node type in words, as the heap counts. */
#define WORDS(type) ((uint32_t)(sizeof(type) / sizeof(void *)))

static struct node header(enum node_kind kind) {
  return (struct node){.kind = (uint8_t)kind};
}

static struct node *new_global(struct gmachine *gm, uint32_t index) {
  const struct lazyc_global_info *info = &gm->program->globals[index];
  struct node_global *global =
      (struct node_global *)heap_alloc(gm, WORDS(struct node_global));
  global->base = header(NODE_GLOBAL);
  global->code = info->code;
  global->arity = info->arity;
  global->index = index;
  return &global->base;
}

void machine_init(struct gmachine *gm, const struct lazyc_program *program,
                  const struct machine_options *options) {
  *gm = (struct gmachine){.program = program,
                          .stack_bytes = options->stack_bytes};
  gm->stack = guarded_stack_map(&gm->stack_bytes, GUARD_ABOVE);
  gm->sp = gm->stack;
  heap_init(&gm->heap, &options->heap, program);
  error_attach_machine(gm);
  /* calloc: the collector skips the slots not created yet. */
  gm->globals = calloc(program->global_count, sizeof *gm->globals);
  if (!gm->globals && program->global_count != 0)
    rt_fatal("heap exhausted");
  for (uint32_t i = 0; i < program->global_count; i++)
    gm->globals[i] = new_global(gm, i);
}

void machine_push_main(struct gmachine *gm) {
  uint32_t index = gm->program->main_index;
  if (gm->program->main_is_referenced) {
    rt_push_global(gm, index);
  } else {
    struct node *main_node = new_global(gm, index);
    *gm->sp++ = main_node;
  }
}

void machine_release(struct gmachine *gm) {
  error_detach_machine(gm);
  heap_release(&gm->heap);
  free(gm->globals);
  gm->globals = NULL;
  free(gm->show_entries);
  gm->show_entries = NULL;
  gm->show_capacity = 0;
  guarded_stack_unmap(gm->stack, gm->stack_bytes, GUARD_ABOVE);
  gm->stack = gm->sp = NULL;
}

/* ---- Stack instructions -------------------------------------------------- */

void rt_push(struct gmachine *gm, uint64_t n) {
  struct node *node = gm->sp[-1 - (ptrdiff_t)n];
  *gm->sp++ = node;
}

void rt_push_int(struct gmachine *gm, int64_t value) {
  struct node_num *num =
      (struct node_num *)heap_alloc(gm, WORDS(struct node_num));
  num->base = header(NODE_NUM);
  num->value = value;
  *gm->sp++ = &num->base;
}

void rt_push_global(struct gmachine *gm, uint32_t index) {
  *gm->sp++ = gm->globals[index];
}

/* Allocation comes first everywhere: it may collect, and the operands are
 * safe from the collector only while they are on the stack. */
void rt_mkapp(struct gmachine *gm) {
  struct node_app *app =
      (struct node_app *)heap_alloc(gm, WORDS(struct node_app));
  app->base = header(NODE_APP);
  app->left = gm->sp[-1];
  app->right = gm->sp[-2];
  gm->sp--;
  gm->sp[-1] = &app->base;
}

void rt_slide(struct gmachine *gm, uint64_t n) {
  struct node *top = gm->sp[-1];
  gm->sp -= n;
  gm->sp[-1] = top;
}

void rt_pop(struct gmachine *gm, uint64_t n) { gm->sp -= n; }

/* Past indirections, stopping at a hole not filled yet. */
static struct node *resolve(struct node *node) {
  while (node->kind == NODE_IND && ((struct node_ind *)node)->target)
    node = ((struct node_ind *)node)->target;
  return node;
}

void rt_update(struct gmachine *gm, uint64_t n) {
  struct node *value = resolve(*--gm->sp);
  struct node *redex = gm->sp[-1 - (ptrdiff_t)n];
  /* A value that is its own redex was defined as itself (x = x): an error
   * now, unless it is a local value's hole, which only fails if used: it
   * becomes a black hole, which evaluation reports. */
  if (value == redex) {
    bool hole = redex->kind == NODE_IND && !((struct node_ind *)redex)->target;
    if (!hole)
      rt_fatal("<<loop>>");
    redex->kind = NODE_BLACKHOLE;
    return;
  }
  redex->kind = NODE_IND;
  ((struct node_ind *)redex)->target = value;
}

void rt_pack(struct gmachine *gm, uint32_t ctor, uint32_t arity) {
  if (arity == 0) {
    *gm->sp++ = heap_constant(&gm->heap, ctor);
    return;
  }
  struct node_data *data = (struct node_data *)heap_alloc(gm, 1 + arity);
  data->base = (struct node){
      .kind = NODE_DATA, .arity = (uint8_t)arity, .tag = ctor};
  for (uint32_t i = 0; i < arity; i++)
    data->fields[i] = gm->sp[-1 - (ptrdiff_t)i];
  gm->sp -= arity;
  *gm->sp++ = &data->base;
}

void rt_split(struct gmachine *gm, uint32_t arity) {
  struct node_data *data = (struct node_data *)resolve(*--gm->sp);
  for (uint32_t i = arity; i-- > 0;)
    *gm->sp++ = data->fields[i];
}

uint32_t rt_ctor_tag(struct gmachine *gm) {
  return resolve(gm->sp[-1])->tag;
}

void rt_alloc(struct gmachine *gm, uint64_t n) {
  for (uint64_t i = 0; i < n; i++) {
    struct node_ind *hole =
        (struct node_ind *)heap_alloc(gm, WORDS(struct node_ind));
    hole->base = header(NODE_IND);
    hole->target = NULL;
    *gm->sp++ = &hole->base;
  }
}

void rt_no_match(struct gmachine *gm) {
  (void)gm;
  rt_fatal("no matching case branch");
}

/* ---- Arithmetic ---------------------------------------------------------- */

/* Wrap-around and the two cases C leaves undefined are spelled out: the
 * language has no overflow errors. */
static int64_t apply_arithmetic(uint32_t op, int64_t a, int64_t b) {
  switch ((enum lazyc_binop)op) {
  case BINOP_ADD:
    return (int64_t)((uint64_t)a + (uint64_t)b);
  case BINOP_SUB:
    return (int64_t)((uint64_t)a - (uint64_t)b);
  case BINOP_MUL:
    return (int64_t)((uint64_t)a * (uint64_t)b);
  case BINOP_DIV:
    if (b == 0)
      rt_fatal("division by zero");
    return b == -1 ? (int64_t)(0 - (uint64_t)a) : a / b; /* INT64_MIN / -1 */
  case BINOP_MOD:
    if (b == 0)
      rt_fatal("division by zero");
    return b == -1 ? 0 : a % b; /* INT64_MIN % -1 */
  default:
    rt_fatal("unknown binary operator");
  }
}

static bool compare(uint32_t op, int64_t a, int64_t b) {
  switch ((enum lazyc_binop)op) {
  case BINOP_EQ:
    return a == b;
  case BINOP_NE:
    return a != b;
  case BINOP_LT:
    return a < b;
  case BINOP_LE:
    return a <= b;
  case BINOP_GT:
    return a > b;
  case BINOP_GE:
    return a >= b;
  default:
    rt_fatal("unknown comparison");
  }
}

static int64_t number_value(struct node *node) {
  return ((struct node_num *)resolve(node))->value;
}

int64_t rt_int_value(struct gmachine *gm) { return number_value(gm->sp[-1]); }

void rt_binop(struct gmachine *gm, uint32_t op) {
  int64_t b = number_value(gm->sp[-1]);
  int64_t a = number_value(gm->sp[-2]);
  gm->sp -= 2;
  if (op >= BINOP_EQ)
    *gm->sp++ = heap_constant(
        &gm->heap, compare(op, a, b) ? LAZYC_CTOR_TRUE : LAZYC_CTOR_FALSE);
  else
    rt_push_int(gm, apply_arithmetic(op, a, b));
}

/* ---- Unwind -------------------------------------------------------------- */

/* [.., a_n, .., a_1, g] becomes [.., a_n, e_n, .., e_1] where e_i is the
 * argument of the application a_i: the arguments on top, first one on top,
 * and the redex root a_n below them for Update. */
static void rearrange(struct gmachine *gm, uint32_t arity) {
  struct node **sp = gm->sp;
  for (uint32_t i = 1; i <= arity; i++)
    sp[-(ptrdiff_t)i] = ((struct node_app *)sp[-1 - (ptrdiff_t)i])->right;
}

void rt_eval(struct gmachine *gm) {
  struct node **base = gm->sp - 1;
  for (;;) {
    struct node *top = gm->sp[-1];
    switch ((enum node_kind)top->kind) {
    case NODE_APP:
      *gm->sp++ = ((struct node_app *)top)->left;
      break;
    case NODE_IND: {
      struct node *target = ((struct node_ind *)top)->target;
      /* A hole evaluated while its let is still being defined. */
      if (!target)
        rt_fatal("<<loop>>");
      gm->sp[-1] = target;
      break;
    }
    case NODE_NUM:
    case NODE_DATA:
      *base = top;
      gm->sp = base + 1;
      return;
    case NODE_GLOBAL: {
      const struct node_global *global = (const struct node_global *)top;
      uint32_t arity = global->arity;
      lazyc_code code = global->code;
      if ((uint64_t)(gm->sp - 1 - base) < arity) {
        /* A partial application: the spine root at base is the value. */
        gm->sp = base + 1;
        return;
      }
      rearrange(gm, arity);
      /* The redex root (the global itself for a CAF) has given its
       * arguments to the stack; until Update overwrites it, meeting it
       * again means its value depends on itself. */
      gm->sp[-1 - (ptrdiff_t)arity]->kind = NODE_BLACKHOLE;
      /* Leaves the redex root, now an Ind, on top. */
      code(gm);
      break;
    }
    case NODE_BLACKHOLE:
      rt_fatal("<<loop>>");
    }
  }
}
