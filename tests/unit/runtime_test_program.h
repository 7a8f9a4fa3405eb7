// runtime_test_program - what the runtime unit tests run on.
//
// lazyc_program here is a hand-written stand-in for generated code: a few
// supercombinator entries that follow lazyc_rt.h's calling convention and
// use its fast paths as the code generator's output does.  Machine wraps a
// gmachine's lifetime; the stack operations below build graphs on the
// machine's own stack as compiled code would; the rest are helpers the
// runtime tests share.
#ifndef LAZYC_RUNTIME_TEST_PROGRAM_H
#define LAZYC_RUNTIME_TEST_PROGRAM_H

#include "error.h"
#include "eval.h"
#include "heap.h"
#include "show.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>

enum TestCtor : uint32_t { kNil, kCons, kPair, kLeaf, kNode };

enum TestGlobal : uint32_t {
  kK,            // K x y = x
  kLength,       // length xs, not tail recursive, through spines
  kFrom,         // from n = Cons n (from (n + 1)), the tail a thunk
  kCountdown,    // countdown n = Cons n (countdown (n - 1)), Nil at 0
  kCount,        // count n = 1 + count (n - 1), 0 at 0; records its frames
  kAnswer,       // answer = 42
  kLongList,     // long_list = countdown 1000000
  kSelfLoop,     // self_loop = self_loop
  kHoleLoop,     // hole_loop = let rec x = x in x
  kDivideByZero, // divide_by_zero = 1 / 0
  kNoMatch,      // no_match = a case that matches nothing
  kGlobalCount
};

constexpr int64_t kLongListLength = 1000000;

constexpr size_t kTestStackBytes = size_t{64} << 20;

// Heap options from the defaults, e.g. HeapOptions().Stress(7).Check().
struct HeapOptions : heap_options {
  HeapOptions() : heap_options{} {}
  HeapOptions &Limit(uint64_t bytes) {
    byte_limit = bytes;
    return *this;
  }
  HeapOptions &Stress(uint64_t interval) {
    stress_interval = interval;
    return *this;
  }
  HeapOptions &Generations(uint32_t count) {
    generations = count;
    return *this;
  }
  HeapOptions &Nursery(uint64_t nodes) {
    nursery_nodes = nodes;
    return *this;
  }
  HeapOptions &NeverCollect() {
    never_collect = true;
    return *this;
  }
  HeapOptions &Check() {
    check = true;
    return *this;
  }
  HeapOptions &NoPretenuring() {
    no_pretenuring = true;
    return *this;
  }
};

// A machine on lazyc_program (or another program) with a modest stack.
// With two generations its minor collections always run: whether they pay
// is measured in time (heap.h), and what a test sees must not hang on this
// machine's speed; the test of that choice turns it back on.
struct Machine {
  explicit Machine(const machine_options &options);
  // With the test stack.
  explicit Machine(const heap_options &heap);
  explicit Machine(const struct lazyc_program &program = lazyc_program,
                   const heap_options &heap = HeapOptions());
  ~Machine();
  Machine(const Machine &) = delete;
  Machine &operator=(const Machine &) = delete;

  size_t Depth() const { return static_cast<size_t>(gm.m.sp - gm.stack); }
  struct node *Top(size_t offset = 0) const {
    return gm.m.sp[-1 - static_cast<ptrdiff_t>(offset)];
  }
  // The number in the (evaluated) number node at OFFSET.
  int64_t Number(size_t offset = 0) const;
  // The nodes marked after the last collection: every node a major one
  // leaves is live; a minor one leaves old garbage marked too.
  uint64_t LiveNodes() const { return gm.heap.marked_nodes; }
  size_t BlocksInUse() const { return gm.heap.zone.blocks_in_use; }

  gmachine gm;
};

// Nodes that live as long as a machine on lazyc_program: one per global.
constexpr uint64_t kGlobalNodes = kGlobalCount;

// The stack operations of compiled code (gmachine.h), on the machine's own
// stack (lazyc_machine.sp), to build graphs as compiled code does.
void PushNode(gmachine &gm, node *n);
void Push(gmachine &gm, size_t offset);
void PushInt(gmachine &gm, int64_t value);
void PushGlobal(gmachine &gm, uint32_t global);
void MkApp(gmachine &gm);
void MkThunk(gmachine &gm, uint32_t global);
void Pack(gmachine &gm, uint32_t ctor, uint32_t arity);
void Split(gmachine &gm, uint32_t arity);
void Slide(gmachine &gm, size_t n);
void Pop(gmachine &gm, size_t n);
void Alloc(gmachine &gm, size_t holes);
void Update(gmachine &gm, size_t offset); // fill the hole at offset
void Eval(gmachine &gm);

// Push the list [first, first + 1, .., first + length - 1], built strictly.
void PushList(gmachine &gm, int64_t first, int64_t length);

// Expect LIST to be the list [first, first + 1, .., first + length - 1].
void ExpectList(const node *list, int64_t first, int64_t length);

// The blocks of allocation class CLS (lazyc_rt.h).
std::set<block *> BlocksOfClass(const heap &h, uint32_t cls);

// What show_top prints for the node on top (which it pops).
std::string ShowTop(gmachine &gm);

// Run BODY on a thread whose C stack has STACK_BYTES and a guard, like the
// evaluation thread of a compiled program.
void RunOnGuardedStack(size_t stack_bytes, const std::function<void()> &body);

// The frame addresses count's deepest and shallowest levels saw.
struct FrameSpan {
  uintptr_t highest = 0;
  uintptr_t lowest = UINTPTR_MAX;
};
extern FrameSpan count_frames;

#endif
