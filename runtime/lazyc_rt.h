/* lazyc_rt.h - the one contract between generated code and the runtime.
 *
 * Generated code sees the G-machine only through this header: the program
 * tables it must define (struct lazyc_program) and the rt_* instruction
 * functions it calls.  The node layouts are here too so that the runtime's
 * modules (heap, eval, show) share one definition of them.
 *
 * Stack conventions (Peyton Jones and Lester's G-machine, one stack):
 *   - "offset n" counts from the top of the stack, the top being offset 0;
 *   - a supercombinator of arity n starts with its arguments at offsets
 *     0..n-1 (first argument on top) and the redex root at offset n; it ends
 *     with Update n and Pop n and returns to the unwind loop;
 *   - every instruction leaves the stack as its description says and nothing
 *     more, so one stack serves the whole run.
 */
#ifndef LAZYC_RT_H
#define LAZYC_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* C++ (the unit tests, the compiler) spells _Noreturn differently. */
#ifdef __cplusplus
#define LAZYC_NORETURN [[noreturn]]
#else
#define LAZYC_NORETURN _Noreturn
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct gmachine;
typedef void (*lazyc_code)(struct gmachine *gm);

/* ---- Program tables, defined by the generated code ---------------------- */

struct lazyc_global_info {
  const char *name; /* for diagnostics and statistics */
  uint32_t arity;   /* 0 for a constant applicative form (CAF) */
  lazyc_code code;
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
};

extern const struct lazyc_program lazyc_program;

/* ---- Nodes --------------------------------------------------------------- */

enum node_kind {
  NODE_APP,    /* application of left to right */
  NODE_NUM,    /* a 64-bit integer */
  NODE_GLOBAL, /* a supercombinator */
  NODE_IND,    /* an indirection left by Update */
  NODE_DATA,   /* a constructor with its fields */
  NODE_BLACKHOLE /* a redex under evaluation: needing it again is a loop */
};

/* The most fields a constructor may have: its arity fits the header. */
#define LAZYC_MAX_FIELDS 255

/* One header word; the collector's mark bits live beside the nodes, in the
 * block that holds them (heap.h), so a node carries nothing for it. */
struct node {
  uint8_t kind;  /* enum node_kind */
  uint8_t arity; /* NODE_DATA: number of fields */
  uint16_t spare;
  uint32_t tag; /* NODE_DATA: constructor id, an index into program ctors */
};

struct node_app { /* 24 bytes */
  struct node base;
  struct node *left;
  struct node *right;
};

struct node_num { /* 16 bytes */
  struct node base;
  int64_t value;
};

struct node_global { /* 24 bytes */
  struct node base;
  lazyc_code code;
  uint32_t arity;
  uint32_t index; /* into lazyc_program.globals */
};

struct node_ind { /* 16 bytes; Update turns an App or a Global into one */
  struct node base;
  struct node *target; /* NULL while an Alloc hole is not yet filled */
};

struct node_data { /* 8 bytes per field more than the header */
  struct node base;
  struct node *fields[];
};

/* ---- Machine state ------------------------------------------------------
 *
 * Owned by the runtime: generated code only passes gm along.  The heap and
 * the stack live in one struct so that every allocation can find its roots.
 */

struct heap_stats {
  uint64_t nodes_allocated;
  uint64_t bytes_allocated;
  uint64_t collections;
  uint64_t nodes_marked; /* by all collections together */
  uint64_t peak_live_nodes; /* most nodes that survived a collection */
  uint64_t peak_live_bytes; /* most bytes of nodes that survived one */
  double mark_seconds;
  double sweep_seconds;
};

/* The largest node, in words: a constructor with the most fields. */
#define LAZYC_MAX_NODE_WORDS (1 + LAZYC_MAX_FIELDS)

/* Allocation of the nodes of one size: a bump pointer through the current
 * run of free cells of a block (zone.h). */
struct size_class {
  char *run_start;         /* where the current run began: for statistics */
  char *free;              /* the next cell of the current free run */
  char *run_end;           /* the end of the current free run */
  struct block *current;   /* the block of the run */
  struct block *blocks;    /* every block of this size */
  struct block *unscanned; /* blocks whose free cells are still to find */
};

struct zone {
  struct block *pool; /* empty blocks kept for reuse */
  size_t pool_blocks;
  size_t blocks_in_use; /* handed out and not given back */
  size_t peak_blocks;
  size_t block_limit; /* the most blocks in use; 0: no limit */
  char **chunks;      /* every mapping made, for zone_release_all */
  size_t chunk_count, chunk_capacity;
  struct block *returned; /* given back to the system, still reserved */
};

struct heap {
  uint64_t budget;         /* allocations left before the next collection */
  uint64_t budget_granted; /* what budget was last set to: for statistics */
  struct size_class classes[LAZYC_MAX_NODE_WORDS + 1]; /* by words */
  struct zone zone;
  uint64_t stress_interval; /* collect every this many allocations; 0: off */
  bool never_collect;       /* for measuring what the collector saves */
  bool check;               /* verify the heap after each collection */
  bool under_valgrind;      /* describe every cell to valgrind */
  struct node *constants;   /* one nullary constructor node per ctor id */
  uint32_t constant_count;
  struct node ***mark_stack; /* fields still to scan; kept between uses */
  size_t mark_capacity;
  uint64_t marked_nodes, marked_bytes; /* by the current collection */
  struct heap_stats stats;
};

struct show_entry; /* printing metadata of a node pending in show */

struct gmachine {
  struct node **sp;    /* the next free slot: the top (offset 0) is sp[-1] */
  struct node **stack; /* the bottom slot; the stack grows upwards */
  size_t stack_bytes;  /* usable bytes; a guard region follows */
  const struct lazyc_program *program;
  struct node **globals; /* one node per program global: roots */
  struct heap heap;
  /* Parallel to show's pending nodes on the stack; here so that teardown
   * after a runtime error frees it too. */
  struct show_entry *show_entries;
  size_t show_capacity;
};

/* ---- Binary operators --------------------------------------------------- */

enum lazyc_binop {
  BINOP_ADD,
  BINOP_SUB,
  BINOP_MUL,
  BINOP_DIV,
  BINOP_MOD,
  BINOP_EQ, /* the comparisons give False or True */
  BINOP_NE,
  BINOP_LT,
  BINOP_LE,
  BINOP_GT,
  BINOP_GE
};

/* The constructor ids of the built-in Bool. */
enum { LAZYC_CTOR_FALSE = 0, LAZYC_CTOR_TRUE = 1 };

/* ---- G-machine instructions, called by generated code ------------------- */

/* Push: push the node at offset n. */
void rt_push(struct gmachine *gm, uint64_t n);
/* PushInt: push a new number node. */
void rt_push_int(struct gmachine *gm, int64_t value);
/* PushGlobal: push the global node of globals[index]. */
void rt_push_global(struct gmachine *gm, uint32_t index);
/* MkApp: pop f (top) and x, push App(f, x). */
void rt_mkapp(struct gmachine *gm);
/* Slide n: keep the top, drop the n nodes below it. */
void rt_slide(struct gmachine *gm, uint64_t n);
/* Pop n: drop the top n nodes. */
void rt_pop(struct gmachine *gm, uint64_t n);
/* Update n: pop v; overwrite the node now at offset n with Ind(v). */
void rt_update(struct gmachine *gm, uint64_t n);
/* Pack: pop arity nodes (field 0 on top) into a new constructor node. */
void rt_pack(struct gmachine *gm, uint32_t ctor, uint32_t arity);
/* Split: pop a constructor node, push its fields, field 0 on top. */
void rt_split(struct gmachine *gm, uint32_t arity);
/* The constructor id of the evaluated constructor node on top. */
uint32_t rt_ctor_tag(struct gmachine *gm);
/* The value of the evaluated number on top. */
int64_t rt_int_value(struct gmachine *gm);
/* Eval: evaluate the top node to weak head normal form, in place. */
void rt_eval(struct gmachine *gm);
/* BinOp: pop b (top) and a, both evaluated numbers; push a op b (for a
 * comparison, the constructor False or True). */
void rt_binop(struct gmachine *gm, uint32_t op);
/* Alloc n: push n fresh indirection holes. */
void rt_alloc(struct gmachine *gm, uint64_t n);
/* A case whose branches miss the scrutinee's constructor. */
LAZYC_NORETURN void rt_no_match(struct gmachine *gm);

#ifdef __cplusplus
}
#endif

#endif
