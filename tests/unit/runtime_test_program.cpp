// runtime_test_program - hand-written supercombinators for the unit tests.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <pthread.h>

FrameSpan count_frames;

namespace {

// Code: the arguments are sp[-1] .. sp[-arity] (the first on top); what
// must survive an allocation is on the stack.  Entries and thunk entries
// are derived from it as the code generator derives them.

node *K(lazyc_machine *, node **sp) { return sp[-1]; }

node *Length(lazyc_machine *m, node **sp) {
  node *list = sp[-1] = rt_eval(m, sp, sp[-1]);
  int64_t length = 0;
  if (list->tag == kCons) {
    sp[0] = lazyc_fields(list)[1];
    sp[1] = lazyc_global(m, kLength);
    node *app = lazyc_new_app(m, sp + 2, NODE_APP, sp[1], sp[0]);
    length = 1 + lazyc_num(rt_eval(m, sp, app));
  }
  return lazyc_new_num(m, sp, length);
}

// Cons n t where the thunk t calls from (n + 1).
node *From(lazyc_machine *m, node **sp) {
  node *n = sp[-1] = rt_eval(m, sp, sp[-1]);
  sp[0] = lazyc_new_num(m, sp, lazyc_num(n) + 1);
  sp[1] = lazyc_new_fields(m, sp + 1, NODE_THUNK, kFrom, 1);
  lazyc_fields(sp[1])[0] = sp[0];
  node *cons = lazyc_new_fields(m, sp + 2, NODE_DATA, kCons, 2);
  lazyc_fields(cons)[0] = sp[-1];
  lazyc_fields(cons)[1] = sp[1];
  return cons;
}

// Cons n (countdown (n - 1)), the tail a spine.
node *Countdown(lazyc_machine *m, node **sp) {
  node *n = sp[-1] = rt_eval(m, sp, sp[-1]);
  if (lazyc_num(n) == 0)
    return lazyc_constant(m, kNil);
  sp[0] = lazyc_new_num(m, sp, lazyc_num(n) - 1);
  sp[1] = lazyc_global(m, kCountdown);
  sp[1] = lazyc_new_app(m, sp + 2, NODE_APP, sp[1], sp[0]);
  node *cons = lazyc_new_fields(m, sp + 2, NODE_DATA, kCons, 2);
  lazyc_fields(cons)[0] = sp[-1];
  lazyc_fields(cons)[1] = sp[1];
  return cons;
}

node *Count(lazyc_machine *m, node **sp) {
  auto frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  count_frames.highest = std::max(count_frames.highest, frame);
  count_frames.lowest = std::min(count_frames.lowest, frame);
  int64_t n = lazyc_num(sp[-1] = rt_eval(m, sp, sp[-1]));
  int64_t count = 0;
  if (n != 0) {
    sp[0] = lazyc_new_num(m, sp, n - 1);
    sp[1] = lazyc_global(m, kCount);
    node *app = lazyc_new_app(m, sp + 2, NODE_APP, sp[1], sp[0]);
    count = 1 + lazyc_num(rt_eval(m, sp, app));
  }
  return lazyc_new_num(m, sp, count);
}

node *Answer(lazyc_machine *m, node **sp) { return lazyc_new_num(m, sp, 42); }

// The spine countdown 1000000, unevaluated, for the caller to go on with.
node *LongList(lazyc_machine *m, node **sp) {
  sp[0] = lazyc_new_num(m, sp, kLongListLength);
  sp[1] = lazyc_global(m, kCountdown);
  return lazyc_new_app(m, sp + 2, NODE_APP, sp[1], sp[0]);
}

node *SelfLoop(lazyc_machine *m, node **) { return lazyc_global(m, kSelfLoop); }

node *HoleLoop(lazyc_machine *m, node **sp) {
  node *hole = sp[0] = lazyc_new_hole(m, sp);
  lazyc_fill_hole(m, hole, hole);
  return hole;
}

node *DivideByZero(lazyc_machine *m, node **sp) {
  return lazyc_new_num(m, sp, lazyc_div(1, 0));
}

node *NoMatch(lazyc_machine *, node **) { lazyc_no_match(); }

// The code with the signature every code has; none of these takes values.
using NodeCode = node *(*)(lazyc_machine *, node **);
template <NodeCode Code>
node *WithValues(lazyc_machine *m, node **sp, int64_t, int64_t, int64_t,
                 int64_t) {
  return Code(m, sp);
}

template <NodeCode Code, uint32_t Arity>
node *Entry(lazyc_machine *m, node **sp) {
  node *value = Code(m, sp);
  return lazyc_update(m, sp[-1 - static_cast<ptrdiff_t>(Arity)], value);
}

template <NodeCode Code, uint32_t Arity>
node *ThunkEntry(lazyc_machine *m, node **sp, node *thunk) {
  sp[0] = thunk;
  for (uint32_t i = 0; i < Arity; i++)
    sp[Arity - i] = lazyc_fields(thunk)[i];
  lazyc_blackhole(thunk);
  return Entry<Code, Arity>(m, sp + Arity + 1);
}

template <NodeCode Code, uint32_t Arity>
constexpr lazyc_global_info Global(const char *name) {
  return {name, Arity, Entry<Code, Arity>, WithValues<Code>,
          ThunkEntry<Code, Arity>};
}

const lazyc_global_info kGlobals[kGlobalCount] = {
    Global<K, 2>("K"),
    Global<Length, 1>("length"),
    Global<From, 1>("from"),
    Global<Countdown, 1>("countdown"),
    Global<Count, 1>("count"),
    Global<Answer, 0>("answer"),
    Global<LongList, 0>("long_list"),
    Global<SelfLoop, 0>("self_loop"),
    Global<HoleLoop, 0>("hole_loop"),
    Global<DivideByZero, 0>("divide_by_zero"),
    Global<NoMatch, 0>("no_match"),
};

const lazyc_ctor_info kCtors[] = {
    {"Nil", 0}, {"Cons", 2}, {"Pair", 2}, {"Leaf", 0}, {"Node", 3},
};

} // namespace

extern "C" const struct lazyc_program lazyc_program = {
    kGlobalCount,
    kGlobals,
    sizeof kCtors / sizeof kCtors[0],
    kCtors,
    kAnswer,
    0,
    0,
    nullptr,
};

Machine::Machine(const machine_options &options) {
  machine_init(&gm, &lazyc_program, &options);
  gm.heap.judge_minors = false;
}

Machine::Machine(const heap_options &heap)
    : Machine(machine_options{kTestStackBytes, heap}) {}

Machine::Machine(const struct lazyc_program &program,
                 const heap_options &heap) {
  machine_options options{kTestStackBytes, heap};
  machine_init(&gm, &program, &options);
  gm.heap.judge_minors = false;
}

Machine::~Machine() { machine_release(&gm); }

int64_t Machine::Number(size_t offset) const {
  return reinterpret_cast<node_num *>(Top(offset))->value;
}

void PushNode(gmachine &gm, node *n) { *gm.m.sp++ = n; }

void Push(gmachine &gm, size_t offset) {
  PushNode(gm, gm.m.sp[-1 - static_cast<ptrdiff_t>(offset)]);
}

void PushInt(gmachine &gm, int64_t value) {
  PushNode(gm, lazyc_new_num(&gm.m, gm.m.sp, value));
}

void PushGlobal(gmachine &gm, uint32_t global) {
  PushNode(gm, lazyc_global(&gm.m, global));
}

void MkApp(gmachine &gm) {
  node *app = lazyc_new_app(&gm.m, gm.m.sp, NODE_APP, gm.m.sp[-1], gm.m.sp[-2]);
  gm.m.sp -= 2;
  PushNode(gm, app);
}

// Fields (field 0 on top) into a new node of KIND.
static void PackFields(gmachine &gm, node_kind kind, uint32_t tag,
                       uint32_t arity) {
  node *n = lazyc_new_fields(&gm.m, gm.m.sp, kind, tag, arity);
  for (uint32_t i = 0; i < arity; i++)
    lazyc_fields(n)[i] = gm.m.sp[-1 - static_cast<ptrdiff_t>(i)];
  gm.m.sp -= arity;
  PushNode(gm, n);
}

void MkThunk(gmachine &gm, uint32_t global) {
  PackFields(gm, NODE_THUNK, global, gm.program->globals[global].arity);
}

void Pack(gmachine &gm, uint32_t ctor, uint32_t arity) {
  if (arity == 0)
    PushNode(gm, lazyc_constant(&gm.m, ctor));
  else
    PackFields(gm, NODE_DATA, ctor, arity);
}

void Split(gmachine &gm, uint32_t arity) {
  node *data = *--gm.m.sp;
  for (uint32_t i = arity; i-- > 0;)
    PushNode(gm, lazyc_fields(data)[i]);
}

void Slide(gmachine &gm, size_t n) {
  node *top = gm.m.sp[-1];
  gm.m.sp -= n;
  gm.m.sp[-1] = top;
}

void Pop(gmachine &gm, size_t n) { gm.m.sp -= n; }

void Alloc(gmachine &gm, size_t holes) {
  for (size_t i = 0; i < holes; i++)
    PushNode(gm, lazyc_new_hole(&gm.m, gm.m.sp));
}

void Update(gmachine &gm, size_t offset) {
  node *value = *--gm.m.sp;
  lazyc_fill_hole(&gm.m, gm.m.sp[-1 - static_cast<ptrdiff_t>(offset)], value);
}

void Eval(gmachine &gm) { machine_eval_top(&gm); }

void PushList(gmachine &gm, int64_t first, int64_t length) {
  Pack(gm, kNil, 0);
  for (int64_t value = first + length - 1; value >= first; value--) {
    PushInt(gm, value);
    Pack(gm, kCons, 2);
  }
}

void ExpectList(const node *list, int64_t first, int64_t length) {
  for (int64_t expected = first; expected < first + length; expected++) {
    ASSERT_EQ(list->kind, NODE_DATA);
    ASSERT_EQ(list->tag, kCons);
    auto *cons = reinterpret_cast<const node_data *>(list);
    ASSERT_EQ(reinterpret_cast<node_num *>(cons->fields[0])->value, expected);
    list = cons->fields[1];
  }
  ASSERT_EQ(list->kind, NODE_DATA);
  ASSERT_EQ(list->tag, kNil);
}

std::set<block *> BlocksOfClass(const heap &h, uint32_t cls) {
  std::set<block *> blocks;
  for (block *b = h.classes[cls].blocks; b; b = b->next)
    blocks.insert(b);
  return blocks;
}

std::string ShowTop(gmachine &gm) {
  FILE *file = std::tmpfile();
  output_set_fd(fileno(file));
  show_top(&gm);
  output_flush();
  output_set_fd(1);
  std::string text;
  std::rewind(file);
  for (int c; (c = std::fgetc(file)) != EOF;)
    text += static_cast<char>(c);
  std::fclose(file);
  return text;
}

void RunOnGuardedStack(size_t stack_bytes, const std::function<void()> &body) {
  void *stack = guarded_stack_map(&stack_bytes, GUARD_BELOW);
  pthread_attr_t attributes;
  pthread_t thread;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstack(&attributes, stack, stack_bytes), 0);
  auto run = [](void *argument) -> void * {
    error_catch_stack_overflow();
    (*static_cast<const std::function<void()> *>(argument))();
    error_release_signal_stack();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run,
                           const_cast<std::function<void()> *>(&body)),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  guarded_stack_unmap(stack, stack_bytes, GUARD_BELOW);
}
