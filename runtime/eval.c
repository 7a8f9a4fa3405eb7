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
  global->base = lazyc_header(info->arity ? NODE_FUNCTION : NODE_CAF, 0, 0);
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

/* SPINE, an application short of arguments, is a value: marked so, so that
 * the next evaluation sees it at once. */
static struct node *mark_partial(struct node *spine) {
  for (struct node *app = spine; app->kind == NODE_APP || app->kind == NODE_PAP;
       app = ((struct node_app *)app)->left)
    app->kind = NODE_PAP;
  return spine;
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
    case NODE_PAP:
      if (sp - 1 == base)
        return top;                 /* a value, applied to nothing more */
      __attribute__((fallthrough)); /* the function of a larger application */
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
    case NODE_FUNCTION:
    case NODE_CAF: {
      const struct node_global *global = (const struct node_global *)top;
      uint32_t arity = global->arity;
      if ((uint64_t)(sp - 1 - base) < arity)
        return mark_partial(*base);
      lazyc_entry entry = global->entry;
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

/* A function value (evaluated): a global, or a partial application of one,
 * whose arguments are counted in *GIVEN. */
static const struct node_global *function_of(struct node *f, uint32_t *given) {
  *given = 0;
  for (; f->kind == NODE_PAP; f = ((struct node_app *)f)->left)
    ++*given;
  return (const struct node_global *)f;
}

/* Replaces the function F at SP[-1] by the arguments of its partial
 * application, the first on top; returns the new top. */
static struct node **push_spine_arguments(struct node **sp, struct node *f) {
  sp--;
  for (; f->kind == NODE_PAP; f = ((struct node_app *)f)->left)
    *sp++ = ((struct node_app *)f)->right;
  return sp;
}

/* F applied to the N arguments below it: a partial application, built. */
static struct node *apply_partially(struct lazyc_machine *m, struct node **sp,
                                    uint32_t n) {
  for (; n > 0; n--, sp--)
    sp[-2] = lazyc_new_app(m, sp, NODE_PAP, sp[-1], sp[-2]);
  return sp[-1];
}

struct node *rt_apply(struct lazyc_machine *m, struct node **sp, uint32_t n) {
  for (;;) {
    /* sp[-1] is the function, sp[-2] .. sp[-1-n] its arguments. */
    struct node *f = sp[-1] = lazyc_eval(m, sp, sp[-1]);
    uint32_t given;
    const struct node_global *global = function_of(f, &given);
    uint32_t arity = global->arity;
    if (given + n < arity)
      return apply_partially(m, sp, n);
    /* The call takes the top `arity` slots; any more apply to its value. */
    sp = push_spine_arguments(sp, f);
    struct node *value = m->info[global->index].code(m, sp, 0, 0, 0, 0);
    sp -= arity;
    n -= arity - given;
    if (n == 0)
      return lazyc_eval(m, sp, value);
    *sp++ = value;
  }
}

/* The code of a partial application made by rt_tail_apply: it is the
 * value. */
static struct node *value_code(struct lazyc_machine *m, struct node **sp,
                               int64_t v0, int64_t v1, int64_t v2, int64_t v3) {
  (void)m, (void)v0, (void)v1, (void)v2, (void)v3;
  return sp[-1];
}

struct lazyc_tail_call rt_tail_apply(struct lazyc_machine *m,
                                     struct node **frame, struct node **sp,
                                     uint32_t n) {
  for (;;) {
    struct node *f = sp[-1] = lazyc_eval(m, sp, sp[-1]);
    uint32_t given;
    const struct node_global *global = function_of(f, &given);
    uint32_t arity = global->arity;
    if (given + n < arity) {
      *frame = apply_partially(m, sp, n);
      return (struct lazyc_tail_call){value_code, frame + 1};
    }
    sp = push_spine_arguments(sp, f);
    if (given + n == arity) {
      /* The arguments go down to the bottom of the frame, in order. */
      struct node **args = sp - arity;
      for (uint32_t i = 0; i < arity; i++)
        frame[i] = args[i];
      return (struct lazyc_tail_call){m->info[global->index].code,
                                      frame + arity};
    }
    struct node *value = m->info[global->index].code(m, sp, 0, 0, 0, 0);
    sp -= arity;
    n -= arity - given;
    *sp++ = value;
  }
}
