/* main - the entry point of a compiled program.
 *
 * Parses the RTS options, evaluates and prints main on a thread whose C
 * stack is big enough for deep recursion, and reports statistics.  Only
 * main() lives here, so that the unit tests link everything else.
 */
#include "error.h"
#include "eval.h"
#include "heap.h"
#include "show.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rts_options {
  bool print_stats;
  uint64_t stack_bytes; /* -K */
  struct heap_options heap;
};

struct run {
  struct rts_options options;
  double start_seconds;
};

static void print_usage(FILE *stream, const char *program) {
  fprintf(stream,
          "usage: %s [+RTS [-s] [-M<size>] [-G1|-G2] [-A<size>] [-K<size>] "
          "[--gc-stress[=N]] "
          "[--check-heap] [--no-gc] [--no-pretenuring] [-?] [-RTS]]\n",
          program);
}

static void print_help(const char *program) {
  print_usage(stdout, program);
  fputs("  -s              print statistics to standard error at exit\n"
        "  -M<size>        limit the heap to size bytes (suffix k, m or g)\n"
        "  -G1, -G2        one generation, or two (the default): minor\n"
        "                  collections of the young nodes between major\n"
        "                  ones, when they pay\n"
        "  -A<size>        the young generation: a collection every size\n"
        "                  bytes of allocation, counting a node as 24 bytes\n"
        "                  (default 1536k)\n"
        "  -K<size>        limit each of the two evaluation stacks (default\n"
        "                  40% of the memory, so 80% for both)\n"
        "  --gc-stress     collect garbage at every allocation, minor\n"
        "                  and major collections in turn, every allocation\n"
        "                  site changing class at each\n"
        "  --gc-stress=N   the same at every N-th allocation\n"
        "  --check-heap    verify the heap and the generations at every\n"
        "                  collection\n"
        "  --no-gc         never collect garbage (to measure the collector)\n"
        "  --no-pretenuring  never place the nodes of an allocation site\n"
        "                  whose nodes live long apart from the others (to\n"
        "                  measure what pretenuring saves)\n"
        "  -?, --help      print this help\n",
        stdout);
}

LAZYC_NORETURN static void reject_argument(const char *program,
                                           const char *argument) {
  fprintf(stderr, "error: unknown argument '%s'\n", argument);
  print_usage(stderr, program);
  exit(1);
}

/* A known option with a value it cannot take: what it expects instead. */
LAZYC_NORETURN static void reject_value(const char *program, const char *option,
                                        const char *value,
                                        const char *expected) {
  fprintf(stderr, "error: invalid value '%s' for +RTS %s: %s\n", value, option,
          expected);
  print_usage(stderr, program);
  exit(1);
}

static const char size_expected[] =
    "expected a positive number of bytes, with an optional suffix k, m or g";

/* The smallest stack the evaluation thread starts on. */
static uint64_t smallest_stack_bytes(void) {
  long smallest = sysconf(_SC_THREAD_STACK_MIN);
  return smallest > 0 ? (uint64_t)smallest : (uint64_t)PTHREAD_STACK_MIN;
}

/* "64m" and the like: a positive number with an optional k, m or g. */
static bool parse_size(const char *text, uint64_t *bytes) {
  char *end;
  if (*text < '0' || *text > '9')
    return false;
  errno = 0;
  uint64_t number = strtoull(text, &end, 10);
  unsigned shift = 0;
  switch (*end) {
  case 'k':
  case 'K':
    shift = 10;
    end++;
    break;
  case 'm':
  case 'M':
    shift = 20;
    end++;
    break;
  case 'g':
  case 'G':
    shift = 30;
    end++;
    break;
  }
  if (errno != 0 || *end != '\0' || number == 0 ||
      number > (UINT64_MAX >> shift))
    return false;
  *bytes = number << shift;
  return true;
}

/* -A's size as a number of nodes: one at least. */
static bool parse_nursery(const char *text, uint64_t *nodes) {
  uint64_t bytes;
  if (!parse_size(text, &bytes))
    return false;
  *nodes = bytes < HEAP_NODE_BYTES ? 1 : bytes / HEAP_NODE_BYTES;
  return true;
}

/* A positive count, as in --gc-stress=1000. */
static bool parse_count(const char *text, uint64_t *count) {
  char *end;
  if (*text < '0' || *text > '9')
    return false;
  errno = 0;
  *count = strtoull(text, &end, 10);
  return errno == 0 && *end == '\0' && *count > 0;
}

static struct rts_options parse_options(int argc, char **argv) {
  /* Reserved, not committed: only touched pages cost memory. */
  struct rts_options options = {.stack_bytes = default_stack_bytes()};
  bool in_rts = false;
  for (int i = 1; i < argc; i++) {
    const char *argument = argv[i];
    if (strcmp(argument, "+RTS") == 0)
      in_rts = true;
    else if (!in_rts)
      reject_argument(argv[0], argument);
    else if (strcmp(argument, "-RTS") == 0)
      in_rts = false;
    else if (strcmp(argument, "-s") == 0)
      options.print_stats = true;
    else if (strcmp(argument, "--gc-stress") == 0)
      options.heap.stress_interval = 1;
    else if (strcmp(argument, "-G1") == 0 || strcmp(argument, "-G2") == 0)
      options.heap.generations = (uint32_t)(argument[2] - '0');
    else if (strcmp(argument, "--check-heap") == 0)
      options.heap.check = true;
    else if (strcmp(argument, "--no-gc") == 0)
      options.heap.never_collect = true;
    else if (strcmp(argument, "--no-pretenuring") == 0)
      options.heap.no_pretenuring = true;
    else if (strcmp(argument, "-?") == 0 || strcmp(argument, "--help") == 0) {
      print_help(argv[0]);
      exit(0);
    } else if (strncmp(argument, "-M", 2) == 0) {
      if (!parse_size(argument + 2, &options.heap.byte_limit))
        reject_value(argv[0], "-M", argument + 2, size_expected);
    } else if (strncmp(argument, "-A", 2) == 0) {
      if (!parse_nursery(argument + 2, &options.heap.nursery_nodes))
        reject_value(argv[0], "-A", argument + 2, size_expected);
    } else if (strncmp(argument, "-K", 2) == 0) {
      if (!parse_size(argument + 2, &options.stack_bytes))
        reject_value(argv[0], "-K", argument + 2, size_expected);
      if (options.stack_bytes < smallest_stack_bytes()) {
        char smallest[80];
        snprintf(smallest, sizeof smallest,
                 "the stack is too small: the smallest is %llu bytes",
                 (unsigned long long)smallest_stack_bytes());
        reject_value(argv[0], "-K", argument + 2, smallest);
      }
    } else if (strncmp(argument, "--gc-stress=", 12) == 0) {
      if (!parse_count(argument + 12, &options.heap.stress_interval))
        reject_value(argv[0], "--gc-stress", argument + 12,
                     "expected a positive count of allocations");
    } else if (strncmp(argument, "-G", 2) == 0) {
      reject_value(argv[0], "-G", argument + 2, "expected 1 or 2");
    } else {
      reject_argument(argv[0], argument);
    }
  }
  return options;
}

/* 1234567 as "1,234,567". */
static const char *with_commas(uint64_t value, char text[32]) {
  char *first = text + 31;
  *first = '\0';
  for (int digits = 0; digits == 0 || value > 0; digits++) {
    if (digits > 0 && digits % 3 == 0)
      *--first = ',';
    *--first = (char)('0' + value % 10);
    value /= 10;
  }
  return first;
}

/* Laid out like GHC's +RTS -s. */
static void print_stats(struct gmachine *gm, double total_seconds) {
  struct heap *heap = &gm->heap;
  const struct heap_stats *stats = heap_statistics(gm);
  /* Without a major collection nothing is known to be dead. */
  bool collected = stats->major.count != 0;
  char text[32];
  const struct {
    uint64_t value;
    const char *what;
  } counts[] = {
      {stats->nodes_allocated, "nodes allocated"},
      {stats->bytes_allocated, "bytes allocated"},
      {stats->minor.count, "minor collections"},
      {stats->major.count, "major collections"},
      {stats->nodes_marked, "nodes marked"},
      {collected ? stats->peak_live_nodes : stats->nodes_allocated,
       "peak live nodes"},
      {collected ? stats->peak_live_bytes : stats->bytes_allocated,
       "peak live bytes"},
      {heap->zone.peak_blocks * BLOCK_BYTES, "peak heap bytes"},
      {heap->zone.blocks_in_use, "blocks in use at exit"},
      {heap->tenure.site_count, "allocation sites"},
      {tenure_tenured_sites(&heap->tenure), "sites tenured at exit"},
      {heap->tenure.moves, "moves between classes"},
  };
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
    fprintf(stderr, "%16s %s\n", with_commas(counts[i].value, text),
            counts[i].what);
  double gc_seconds = stats->mark_seconds + stats->sweep_seconds;
  double share = total_seconds > 0 ? 100 * gc_seconds / total_seconds : 0;
  fprintf(stderr,
          "\n"
          "  MUT time   %8.3fs\n"
          "  GC time    %8.3fs  (mark %.3fs, sweep %.3fs)\n"
          "    minor    %8.3fs  (longest pause %.4fs)\n"
          "    major    %8.3fs  (longest pause %.4fs)\n"
          "  Total time %8.3fs\n"
          "\n"
          "  GC share   %7.1f%%\n",
          total_seconds - gc_seconds, gc_seconds, stats->mark_seconds,
          stats->sweep_seconds, stats->minor.seconds,
          stats->minor.longest_pause, stats->major.seconds,
          stats->major.longest_pause, total_seconds, share);
}

/* The machine of the program: compiled code refers to it by this name
 * (lazyc_rt.h). */
struct gmachine lazyc_main_machine;

static void *evaluate(void *argument) {
  const struct run *run = argument;
  error_catch_stack_overflow();
  struct gmachine *gm = &lazyc_main_machine;
  machine_init(gm, &lazyc_program,
               &(struct machine_options){
                   .stack_bytes = (size_t)run->options.stack_bytes,
                   .heap = run->options.heap,
               });
  machine_push_main(gm);
  show_top(gm);
  output_flush();
  if (run->options.print_stats)
    print_stats(gm, clock_seconds() - run->start_seconds);
  machine_release(gm);
  error_release_signal_stack();
  return NULL;
}

int main(int argc, char **argv) {
  struct run run;
  run.start_seconds = clock_seconds();
  run.options = parse_options(argc, argv);
  /* A closed pipe shows up as EPIPE from write(2), handled there. */
  signal(SIGPIPE, SIG_IGN);
  size_t stack_bytes = (size_t)run.options.stack_bytes;
  void *stack = guarded_stack_map(&stack_bytes, GUARD_BELOW);
  pthread_attr_t attributes;
  pthread_t evaluator;
  if (pthread_attr_init(&attributes) != 0 ||
      pthread_attr_setstack(&attributes, stack, stack_bytes) != 0 ||
      pthread_create(&evaluator, &attributes, evaluate, &run) != 0)
    rt_fatal("cannot start the evaluation thread");
  pthread_join(evaluator, NULL);
  pthread_attr_destroy(&attributes);
  guarded_stack_unmap(stack, stack_bytes, GUARD_BELOW);
  return 0;
}
