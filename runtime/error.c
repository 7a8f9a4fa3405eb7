/* error - runtime errors and the guarded stacks whose overflow is one. */
#include "error.h"

#include "describe.h"
#include "eval.h"
#include "show.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Much more than a page: a C frame that jumps over a one-page guard would
 * land in whatever lies beyond it. */
#define GUARD_BYTES ((size_t)1 << 20)
/* Below this a stack is not worth running on. */
#define MIN_STACK_BYTES ((size_t)1 << 20)
/* The evaluation C stack and the G-machine stack, with room to spare. */
#define MAX_WATCHED_GUARDS 8

static struct gmachine *attached_machine;
static uintptr_t watched_guards[MAX_WATCHED_GUARDS]; /* 0: a free entry */
/* The usable part of the last C stack mapped with its guard below (the
 * evaluating thread's), for rt_exit. */
static char *c_stack_low, *c_stack_high;

void error_attach_machine(struct gmachine *gm) { attached_machine = gm; }

void error_detach_machine(const struct gmachine *gm) {
  if (attached_machine == gm)
    attached_machine = NULL;
}

/* Memcheck's leak check reads every byte that is mapped: when the program
 * ends on the evaluating thread, whose C stack is gigabytes reserved and
 * mostly never touched, say that what lies below this frame (with a margin
 * for the calls exit makes) holds nothing, or the check takes a minute. */
static void describe_unused_c_stack(void) {
  char here;
  const size_t margin = (size_t)1 << 16;
  if (describe_running_on_memcheck() && &here > c_stack_low + margin &&
      &here < c_stack_high)
    describe_free(c_stack_low, (size_t)(&here - c_stack_low) - margin);
}

void rt_exit(int status) {
  if (attached_machine)
    machine_release(attached_machine);
  describe_unused_c_stack();
  exit(status);
}

void rt_fatal(const char *message) {
  output_flush();
  fprintf(stderr, "runtime error: %s\n", message);
  rt_exit(1);
}

static void set_watched_guard(uintptr_t old_guard, uintptr_t new_guard) {
  for (size_t i = 0; i < MAX_WATCHED_GUARDS; i++) {
    if (watched_guards[i] == old_guard) {
      watched_guards[i] = new_guard;
      return;
    }
  }
  if (old_guard == 0)
    rt_fatal("too many guarded stacks");
}

static char *guard_start(char *mapping, size_t usable, enum guard_side side) {
  return side == GUARD_BELOW ? mapping : mapping + usable;
}

void *guarded_stack_map(size_t *bytes, enum guard_side side) {
  size_t page_mask = (size_t)sysconf(_SC_PAGESIZE) - 1;
  size_t usable = (*bytes + page_mask) & ~page_mask;
  for (;;) {
    char *mapping = mmap(NULL, usable + GUARD_BYTES, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapping != MAP_FAILED) {
      char *guard = guard_start(mapping, usable, side);
      if (mprotect(guard, GUARD_BYTES, PROT_NONE) != 0)
        rt_fatal("cannot protect a stack guard");
      set_watched_guard(0, (uintptr_t)guard);
      *bytes = usable;
      if (side == GUARD_ABOVE)
        return mapping;
      c_stack_low = mapping + GUARD_BYTES;
      c_stack_high = c_stack_low + usable;
      return c_stack_low;
    }
    /* Strict overcommit accounting (or valgrind) may refuse a reservation
     * this large: a smaller stack only lowers the recursion limit. */
    if (usable / 2 < MIN_STACK_BYTES)
      rt_fatal("cannot reserve a stack");
    usable = (usable / 2) & ~page_mask;
  }
}

void guarded_stack_unmap(void *stack, size_t bytes, enum guard_side side) {
  char *mapping = side == GUARD_BELOW ? (char *)stack - GUARD_BYTES : stack;
  set_watched_guard((uintptr_t)guard_start(mapping, bytes, side), 0);
  if (stack == c_stack_low)
    c_stack_low = c_stack_high = NULL;
  munmap(mapping, bytes + GUARD_BYTES);
}

/* The memory limit of this process's control group (cgroup v2), or 0. */
static uint64_t cgroup_memory_limit(void) {
  FILE *file = fopen("/sys/fs/cgroup/memory.max", "r");
  if (!file)
    return 0;
  unsigned long long limit = 0;
  if (fscanf(file, "%llu", &limit) != 1) /* "max": no limit */
    limit = 0;
  fclose(file);
  return (uint64_t)limit;
}

uint64_t default_stack_bytes(void) {
  long pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
  uint64_t memory = pages > 0 && page_bytes > 0
                        ? (uint64_t)pages * (uint64_t)page_bytes
                        : (uint64_t)8 << 30;
  uint64_t limit = cgroup_memory_limit();
  if (limit != 0 && limit < memory)
    memory = limit;
  uint64_t bytes = memory / 5 * 2;
  return bytes > MIN_STACK_BYTES ? bytes : MIN_STACK_BYTES;
}

static bool in_watched_guard(uintptr_t address) {
  for (size_t i = 0; i < MAX_WATCHED_GUARDS; i++) {
    uintptr_t guard = watched_guards[i];
    if (guard != 0 && address >= guard && address - guard < GUARD_BYTES)
      return true;
  }
  return false;
}

/* Async-signal-safe: only write(2), _exit, signal and raise. */
static void on_segv(int signal_number, siginfo_t *info, void *context) {
  (void)context;
  if (in_watched_guard((uintptr_t)info->si_addr)) {
    static const char message[] = "runtime error: stack overflow\n";
    output_flush_from_signal();
    ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(1);
  }
  /* A real crash: let it crash as if we had never been here. */
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

/* The alternate signal stack of the evaluating thread (one at a time). It is
 * mapped, not static: a sanitizer's runtime unmaps whatever alternate stack
 * a thread still has when it ends. */
#define SIGNAL_STACK_BYTES ((size_t)1 << 16)
static void *signal_stack_memory;

void error_catch_stack_overflow(void) {
  signal_stack_memory = mmap(NULL, SIGNAL_STACK_BYTES, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (signal_stack_memory == MAP_FAILED)
    rt_fatal("cannot install the stack overflow handler");
  stack_t signal_stack = {.ss_sp = signal_stack_memory,
                          .ss_size = SIGNAL_STACK_BYTES};
  struct sigaction action = {.sa_sigaction = on_segv,
                             .sa_flags = SA_SIGINFO | SA_ONSTACK};
  sigemptyset(&action.sa_mask);
  if (sigaltstack(&signal_stack, NULL) != 0 ||
      sigaction(SIGSEGV, &action, NULL) != 0)
    rt_fatal("cannot install the stack overflow handler");
}

void error_release_signal_stack(void) {
  stack_t disabled = {.ss_flags = SS_DISABLE};
  sigaltstack(&disabled, NULL);
  munmap(signal_stack_memory, SIGNAL_STACK_BYTES);
  signal_stack_memory = NULL;
}
