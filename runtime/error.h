/* error - runtime errors and the guarded stacks whose overflow is one.
 *
 * rt_fatal reports `runtime error: MESSAGE` after flushing the output, so
 * that what the program printed comes first, then exits with status 1.
 * Stacks are reserved with a PROT_NONE guard region; a fault in a guard is
 * reported as `runtime error: stack overflow` by a SIGSEGV handler running
 * on an alternate signal stack, and any other fault stays a crash.
 */
#ifndef LAZYC_ERROR_H
#define LAZYC_ERROR_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gmachine;

/* Flush the output, report MESSAGE on stderr, release the machine, exit 1. */
LAZYC_NORETURN void rt_fatal(const char *message);

/* Release the attached machine and exit with STATUS, saying nothing. */
LAZYC_NORETURN void rt_exit(int status);

/* The machine that rt_fatal and rt_exit release, until detached. */
void error_attach_machine(struct gmachine *gm);
void error_detach_machine(const struct gmachine *gm);

/* Which end of a stack its guard protects: the end it grows towards. */
enum guard_side { GUARD_BELOW, GUARD_ABOVE };

/* The default limit of each of the two evaluation stacks (the C stack and
 * the G-machine stack): 40% of the memory the program may use (the
 * machine's, or its control group's limit if lower), so that together they
 * stay under 80%, GHC's default: a runaway recursion ends in a stack
 * overflow, not in the kernel's out-of-memory killer. */
uint64_t default_stack_bytes(void);

/* Reserve a stack of *BYTES usable bytes (MAP_NORESERVE, so only touched
 * pages cost memory) with a guard region on SIDE, and watch the guard.
 * If the system refuses, halves the size until it fits and stores it in
 * *BYTES.  Returns the lowest usable address. */
void *guarded_stack_map(size_t *bytes, enum guard_side side);
void guarded_stack_unmap(void *stack, size_t bytes, enum guard_side side);

/* Report faults in watched guards as stack overflows; per thread, because
 * the alternate signal stack the handler needs is per thread. */
void error_catch_stack_overflow(void);
/* Before the thread that called error_catch_stack_overflow ends: give its
 * alternate signal stack back. */
void error_release_signal_stack(void);

#ifdef __cplusplus
}
#endif

#endif
