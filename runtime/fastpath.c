/* fastpath - the runtime's fast paths as functions that lazyc links into
 * every compiled program.
 *
 * This file is compiled by clang to LLVM bitcode at build time and embedded
 * in lazyc (compiler/CMakeLists.txt); the code generator calls these
 * functions by the names of LAZYC_FAST_PATHS, makes them internal to the
 * program's module, and LLVM inlines them.  Each only forwards to the
 * static inline function of lazyc_rt.h, the one definition.
 */
#include "lazyc_rt.h"

struct node *lazyc_fp_new_num(struct lazyc_machine *m, struct node **sp,
                              int64_t value) {
  return lazyc_new_num(m, sp, value);
}

struct node *lazyc_fp_new_app(struct lazyc_machine *m, struct node **sp,
                              uint32_t kind, struct node *f, struct node *x) {
  return lazyc_new_app(m, sp, (enum node_kind)kind, f, x);
}

struct node *lazyc_fp_new_fields(struct lazyc_machine *m, struct node **sp,
                                 uint32_t kind, uint32_t tag, uint32_t arity) {
  return lazyc_new_fields(m, sp, (enum node_kind)kind, tag, arity);
}

struct node *lazyc_fp_init_fields(struct node *node, uint32_t kind,
                                  uint32_t tag, uint32_t arity) {
  return lazyc_init_fields(node, (enum node_kind)kind, tag, arity);
}

struct node *lazyc_fp_new_hole(struct lazyc_machine *m, struct node **sp) {
  return lazyc_new_hole(m, sp);
}

bool lazyc_fp_can_alloc(struct lazyc_machine *m, uint32_t cls) {
  return lazyc_can_alloc(m, cls);
}

void lazyc_fp_reserve(struct lazyc_machine *m, struct node **sp,
                      uint32_t words) {
  rt_reserve(m, sp, words);
}

struct node *lazyc_fp_bump(struct lazyc_machine *m, uint32_t cls,
                           uint32_t words) {
  return lazyc_bump(m, cls, words);
}

struct node *lazyc_fp_alloc_slow(struct lazyc_machine *m, struct node **sp,
                                 uint32_t cls, uint32_t site) {
  return rt_alloc_slow(m, sp, cls, site);
}

uint32_t lazyc_fp_site_class(uint32_t site) { return lazyc_site_class(site); }

struct node **lazyc_fp_fields(struct node *node) {
  return lazyc_fields(node);
}

int64_t lazyc_fp_num(struct node *node) { return lazyc_num(node); }

uint32_t lazyc_fp_tag(struct node *node) { return lazyc_tag(node); }

struct node *lazyc_fp_constant(struct lazyc_machine *m, uint32_t ctor) {
  return lazyc_constant(m, ctor);
}

struct node *lazyc_fp_global(struct lazyc_machine *m, uint32_t index) {
  return lazyc_global(m, index);
}

bool lazyc_fp_is_value(struct node *node) { return lazyc_is_value(node); }

struct node *lazyc_fp_eval(struct lazyc_machine *m, struct node **sp,
                           struct node *node) {
  return lazyc_eval(m, sp, node);
}

struct node *lazyc_fp_apply(struct lazyc_machine *m, struct node **sp,
                            uint32_t n) {
  return rt_apply(m, sp, n);
}

struct lazyc_tail_call lazyc_fp_tail_apply(struct lazyc_machine *m,
                                           struct node **frame,
                                           struct node **sp, uint32_t n) {
  return rt_tail_apply(m, frame, sp, n);
}

void lazyc_fp_blackhole(struct node *redex) { lazyc_blackhole(redex); }

struct node *lazyc_fp_update(struct lazyc_machine *m, struct node *root,
                             struct node *value) {
  return lazyc_update(m, root, value);
}

struct node *lazyc_fp_update_num(struct node *root, int64_t value) {
  return lazyc_update_num(root, value);
}

struct node **lazyc_fp_become_data(struct lazyc_machine *m, struct node *root,
                                   uint32_t tag, uint32_t arity) {
  return lazyc_become_data(m, root, tag, arity);
}

void lazyc_fp_fill_hole(struct lazyc_machine *m, struct node *hole,
                        struct node *value) {
  lazyc_fill_hole(m, hole, value);
}

LAZYC_NORETURN void lazyc_fp_no_match(void) { lazyc_no_match(); }

int64_t lazyc_fp_div(int64_t a, int64_t b) { return lazyc_div(a, b); }

int64_t lazyc_fp_mod(int64_t a, int64_t b) { return lazyc_mod(a, b); }
