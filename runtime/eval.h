/* eval - the G-machine: its stack, the rt_* instructions of lazyc_rt.h and
 * the unwind loop behind rt_eval.
 *
 * The stack is one big reservation with a guard region above it, so pushes
 * need no bounds check: running past it faults in the guard, which error.c
 * reports as a stack overflow.
 */
#ifndef LAZYC_EVAL_H
#define LAZYC_EVAL_H

#include "heap.h"
#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif
