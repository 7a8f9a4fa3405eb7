// Eval and unwind, arithmetic, and the runtime errors evaluation can meet.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace {

// Push f a_1 .. a_n as an application spine: the arguments, last one first.
void PushApplication(gmachine &gm, uint32_t global,
                     std::initializer_list<int64_t> arguments) {
  for (auto it = arguments.end(); it != arguments.begin();)
    PushInt(gm, *--it);
  PushGlobal(gm, global);
  for (size_t i = 0; i < arguments.size(); i++)
    MkApp(gm);
}

TEST(RuntimeEval, ANumberIsAlreadyInWeakHeadNormalForm) {
  Machine m;
  PushInt(m.gm, 5);
  node *five = m.Top();
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), five);
}

TEST(RuntimeEval, ASaturatedApplicationIsReducedInPlace) {
  Machine m;
  PushInt(m.gm, 0); // a node below must stay untouched
  PushApplication(m.gm, kK, {1, 2});
  node *redex = m.Top();
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Number(0), 1);
  EXPECT_EQ(m.Number(1), 0);
  // A number is copied into the redex: no indirection to follow.
  EXPECT_EQ(m.Top(), redex);
  EXPECT_EQ(redex->kind, NODE_NUM);
}

TEST(RuntimeEval, AConstructorValueIsReachedThroughAnIndirection) {
  Machine m;
  Pack(m.gm, kNil, 0);
  PushList(m.gm, 5, 1);
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  MkApp(m.gm); // K [5] Nil
  node *redex = m.Top();
  Eval(m.gm);
  ExpectList(m.Top(), 5, 1);
  ASSERT_EQ(redex->kind, NODE_IND);
  EXPECT_EQ(reinterpret_cast<node_ind *>(redex)->target, m.Top());
}

TEST(RuntimeEval, AThunkCallsItsFunctionWithItsFieldsAndIsUpdated) {
  Machine m;
  PushInt(m.gm, 7);
  MkThunk(m.gm, kFrom); // from 7
  node *thunk = m.Top();
  Eval(m.gm);
  ASSERT_EQ(thunk->kind, NODE_IND);
  node *cons = m.Top();
  EXPECT_EQ(reinterpret_cast<node_ind *>(thunk)->target, cons);
  ASSERT_EQ(cons->tag, kCons);
  EXPECT_EQ(lazyc_num(lazyc_fields(cons)[0]), 7);
  node *tail = lazyc_fields(cons)[1];
  EXPECT_EQ(tail->kind, NODE_THUNK); // from 8, not evaluated yet
  EXPECT_EQ(tail->tag, kFrom);
  PushNode(m.gm, tail);
  Eval(m.gm);
  EXPECT_EQ(lazyc_num(lazyc_fields(m.Top())[0]), 8);
}

TEST(RuntimeEval, AnUnevaluatedResultIsEvaluatedFurther) {
  Machine m;
  PushGlobal(m.gm, kLongList); // its code returns the spine countdown n
  Eval(m.gm);
  ASSERT_EQ(m.Top()->tag, kCons);
  EXPECT_EQ(lazyc_num(lazyc_fields(m.Top())[0]), kLongListLength);
}

TEST(RuntimeEval, APartialApplicationIsItsOwnValue) {
  Machine m;
  PushApplication(m.gm, kK, {1});
  node *spine = m.Top();
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), spine);
  EXPECT_EQ(spine->kind, NODE_PAP); // known to be a value from now on
}

TEST(RuntimeEval, AnUnappliedFunctionIsItsOwnValue) {
  Machine m;
  PushGlobal(m.gm, kK);
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Top(), m.gm.m.globals[kK]);
}

// K (K 7) 1 2: K returns a function that takes the remaining argument.
TEST(RuntimeEval, AnOversaturatedApplicationKeepsUnwinding) {
  Machine m;
  PushInt(m.gm, 2);
  PushInt(m.gm, 1);
  PushApplication(m.gm, kK, {7});
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  MkApp(m.gm);
  MkApp(m.gm);
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 7);
}

TEST(RuntimeEval, ACafIsUpdatedOnceAndShared) {
  Machine m;
  PushGlobal(m.gm, kAnswer);
  Eval(m.gm);
  EXPECT_EQ(m.Number(), 42);
  node *global = m.gm.m.globals[kAnswer];
  EXPECT_EQ(global->kind, NODE_NUM);
  EXPECT_EQ(m.Top(), global);
  PushGlobal(m.gm, kAnswer);
  Eval(m.gm);
  EXPECT_EQ(m.Top(), global);
}

TEST(RuntimeEval, EvalFollowsIndirections) {
  Machine m;
  Alloc(m.gm, 1);
  PushInt(m.gm, 3);
  Update(m.gm, 0);
  Eval(m.gm);
  EXPECT_EQ(m.Top()->kind, NODE_NUM);
  EXPECT_EQ(m.Number(), 3);
}

TEST(RuntimeEval, RecursionThroughEval) {
  Machine m;
  PushList(m.gm, 1, 1000);
  PushGlobal(m.gm, kLength);
  MkApp(m.gm);
  Eval(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 1000);
}

TEST(RuntimeEval, MainIsAPrivateNodeUnlessReferenced) {
  Machine m;
  machine_push_main(&m.gm);
  EXPECT_NE(m.Top(), m.gm.m.globals[kAnswer]);
  Eval(m.gm);
  EXPECT_EQ(m.Number(), 42);
  EXPECT_EQ(m.gm.m.globals[kAnswer]->kind, NODE_CAF);

  struct lazyc_program referenced = lazyc_program;
  referenced.main_is_referenced = 1;
  Machine r(referenced);
  machine_push_main(&r.gm);
  EXPECT_EQ(r.Top(), r.gm.m.globals[kAnswer]);
}

// One level of object-language recursion through the unwind loop costs an
// entry's frame and an rt_eval frame.
TEST(RuntimeEval, DeepRecursionFitsAndEachLevelCostsLittleCStack) {
  static constexpr int64_t kDepth = 1000000;
  RunOnGuardedStack(size_t{1} << 30, [] {
    Machine m;
    count_frames = FrameSpan{};
    PushApplication(m.gm, kCount, {kDepth});
    Eval(m.gm);
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
                                  Eval(m.gm);
                                }),
              testing::ExitedWithCode(1), "^runtime error: stack overflow\n$");
}

TEST(RuntimeEval, AValueDefinedAsItselfIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        PushGlobal(m.gm, kSelfLoop);
        Eval(m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, ALetrecHoleDefinedAsItselfIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        PushGlobal(m.gm, kHoleLoop);
        Eval(m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, EvaluatingAnUnfilledHoleIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        Alloc(m.gm, 1);
        Eval(m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeEval, NoMatchingBranchIsARuntimeError) {
  EXPECT_EXIT(
      {
        Machine m;
        PushGlobal(m.gm, kNoMatch);
        Eval(m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: no matching case branch\n$");
}

TEST(RuntimeDivision, DivisionTruncatesTowardZero) {
  EXPECT_EQ(lazyc_div(7, 2), 3);
  EXPECT_EQ(lazyc_div(-7, 2), -3);
  EXPECT_EQ(lazyc_div(7, -2), -3);
  EXPECT_EQ(lazyc_div(-7, -2), 3);
  EXPECT_EQ(lazyc_div(INT64_MIN, -1), INT64_MIN);
}

TEST(RuntimeDivision, RemainderHasTheSignOfTheDividend) {
  EXPECT_EQ(lazyc_mod(7, 2), 1);
  EXPECT_EQ(lazyc_mod(-7, 2), -1);
  EXPECT_EQ(lazyc_mod(7, -2), 1);
  EXPECT_EQ(lazyc_mod(-7, -2), -1);
  EXPECT_EQ(lazyc_mod(INT64_MIN, -1), 0);
}

TEST(RuntimeDivision, DividingByZeroIsARuntimeError) {
  EXPECT_EXIT(lazyc_div(1, 0), testing::ExitedWithCode(1),
              "^runtime error: division by zero\n$");
  EXPECT_EXIT(lazyc_mod(1, 0), testing::ExitedWithCode(1),
              "^runtime error: division by zero\n$");
}

TEST(RuntimeDivision, ACafThatDividesByZeroFailsWhenEvaluated) {
  EXPECT_EXIT(
      {
        Machine m;
        PushGlobal(m.gm, kDivideByZero);
        Eval(m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: division by zero\n$");
}

} // namespace
