/* show - printing a value, fully evaluated, in the format of Haskell's
 * derived Show, streamed through the runtime's output buffer.
 *
 * Printing is iterative: the nodes still to print stay on the G-machine
 * stack (so they are roots while others are evaluated) and closing
 * parentheses are owed as a count, so a right-nested list needs O(1) room.
 * The buffer is written with write(2), flushed when full, at exit and
 * before any runtime error message.
 */
#ifndef LAZYC_SHOW_H
#define LAZYC_SHOW_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gmachine;

/* Evaluate the node on top of the stack fully, printing it as it goes and a
 * newline after it; pops it. */
void show_top(struct gmachine *gm);

/* Where the output goes: standard output unless told otherwise. */
void output_set_fd(int fd);

/* Write out the buffered output.  A closed pipe (EPIPE) ends the program
 * quietly with status 1; another failure is a runtime error. */
void output_flush(void);

/* The same from a signal handler: write(2) only, failures ignored. */
void output_flush_from_signal(void);

#ifdef __cplusplus
}
#endif

#endif
