// runtime_test_program - hand-written supercombinators for the unit tests.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <pthread.h>

FrameSpan count_frames;

namespace {

int64_t TopNumber(gmachine *gm) {
  return reinterpret_cast<node_num *>(gm->sp[-1])->value;
}

// Arguments at offsets 0..arity-1, the redex root at offset arity.
void K(gmachine *gm) {
  rt_push(gm, 0);
  rt_update(gm, 2);
  rt_pop(gm, 2);
}

void Length(gmachine *gm) {
  rt_push(gm, 0);
  rt_eval(gm);
  if (rt_ctor_tag(gm) == kNil) {
    rt_split(gm, 0);
    rt_push_int(gm, 0);
  } else {
    rt_split(gm, 2); // [xs, tail, head]
    rt_push(gm, 1);
    rt_push_global(gm, kLength);
    rt_mkapp(gm);
    rt_eval(gm);
    rt_push_int(gm, 1);
    rt_binop(gm, BINOP_ADD);
    rt_slide(gm, 2);
  }
  rt_update(gm, 1);
  rt_pop(gm, 1);
}

void From(gmachine *gm) {
  rt_push(gm, 0);
  rt_eval(gm);
  rt_push_int(gm, 1);
  rt_binop(gm, BINOP_ADD);
  rt_push_global(gm, kFrom);
  rt_mkapp(gm);
  rt_push(gm, 1);
  rt_pack(gm, kCons, 2);
  rt_update(gm, 1);
  rt_pop(gm, 1);
}

void Countdown(gmachine *gm) {
  rt_push(gm, 0);
  rt_eval(gm);
  if (TopNumber(gm) == 0) {
    rt_pop(gm, 1);
    rt_pack(gm, kNil, 0);
  } else {
    rt_push_int(gm, 1);
    rt_binop(gm, BINOP_SUB);
    rt_push_global(gm, kCountdown);
    rt_mkapp(gm);
    rt_push(gm, 1);
    rt_pack(gm, kCons, 2);
  }
  rt_update(gm, 1);
  rt_pop(gm, 1);
}

void Count(gmachine *gm) {
  auto frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  count_frames.highest = std::max(count_frames.highest, frame);
  count_frames.lowest = std::min(count_frames.lowest, frame);
  rt_push(gm, 0);
  rt_eval(gm);
  if (TopNumber(gm) != 0) {
    rt_push_int(gm, 1);
    rt_binop(gm, BINOP_SUB);
    rt_push_global(gm, kCount);
    rt_mkapp(gm);
    rt_eval(gm);
    rt_push_int(gm, 1);
    rt_binop(gm, BINOP_ADD);
  }
  rt_update(gm, 1);
  rt_pop(gm, 1);
}

void Answer(gmachine *gm) {
  rt_push_int(gm, 42);
  rt_update(gm, 0);
  rt_pop(gm, 0);
}

void LongList(gmachine *gm) {
  rt_push_int(gm, kLongListLength);
  rt_push_global(gm, kCountdown);
  rt_mkapp(gm);
  rt_update(gm, 0);
  rt_pop(gm, 0);
}

void SelfLoop(gmachine *gm) {
  rt_push_global(gm, kSelfLoop);
  rt_update(gm, 0);
  rt_pop(gm, 0);
}

void HoleLoop(gmachine *gm) {
  rt_alloc(gm, 1);
  rt_push(gm, 0);
  rt_update(gm, 0);
  rt_push(gm, 0);
  rt_slide(gm, 1);
  rt_update(gm, 0);
  rt_pop(gm, 0);
}

void DivideByZero(gmachine *gm) {
  rt_push_int(gm, 1);
  rt_push_int(gm, 0);
  rt_binop(gm, BINOP_DIV);
  rt_update(gm, 0);
  rt_pop(gm, 0);
}

void NoMatch(gmachine *gm) { rt_no_match(gm); }

const lazyc_global_info kGlobals[kGlobalCount] = {
    {"K", 2, K},
    {"length", 1, Length},
    {"from", 1, From},
    {"countdown", 1, Countdown},
    {"count", 1, Count},
    {"answer", 0, Answer},
    {"long_list", 0, LongList},
    {"self_loop", 0, SelfLoop},
    {"hole_loop", 0, HoleLoop},
    {"divide_by_zero", 0, DivideByZero},
    {"no_match", 0, NoMatch},
};

const lazyc_ctor_info kCtors[] = {
    {"Nil", 0}, {"Cons", 2}, {"Pair", 2}, {"Leaf", 0}, {"Node", 3},
};

} // namespace

extern "C" const struct lazyc_program lazyc_program = {
    kGlobalCount, kGlobals, sizeof kCtors / sizeof kCtors[0],
    kCtors,       kAnswer,  0,
};

Machine::Machine(const machine_options &options) {
  machine_init(&gm, &lazyc_program, &options);
}

Machine::Machine(const heap_options &heap)
    : Machine(machine_options{kTestStackBytes, heap}) {}

Machine::Machine(const struct lazyc_program &program) {
  machine_options options{kTestStackBytes, HeapOptions()};
  machine_init(&gm, &program, &options);
}

Machine::~Machine() { machine_release(&gm); }

int64_t Machine::Number(size_t offset) const {
  return reinterpret_cast<node_num *>(Top(offset))->value;
}

void PushList(gmachine &gm, int64_t first, int64_t length) {
  rt_pack(&gm, kNil, 0);
  for (int64_t value = first + length - 1; value >= first; value--) {
    rt_push_int(&gm, value);
    rt_pack(&gm, kCons, 2);
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
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run,
                           const_cast<std::function<void()> *>(&body)),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  guarded_stack_unmap(stack, stack_bytes, GUARD_BELOW);
}
