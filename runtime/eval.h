/* eval - the G-machine: its state, its stack, and rt_eval, the unwind loop.
 *
 * struct gmachine is the runtime's whole machine; its first member is the
 * part generated code sees (struct lazyc_machine, lazyc_rt.h).  The stack is
 * one big reservation with a guard region above it, so pushes need no
 * bounds check: running past it faults in the guard, which error.c reports
 * as a stack overflow.
 */
#ifndef LAZYC_EVAL_H
#define LAZYC_EVAL_H

#include "heap.h"
#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct show_entry; /* printing metadata of a node pending in show */

struct gmachine {
  struct lazyc_machine m; /* first: generated code's view of the machine */
  struct node **stack;    /* the bottom slot; the stack grows upwards */
  size_t stack_bytes;     /* usable bytes; a guard region follows */
  const struct lazyc_program *program;
  struct heap heap;
  /* Parallel to show's pending nodes on the stack; here so that teardown
   * after a runtime error frees it too. */
  struct show_entry *show_entries;
  size_t show_capacity;
};

/* The machine of the running program (main.c), which compiled code uses. */
extern struct gmachine lazyc_main_machine;

/* The whole machine of the part generated code sees. */
static inline struct gmachine *machine_of(struct lazyc_machine *m) {
  return (struct gmachine *)m;
}

struct machine_options {
  size_t stack_bytes; /* of the G-machine stack; only touched pages cost */
  struct heap_options heap;
};

/* Reserve the stack, create the heap and one global node per global of
 * PROGRAM.  The machine is what runtime errors release. */
void machine_init(struct gmachine *gm, const struct lazyc_program *program,
                  const struct machine_options *options);

/* Push the node to evaluate for main: its global node if the program
 * refers to main, otherwise a private copy that only the stack roots, so
 * that a value streaming out through show is not retained. */
void machine_push_main(struct gmachine *gm);

/* Free every node and the stack. */
void machine_release(struct gmachine *gm);

/* Evaluate the node on top of the stack to weak head normal form, in
 * place: for the runtime's own use (show, the tests). */
void machine_eval_top(struct gmachine *gm);

#ifdef __cplusplus
}
#endif

#endif
