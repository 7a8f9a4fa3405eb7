// Eval and unwind, arithmetic, and the runtime errors evaluation can meet.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace {

// Push f a_1 .. a_n as an application spine: the arguments, last one first.
void PushApplication(gmachine &gm, uint32_t global,
                     std::initializer_list<int64_t> arguments) {
  for (auto it = arguments.end(); it != arguments.begin();)
    rt_push_int(&gm, *--it);
  rt_push_global(&gm, global);
  for (size_t i = 0; i < arguments.size(); i++)
    rt_mkapp(&gm);
}

TEST(RuntimeEval, ANumberIsAlreadyInWeakHeadNormalForm) {
  Machine m;
  rt_push_int(&m.gm, 5);
  node *five = m.Top();
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), five);
}

TEST(RuntimeEval, ASaturatedApplicationIsReducedInPlace) {
  Machine m;
  rt_push_int(&m.gm, 0); // a node below must stay untouched
  PushApplication(m.gm, kK, {1, 2});
  node *redex = m.Top();
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Number(0), 1);
  EXPECT_EQ(m.Number(1), 0);
  ASSERT_EQ(redex->kind, NODE_IND);
  EXPECT_EQ(reinterpret_cast<node_ind *>(redex)->target, m.Top());
}

TEST(RuntimeEval, APartialApplicationIsItsOwnValue) {
  Machine m;
  PushApplication(m.gm, kK, {1});
  node *spine = m.Top();
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), spine);
  EXPECT_EQ(spine->kind, NODE_APP);
}

TEST(RuntimeEval, AnUnappliedFunctionIsItsOwnValue) {
  Machine m;
  rt_push_global(&m.gm, kK);
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), m.gm.globals[kK]);
}

// K (K 7) 1 2: K returns a function that takes the remaining argument.
TEST(RuntimeEval, AnOversaturatedApplicationKeepsUnwinding) {
  Machine m;
  rt_push_int(&m.gm, 2);
  rt_push_int(&m.gm, 1);
  PushApplication(m.gm, kK, {7});
  rt_push_global(&m.gm, kK);
  rt_mkapp(&m.gm);
  rt_mkapp(&m.gm);
  rt_mkapp(&m.gm);
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 7);
}

TEST(RuntimeEval, ACafIsUpdatedOnceAndShared) {
  Machine m;
  rt_push_global(&m.gm, kAnswer);
  rt_eval(&m.gm);
  EXPECT_EQ(m.Number(), 42);
  node *global = m.gm.globals[kAnswer];
  ASSERT_EQ(global->kind, NODE_IND);
  node *value = reinterpret_cast<node_ind *>(global)->target;
  rt_push_global(&m.gm, kAnswer);
  rt_eval(&m.gm);
  EXPECT_EQ(m.Top(), value);
}

TEST(RuntimeEval, EvalFollowsIndirections) {
  Machine m;
  rt_alloc(&m.gm, 1);
  rt_push_int(&m.gm, 3);
  rt_update(&m.gm, 0);
  rt_eval(&m.gm);
  EXPECT_EQ(m.Top()->kind, NODE_NUM);
  EXPECT_EQ(m.Number(), 3);
}

TEST(RuntimeEval, RecursionThroughEval) {
  Machine m;
  PushList(m.gm, 1, 1000);
  rt_push_global(&m.gm, kLength);
  rt_mkapp(&m.gm);
  rt_eval(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 1000);
}

TEST(RuntimeEval, MainIsAPrivateNodeUnlessReferenced) {
  Machine m;
  machine_push_main(&m.gm);
  EXPECT_NE(m.Top(), m.gm.globals[kAnswer]);
  rt_eval(&m.gm);
  EXPECT_EQ(m.Number(), 42);
  EXPECT_EQ(m.gm.globals[kAnswer]->kind, NODE_GLOBAL);

  struct lazyc_program referenced = lazyc_program;
  referenced.main_is_referenced = 1;
  Machine r(referenced);
  machine_push_main(&r.gm);
  EXPECT_EQ(r.Top(), r.gm.globals[kAnswer]);
}

// One level of object-language recursion costs a supercombinator frame and
// an rt_eval frame; main.c sizes the evaluation C stack from this.
TEST(RuntimeEval, DeepRecursionFitsAndEachLevelCostsLittleCStack) {
  static constexpr int64_t kDepth = 1000000;
  RunOnGuardedStack(size_t{1} << 30, [] {
    Machine m;
    count_frames = FrameSpan{};
    PushApplication(m.gm, kCount, {kDepth});
    rt_eval(&m.gm);
    EXPECT_EQ(m.Number(), kDepth);
  });
  uintptr_t bytes_per_level =
      (count_frames.highest - count_frames.lowest) / (kDepth - 1);
  RecordProperty("c_stack_bytes_per_level", static_cast<int>(bytes_per_level));
  std::printf("C stack per level of recursion: %zu bytes\n",
              static_cast<size_t>(bytes_per_level));
  EXPECT_LE(bytes_per_level, 256u);
}

TEST(RuntimeEval, RunningOffTheCStackIsAStackOverflowError) {
  EXPECT_EXIT(RunOnGuardedStack(size_t{1} << 20,
                                [] {
                                  Machine m;
                                  PushApplication(m.gm, kCount, {1000000});
                                  rt_eval(&m.gm);
                                }),
              testing::ExitedWithCode(1), "^runtime error: stack overflow\n$");
}

TEST(RuntimeEval, AValueDefinedAsItselfIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        rt_push_global(&m.gm, kSelfLoop);
        rt_eval(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, ALetrecHoleDefinedAsItselfIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        rt_push_global(&m.gm, kHoleLoop);
        rt_eval(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, EvaluatingAnUnfilledHoleIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        rt_alloc(&m.gm, 1);
        rt_eval(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, NoMatchingBranchIsARuntimeError) {
  EXPECT_EXIT(
      {
        Machine m;
        rt_push_global(&m.gm, kNoMatch);
        rt_eval(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: no matching case branch\n$");
}

int64_t Apply(lazyc_binop op, int64_t a, int64_t b) {
  Machine m;
  rt_push_int(&m.gm, a);
  rt_push_int(&m.gm, b);
  rt_binop(&m.gm, op);
  EXPECT_EQ(m.Depth(), 1u);
  return m.Number();
}

TEST(RuntimeBinop, ArithmeticWrapsAround) {
  EXPECT_EQ(Apply(BINOP_ADD, 2, 3), 5);
  EXPECT_EQ(Apply(BINOP_SUB, 2, 3), -1);
  EXPECT_EQ(Apply(BINOP_MUL, -4, 3), -12);
  EXPECT_EQ(Apply(BINOP_ADD, INT64_MAX, 1), INT64_MIN);
  EXPECT_EQ(Apply(BINOP_SUB, INT64_MIN, 1), INT64_MAX);
  EXPECT_EQ(Apply(BINOP_MUL, INT64_MAX, 2), -2);
  EXPECT_EQ(Apply(BINOP_MUL, INT64_MIN, -1), INT64_MIN);
}

TEST(RuntimeBinop, DivisionTruncatesTowardZero) {
  EXPECT_EQ(Apply(BINOP_DIV, 7, 2), 3);
  EXPECT_EQ(Apply(BINOP_DIV, -7, 2), -3);
  EXPECT_EQ(Apply(BINOP_DIV, 7, -2), -3);
  EXPECT_EQ(Apply(BINOP_DIV, -7, -2), 3);
  EXPECT_EQ(Apply(BINOP_DIV, INT64_MIN, -1), INT64_MIN);
}

TEST(RuntimeBinop, RemainderHasTheSignOfTheDividend) {
  EXPECT_EQ(Apply(BINOP_MOD, 7, 2), 1);
  EXPECT_EQ(Apply(BINOP_MOD, -7, 2), -1);
  EXPECT_EQ(Apply(BINOP_MOD, 7, -2), 1);
  EXPECT_EQ(Apply(BINOP_MOD, -7, -2), -1);
  EXPECT_EQ(Apply(BINOP_MOD, INT64_MIN, -1), 0);
}

TEST(RuntimeBinop, OperandsMayBeIndirections) {
  Machine m;
  rt_alloc(&m.gm, 1);
  rt_push_int(&m.gm, 6);
  rt_update(&m.gm, 0);
  rt_push_int(&m.gm, 4);
  rt_binop(&m.gm, BINOP_SUB);
  EXPECT_EQ(m.Number(), 2);
}

TEST(RuntimeBinop, DividingByZeroIsARuntimeError) {
  EXPECT_EXIT(Apply(BINOP_DIV, 1, 0), testing::ExitedWithCode(1),
              "^runtime error: division by zero\n$");
  EXPECT_EXIT(Apply(BINOP_MOD, 1, 0), testing::ExitedWithCode(1),
              "^runtime error: division by zero\n$");
}

TEST(RuntimeBinop, ACafThatDividesByZeroFailsWhenEvaluated) {
  EXPECT_EXIT(
      {
        Machine m;
        rt_push_global(&m.gm, kDivideByZero);
        rt_eval(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: division by zero\n$");
}

} // namespace
