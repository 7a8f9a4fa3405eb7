/* lazyc_rt.h - the one contract between generated code and the runtime.
 *
 * Everything generated code relies on is here: the node layouts, the
 * program tables it defines, the part of the machine it reads and writes
 * itself (struct lazyc_machine: the allocator's bump pointers, the global
 * and constant nodes), the out-of-line rt_* entry points, and the fast
 * paths (static inline lazyc_* functions) that fastpath.c compiles to LLVM
 * bitcode, which lazyc links into every program so that LLVM inlines them.
 * The runtime's private state lives behind lazyc_machine (eval.h, heap.h).
 *
 * Calling convention of compiled code (Peyton Jones and Lester's G-machine
 * with direct calls, one stack for the whole run):
 *   - the stack grows upwards; SP is the next free slot and travels in a
 *     register, as an argument: the runtime stores it in lazyc_machine.sp
 *     only when it calls into the collector;
 *   - a supercombinator of arity n has code (lazyc_code): its arguments are
 *     SP[-1] .. SP[-n], the first on top, and it returns its value.  The
 *     returned node may still need evaluation (a tail call of an unknown
 *     function), which the caller goes on with, so such calls need no C
 *     stack;
 *   - every code also takes LAZYC_VALUE_ARGS Ints, in registers: a
 *     worker's unboxed arguments, the first in V0 (its other arguments are
 *     on the stack as above).  Other code ignores them, and the runtime,
 *     which never calls a worker, passes 0.  One type for all code lets
 *     every tail call be a jump;
 *   - its entry, for the unwind loop, finds the redex root below the
 *     arguments, at SP[-n-1]: it runs the code and overwrites the root with
 *     the value (an indirection, or a copy of a number), which it returns;
 *     its thunk entry does the same for a thunk node of a call of it, whose
 *     fields are the arguments;
 *   - a node that must survive an allocation is on the stack below SP (or
 *     reachable from one that is): the collector marks from the stack and the
 *     global nodes only, and never moves a node;
 *   - the machine is passed as M to the runtime and to entries, but compiled
 *     code uses the program's one machine directly, by its symbol
 *     lazyc_main_machine (defined by main.c; its first member is the
 *     lazyc_machine), so that no register holds it.
 */
#ifndef LAZYC_RT_H
#define LAZYC_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* C++ (the unit tests) spells _Noreturn differently. */
#ifdef __cplusplus
#define LAZYC_NORETURN [[noreturn]]
#else
#define LAZYC_NORETURN _Noreturn
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct node;
struct lazyc_machine;

/* The code of a supercombinator: see the calling convention above. */
#define LAZYC_VALUE_ARGS 4
typedef struct node *(*lazyc_code)(struct lazyc_machine *m, struct node **sp,
                                   int64_t v0, int64_t v1, int64_t v2,
                                   int64_t v3);
/* The entry of a supercombinator, for the unwind loop. */
typedef struct node *(*lazyc_entry)(struct lazyc_machine *m, struct node **sp);
/* The thunk entry of a supercombinator: evaluates and updates THUNK. */
typedef struct node *(*lazyc_thunk_code)(struct lazyc_machine *m,
                                         struct node **sp, struct node *thunk);

/* ---- Program tables, defined by the generated code ---------------------- */

struct lazyc_global_info {
  const char *name;       /* for diagnostics and statistics */
  uint32_t arity;         /* 0 for a constant applicative form (CAF) */
  lazyc_entry entry;      /* reduces a redex, updating its root; NULL for a
                             worker, which only its wrapper's code calls */
  lazyc_code code;        /* computes the value of a call, updating nothing */
  lazyc_thunk_code thunk; /* NULL if the program makes no thunk of it */
};

struct lazyc_ctor_info {
  const char *name; /* as printed by show */
  uint32_t arity;
};

struct lazyc_program {
  uint32_t global_count;
  const struct lazyc_global_info *globals;
  uint32_t ctor_count;
  const struct lazyc_ctor_info *ctors; /* indexed by constructor id */
  uint32_t main_index;                 /* index of main in globals */
  /* Nonzero when some code refers to main; then main's global node must
   * stay a root.  Otherwise the runtime evaluates main through a private
   * node, so that a printed value is not retained as it streams out. */
  uint32_t main_is_referenced;
  /* The allocation sites of the generated code (where it builds a
   * constructor), each with the class it allocates from (below): its
   * size's, unless the runtime finds that its nodes live long (tenure.h).
   * Written by the runtime only. */
  uint32_t site_count;
  uint16_t *site_classes;
};

extern const struct lazyc_program lazyc_program;

/* ---- Nodes --------------------------------------------------------------- */

/* The kinds up to NODE_FUNCTION are values: evaluation leaves them as they
 * are, so one comparison tells whether a node needs evaluating. */
enum node_kind {
  NODE_DATA,     /* a constructor with its fields */
  NODE_NUM,      /* a 64-bit integer */
  NODE_PAP,      /* a partial application: a value, left applied to right */
  NODE_FUNCTION, /* a supercombinator of arity >= 1, not applied */
  NODE_APP,      /* an application of left to right, to evaluate */
  NODE_CAF,      /* a supercombinator of arity 0, to evaluate once */
  NODE_THUNK,    /* a saturated call of global `tag` to its `arity` fields */
  NODE_IND,      /* an indirection left by an update */
  NODE_BLACKHOLE /* a redex under evaluation: needing it again is a loop */
};
#define LAZYC_LAST_VALUE_KIND NODE_FUNCTION

/* The most fields a constructor (or a thunk) may have: it fits the header. */
#define LAZYC_MAX_FIELDS 255

/* The constructor ids of the built-in Bool. */
enum { LAZYC_CTOR_FALSE = 0, LAZYC_CTOR_TRUE = 1 };

/* Whether a node has survived a collection, with two generations
 * (heap.h): a node is made young, the first collection it survives makes
 * it old.  Generated code only reads it, in the write barrier. */
enum lazyc_age { LAZYC_YOUNG, LAZYC_OLD };

/* One header word; the collector's mark bits live beside the nodes, in the
 * block that holds them (zone.h), so a node carries only its age for it. */
struct node {
  uint8_t kind;  /* enum node_kind */
  uint8_t arity; /* NODE_DATA, NODE_THUNK: number of fields */
  uint16_t age;  /* enum lazyc_age: the collector's, 0 when made */
  uint32_t tag;  /* NODE_DATA: constructor id; NODE_THUNK: global index */
};

struct node_app { /* 24 bytes; also a partial application's */
  struct node base;
  struct node *left;
  struct node *right;
};

struct node_num { /* 16 bytes */
  struct node base;
  int64_t value;
};

struct node_global { /* 24 bytes: a function's or a CAF's */
  struct node base;
  lazyc_entry entry;
  uint32_t arity;
  uint32_t index; /* into lazyc_program.globals */
};

struct node_ind { /* 16 bytes; an update turns a redex into one */
  struct node base;
  struct node *target; /* NULL while a let's hole is not yet filled */
};

/* A constructor, or a thunk: 8 bytes per field more than the header (and
 * never less than 16 bytes, so that an update can overwrite it). */
struct node_data {
  struct node base;
  struct node *fields[];
};

/* The smallest node: an update must fit in any redex. */
#define LAZYC_MIN_NODE_WORDS 2
/* The largest node, in words: a constructor with the most fields. */
#define LAZYC_MAX_NODE_WORDS (1 + LAZYC_MAX_FIELDS)

/* ---- The machine, as generated code sees it ------------------------------ */

/* Allocation classes: two per node size.  Class WORDS holds most nodes of
 * WORDS words; class LAZYC_TENURED + WORDS those of the allocation sites
 * whose nodes live long (pretenuring, tenure.h).  Nodes
 * that live long then lie side by side in blocks of their own, rather than
 * one here and one there among the garbage made between them: a walk over
 * them (a list, a chain of naturals) hits the caches. */
#define LAZYC_TENURED (LAZYC_MAX_NODE_WORDS + 1)
#define LAZYC_CLASSES (2 * LAZYC_TENURED)
/* An allocation that is no site's (the runtime's own). */
#define LAZYC_NO_SITE UINT32_MAX

/* The size in words of the nodes of class CLS. */
static inline uint32_t lazyc_class_words(uint32_t cls) {
  return cls < LAZYC_TENURED ? cls : cls - LAZYC_TENURED;
}

/* The current run of free cells of one class (zone.h): allocation bumps
 * `free` until it reaches `end`.  A run never reaches past what the
 * collector's budget allows: running out of it is the only test. */
struct lazyc_run {
  char *free;
  char *end;
};

/* The first member of the runtime's machine (eval.h). */
struct lazyc_machine {
  struct lazyc_run runs[LAZYC_CLASSES]; /* by class */
  struct node **globals;                /* one node per program global: roots */
  struct node *constants; /* one nullary constructor node per ctor id */
  const struct lazyc_global_info *info; /* the program's globals */
  /* The top of the stack as of the last call into the collector (set by
   * rt_alloc_slow), and of the runtime's own code meanwhile. */
  struct node **sp;
};

/* ---- Out-of-line entry points -------------------------------------------- */

/* A node of class CLS for allocation site SITE (or LAZYC_NO_SITE), when
 * the fast path does not make it: the current run is used up (and a
 * collection may be due), or CLS is a tenured class (generated code's fast
 * path knows only its size's own); the collector marks the stack up to
 * SP. */
struct node *rt_alloc_slow(struct lazyc_machine *m, struct node **sp,
                           uint32_t cls, uint32_t site);
/* The slow path without the allocation, of no site: afterwards the
 * current run of WORDS words has room for a node (lazyc_can_alloc holds). */
void rt_reserve(struct lazyc_machine *m, struct node **sp, uint32_t words);
/* NODE evaluated to weak head normal form (never an indirection), using the
 * stack from SP up; NODE need not be on the stack. */
struct node *rt_eval(struct lazyc_machine *m, struct node **sp,
                     struct node *node);
/* The value (evaluated) of the function at SP[-1] applied to the N
 * arguments below it, SP[-2] the first: a call of an unknown function in a
 * strict context, which leaves no redex to update. */
struct node *rt_apply(struct lazyc_machine *m, struct node **sp, uint32_t n);
/* Where a tail call of an unknown function goes: its code, with its
 * arguments below SP. */
struct lazyc_tail_call {
  lazyc_code code;
  struct node **sp;
};
/* The same call in tail position, from code whose frame starts at FRAME:
 * the arguments (the function's own, if it is a partial application, and
 * the N below it) are moved to the bottom of the frame, and the code to
 * jump to is returned.  A call with too few arguments jumps to code that
 * returns the partial application; one with too many makes the first call
 * here. */
struct lazyc_tail_call rt_tail_apply(struct lazyc_machine *m,
                                     struct node **frame, struct node **sp,
                                     uint32_t n);
/* The write barrier's slow path: NODE, old, now points at what may be
 * young; the next minor collection marks from it. */
void rt_remember(struct lazyc_machine *m, struct node *node);
/* VALUE past its indirections, for an update of ROOT; a value that leads
 * back to the root is a <<loop>>. */
struct node *rt_resolve_update(struct node *root, struct node *value);
LAZYC_NORETURN void rt_no_match(void);
LAZYC_NORETURN void rt_divide_by_zero(void);

/* ---- Fast paths ----------------------------------------------------------
 *
 * Used by the runtime's own C code and, through fastpath.c's bitcode, by
 * every compiled program.  Node sizes are in words of 8 bytes. */

#define LAZYC_WORDS(type) ((uint32_t)(sizeof(type) / sizeof(void *)))

/* Whether a node of class CLS comes from the current run, without the
 * slow path (and so without a collection). */
static inline bool lazyc_can_alloc(const struct lazyc_machine *m,
                                   uint32_t cls) {
  return m->runs[cls].free != m->runs[cls].end;
}

/* A node of class CLS, of WORDS words (the class's size, known where
 * the class may not be), from the current run, which has room for it. */
static inline struct node *lazyc_bump(struct lazyc_machine *m, uint32_t cls,
                                      uint32_t words) {
  struct lazyc_run *run = &m->runs[cls];
  char *cell = run->free;
  run->free = cell + words * sizeof(void *);
  return (struct node *)cell;
}

/* A node of class CLS, of WORDS words, for SITE (or LAZYC_NO_SITE). */
static inline struct node *lazyc_alloc_in(struct lazyc_machine *m,
                                          struct node **sp, uint32_t cls,
                                          uint32_t words, uint32_t site) {
  if (__builtin_expect(lazyc_can_alloc(m, cls), 1))
    return lazyc_bump(m, cls, words);
  return rt_alloc_slow(m, sp, cls, site);
}

/* A node of WORDS words, of no site. */
static inline struct node *lazyc_alloc(struct lazyc_machine *m,
                                       struct node **sp, uint32_t words) {
  return lazyc_alloc_in(m, sp, words, words, LAZYC_NO_SITE);
}

/* The class allocation site SITE allocates from now. */
static inline uint32_t lazyc_site_class(uint32_t site) {
  return lazyc_program.site_classes[site];
}

static inline struct node lazyc_header(enum node_kind kind, uint32_t arity,
                                       uint32_t tag) {
  struct node header = {0, 0, 0, 0};
  header.kind = (uint8_t)kind;
  header.arity = (uint8_t)arity;
  header.tag = tag;
  return header;
}

static inline struct node *lazyc_new_num(struct lazyc_machine *m,
                                         struct node **sp, int64_t value) {
  struct node_num *num =
      (struct node_num *)lazyc_alloc(m, sp, LAZYC_WORDS(struct node_num));
  num->base = lazyc_header(NODE_NUM, 0, 0);
  num->value = value;
  return &num->base;
}

/* An application (KIND NODE_APP) or a partial application (NODE_PAP) of F
 * to X, which must be on the stack below SP. */
static inline struct node *lazyc_new_app(struct lazyc_machine *m,
                                         struct node **sp, enum node_kind kind,
                                         struct node *f, struct node *x) {
  struct node_app *app =
      (struct node_app *)lazyc_alloc(m, sp, LAZYC_WORDS(struct node_app));
  app->base = lazyc_header(kind, 0, 0);
  app->left = f;
  app->right = x;
  return &app->base;
}

/* The size of a constructor or thunk of ARITY fields. */
static inline uint32_t lazyc_fields_words(uint32_t arity) {
  uint32_t words = 1 + arity;
  return words < LAZYC_MIN_NODE_WORDS ? LAZYC_MIN_NODE_WORDS : words;
}

/* NODE made a constructor (KIND NODE_DATA, TAG its id) or a thunk
 * (NODE_THUNK, TAG its global) of ARITY fields, which the caller sets
 * before the next allocation. */
static inline struct node *lazyc_init_fields(struct node *node,
                                             enum node_kind kind, uint32_t tag,
                                             uint32_t arity) {
  *node = lazyc_header(kind, arity, tag);
  return node;
}

/* A new such node. */
static inline struct node *lazyc_new_fields(struct lazyc_machine *m,
                                            struct node **sp,
                                            enum node_kind kind, uint32_t tag,
                                            uint32_t arity) {
  return lazyc_init_fields(lazyc_alloc(m, sp, lazyc_fields_words(arity)), kind,
                           tag, arity);
}

/* A let's hole: an indirection to be filled. */
static inline struct node *lazyc_new_hole(struct lazyc_machine *m,
                                          struct node **sp) {
  struct node_ind *hole =
      (struct node_ind *)lazyc_alloc(m, sp, LAZYC_WORDS(struct node_ind));
  hole->base = lazyc_header(NODE_IND, 0, 0);
  hole->target = NULL;
  return &hole->base;
}

static inline struct node **lazyc_fields(struct node *node) {
  return ((struct node_data *)node)->fields;
}

static inline int64_t lazyc_num(const struct node *node) {
  return ((const struct node_num *)node)->value;
}

static inline uint32_t lazyc_tag(const struct node *node) { return node->tag; }

static inline struct node *lazyc_constant(struct lazyc_machine *m,
                                          uint32_t ctor) {
  return &m->constants[ctor];
}

static inline struct node *lazyc_global(struct lazyc_machine *m,
                                        uint32_t index) {
  return m->globals[index];
}

/* Whether NODE is in weak head normal form: evaluation's quick test. */
static inline bool lazyc_is_value(const struct node *node) {
  return node->kind <= LAZYC_LAST_VALUE_KIND;
}

/* NODE in weak head normal form: a thunk is entered directly, and an
 * indirection to a value followed; the rest is the unwind loop's. */
static inline struct node *lazyc_eval(struct lazyc_machine *m, struct node **sp,
                                      struct node *node) {
  if (__builtin_expect(lazyc_is_value(node), 1))
    return node;
  if (node->kind == NODE_THUNK) {
    node = m->info[node->tag].thunk(m, sp, node);
    if (__builtin_expect(lazyc_is_value(node), 1))
      return node;
  } else if (node->kind == NODE_IND) {
    struct node *target = ((struct node_ind *)node)->target;
    if (target && target->kind <= LAZYC_LAST_VALUE_KIND)
      return target;
  }
  return rt_eval(m, sp, node);
}

/* A redex whose evaluation starts: needing it again before its update is
 * a <<loop>>. */
static inline void lazyc_blackhole(struct node *redex) {
  redex->kind = NODE_BLACKHOLE;
}

/* The write barrier, after NODE (of the heap) has been made to point at
 * another node: an old NODE may now point at a young one.  Only updates
 * and filled holes write a pointer into a node already initialised. */
static inline void lazyc_barrier(struct lazyc_machine *m, struct node *node) {
  if (__builtin_expect(node->age == LAZYC_OLD, 0))
    rt_remember(m, node);
}

/* The end of an entry: ROOT becomes VALUE (a copy of a number, else an
 * indirection to it), which is returned. */
static inline struct node *lazyc_update(struct lazyc_machine *m,
                                        struct node *root, struct node *value) {
  if (value->kind == NODE_NUM) {
    root->kind = NODE_NUM;
    ((struct node_num *)root)->value = lazyc_num(value);
    return root;
  }
  if (value->kind != NODE_DATA)
    value = rt_resolve_update(root, value);
  root->kind = NODE_IND;
  ((struct node_ind *)root)->target = value;
  lazyc_barrier(m, root);
  return value;
}

/* The end of an entry whose value is a constructor built just for it, of
 * ARITY fields and the size of ROOT: ROOT becomes that constructor, rather
 * than an indirection to a new node.  The caller sets the fields, through
 * the pointer returned, before the next allocation.  Its age stays. */
static inline struct node **lazyc_become_data(struct lazyc_machine *m,
                                              struct node *root, uint32_t tag,
                                              uint32_t arity) {
  root->kind = NODE_DATA;
  root->arity = (uint8_t)arity;
  root->tag = tag;
  lazyc_barrier(m, root);
  return lazyc_fields(root);
}

/* The end of the entry of a function returning an Int. */
static inline struct node *lazyc_update_num(struct node *root, int64_t value) {
  root->kind = NODE_NUM;
  ((struct node_num *)root)->value = value;
  return root;
}

/* Fill a let's HOLE with VALUE; a value that is the hole itself (x = x)
 * makes it a black hole, an error only if it is ever needed.  The hole may
 * have grown old while the value was built. */
static inline void lazyc_fill_hole(struct lazyc_machine *m, struct node *hole,
                                   struct node *value) {
  while (value->kind == NODE_IND && ((struct node_ind *)value)->target)
    value = ((struct node_ind *)value)->target;
  if (value == hole) {
    hole->kind = NODE_BLACKHOLE;
    return;
  }
  ((struct node_ind *)hole)->target = value;
  lazyc_barrier(m, hole);
}

/* A case whose branches miss the scrutinee. */
LAZYC_NORETURN static inline void lazyc_no_match(void) { rt_no_match(); }

/* Division and remainder as the language defines them: truncating, with
 * minInt / -1 wrapping and a zero divisor a runtime error. */
static inline int64_t lazyc_div(int64_t a, int64_t b) {
  if (b == 0)
    rt_divide_by_zero();
  return b == -1 ? (int64_t)(0 - (uint64_t)a) : a / b;
}

static inline int64_t lazyc_mod(int64_t a, int64_t b) {
  if (b == 0)
    rt_divide_by_zero();
  return b == -1 ? 0 : a % b;
}

/* The fast paths generated code calls, by name: fastpath.c defines each as
 * lazyc_fp_NAME, and the code generator finds them in its bitcode. */
#define LAZYC_FAST_PATHS(X)                                                    \
  X(new_num)                                                                   \
  X(new_app)                                                                   \
  X(new_fields)                                                                \
  X(init_fields)                                                               \
  X(new_hole)                                                                  \
  X(can_alloc)                                                                 \
  X(reserve)                                                                   \
  X(bump)                                                                      \
  X(alloc_slow)                                                                \
  X(site_class)                                                                \
  X(fields)                                                                    \
  X(num)                                                                       \
  X(tag)                                                                       \
  X(constant)                                                                  \
  X(global)                                                                    \
  X(is_value)                                                                  \
  X(eval)                                                                      \
  X(apply)                                                                     \
  X(tail_apply)                                                                \
  X(blackhole)                                                                 \
  X(update)                                                                    \
  X(update_num)                                                                \
  X(become_data)                                                               \
  X(fill_hole)                                                                 \
  X(no_match)                                                                  \
  X(div)                                                                       \
  X(mod)

#ifdef __cplusplus
}
#endif

#endif
