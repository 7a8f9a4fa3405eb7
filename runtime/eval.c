/* eval - the G-machine: its state, its stack, and rt_eval, the unwind loop. */
#include "eval.h"

#include "error.h"
#include "heap.h"

#include <stddef.h>
#include <stdlib.h>

_Static_assert(offsetof(struct gmachine, m) == 0,
               "generated code's view of the machine comes first");

/* ---- Machine ------------------------------------------------------------- */

static struct node *new_global(struct gmachine *gm, uint32_t index) {
  const struct lazyc_global_info *info = &gm->program->globals[index];
  struct node_global *global = (struct node_global *)lazyc_alloc(
      &gm->m, gm->m.sp, LAZYC_WORDS(struct node_global));
  global->base = lazyc_header(NODE_GLOBAL, 0, 0);
  global->entry = info->entry;
  global->arity = info->arity;
  global->index = index;
  return &global->base;
}

void machine_init(struct gmachine *gm, const struct lazyc_program *program,
                  const struct machine_options *options) {
  *gm = (struct gmachine){.program = program,
                          .stack_bytes = options->stack_bytes};
  gm->stack = guarded_stack_map(&gm->stack_bytes, GUARD_ABOVE);
  gm->m.sp = gm->stack;
  gm->m.info = program->globals;
  heap_init(gm, &options->heap);
  error_attach_machine(gm);
  /* calloc: the collector skips the slots not created yet. */
  gm->m.globals = calloc(program->global_count, sizeof *gm->m.globals);
  if (!gm->m.globals && program->global_count != 0)
    rt_fatal("heap exhausted");
  for (uint32_t i = 0; i < program->global_count; i++)
    gm->m.globals[i] = new_global(gm, i);
}

void machine_push_main(struct gmachine *gm) {
  uint32_t index = gm->program->main_index;
  struct node *main_node = gm->program->main_is_referenced
                               ? gm->m.globals[index]
                               : new_global(gm, index);
  *gm->m.sp++ = main_node;
}

void machine_release(struct gmachine *gm) {
  error_detach_machine(gm);
  heap_release(gm);
  free(gm->m.globals);
  gm->m.globals = NULL;
  free(gm->show_entries);
  gm->show_entries = NULL;
  gm->show_capacity = 0;
  guarded_stack_unmap(gm->stack, gm->stack_bytes, GUARD_ABOVE);
  gm->stack = gm->m.sp = NULL;
}

void machine_eval_top(struct gmachine *gm) {
  /* Evaluation moves lazyc_machine.sp (to wherever a collection found the
   * top); the runtime's own top is where it was. */
  struct node **sp = gm->m.sp;
  sp[-1] = rt_eval(&gm->m, sp, sp[-1]);
  gm->m.sp = sp;
}

/* ---- Errors of evaluation ------------------------------------------------ */

void rt_no_match(void) { rt_fatal("no matching case branch"); }

void rt_divide_by_zero(void) { rt_fatal("division by zero"); }

struct node *rt_resolve_update(struct node *root, struct node *value) {
  while (value->kind == NODE_IND && ((struct node_ind *)value)->target)
    value = ((struct node_ind *)value)->target;
  /* A redex whose value is itself (x = x, or a = b with b = a). */
  if (value == root)
    rt_fatal("<<loop>>");
  return value;
}

/* ---- Unwind -------------------------------------------------------------- */

/* [.., a_n, .., a_1, g] becomes [.., a_n, e_n, .., e_1] where e_i is the
 * argument of the application a_i: the arguments on top, first one on top,
 * and the redex root a_n below them for the update. */
static void rearrange(struct node **sp, uint32_t arity) {
  for (uint32_t i = 1; i <= arity; i++)
    sp[-(ptrdiff_t)i] = ((struct node_app *)sp[-1 - (ptrdiff_t)i])->right;
}

struct node *rt_eval(struct lazyc_machine *m, struct node **sp,
                     struct node *node) {
  const struct lazyc_program *program = machine_of(m)->program;
  struct node **base = sp;
  *sp++ = node;
  for (;;) {
    struct node *top = sp[-1];
    switch ((enum node_kind)top->kind) {
    case NODE_DATA:
    case NODE_NUM:
      return top;
    case NODE_APP:
      *sp++ = ((struct node_app *)top)->left;
      break;
    case NODE_IND: {
      struct node *target = ((struct node_ind *)top)->target;
      /* A hole evaluated while its let is still being defined. */
      if (!target)
        rt_fatal("<<loop>>");
      sp[-1] = target;
      break;
    }
    case NODE_THUNK:
      sp[-1] = program->globals[top->tag].thunk(m, sp, top);
      break;
    case NODE_GLOBAL: {
      const struct node_global *global = (const struct node_global *)top;
      uint32_t arity = global->arity;
      if ((uint64_t)(sp - 1 - base) < arity)
        return *base; /* a partial application: the spine is the value */
      lazyc_code entry = global->entry;
      rearrange(sp, arity);
      /* The root has given its arguments to the stack: until its entry
       * updates it, meeting it again means its value depends on itself. */
      lazyc_blackhole(sp[-1 - (ptrdiff_t)arity]);
      struct node *value = entry(m, sp);
      sp -= arity;
      sp[-1] = value;
      break;
    }
    case NODE_BLACKHOLE:
      rt_fatal("<<loop>>");
    }
  }
}

/* ---- Apply --------------------------------------------------------------- */

struct node *rt_apply(struct lazyc_machine *m, struct node **sp, uint32_t n) {
  for (;;) {
    /* sp[-1] is the function, sp[-2] .. sp[-1-n] its arguments. */
    struct node *f = sp[-1] = lazyc_eval(m, sp, sp[-1]);
    /* A function value: a global, or a spine of k applications onto one. */
    uint32_t k = 0;
    struct node *head = f;
    for (; head->kind == NODE_APP; head = ((struct node_app *)head)->left)
      k++;
    const struct node_global *global = (const struct node_global *)head;
    uint32_t arity = global->arity;
    if (k + n < arity) {
      /* Still a partial application: f applied to them is the value. */
      for (; n > 0; n--, sp--)
        sp[-2] = lazyc_new_app(m, sp, sp[-1], sp[-2]);
      return sp[-1];
    }
    /* The spine's arguments replace f, the first on top, so that the call's
     * arguments are the top `arity` slots; any more apply to its value. */
    sp--;
    for (struct node *a = f; a->kind == NODE_APP;
         a = ((struct node_app *)a)->left)
      *sp++ = ((struct node_app *)a)->right;
    struct node *value = m->info[global->index].code(m, sp);
    sp -= arity;
    n -= arity - k;
    if (n == 0)
      return lazyc_eval(m, sp, value);
    *sp++ = value;
  }
}
