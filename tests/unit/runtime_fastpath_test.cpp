// The fast paths of lazyc_rt.h, which compiled code inlines: the nodes they
// make, updates, and the guard regions of the stacks.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/mman.h>
#include <unistd.h>

namespace {

TEST(RuntimeFastPath, ValuesAreTheFirstKinds) {
  // lazyc_eval's one comparison relies on this order.
  for (node_kind kind : {NODE_DATA, NODE_NUM, NODE_PAP, NODE_FUNCTION})
    EXPECT_LE(kind, LAZYC_LAST_VALUE_KIND);
  for (node_kind kind :
       {NODE_APP, NODE_CAF, NODE_THUNK, NODE_IND, NODE_BLACKHOLE})
    EXPECT_GT(kind, LAZYC_LAST_VALUE_KIND);
}

TEST(RuntimeFastPath, NodesHaveTheirSizes) {
  Machine m;
  PushInt(m.gm, 1);
  EXPECT_EQ(block_of(m.Top())->cell_bytes, sizeof(node_num));
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  EXPECT_EQ(block_of(m.Top())->cell_bytes, sizeof(node_app));
  PushInt(m.gm, 2);
  PushInt(m.gm, 3);
  Pack(m.gm, kPair, 2);
  EXPECT_EQ(block_of(m.Top())->cell_bytes, 8 + 2 * sizeof(node *));
  PushInt(m.gm, 4);
  MkThunk(m.gm, kCount); // one field: still room for an update
  EXPECT_EQ(block_of(m.Top())->cell_bytes, 16u);
}

TEST(RuntimeFastPath, MkAppTakesTheFunctionFromTheTop) {
  Machine m;
  PushInt(m.gm, 7);     // x
  PushGlobal(m.gm, kK); // f
  MkApp(m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  ASSERT_EQ(m.Top()->kind, NODE_APP);
  auto *app = reinterpret_cast<node_app *>(m.Top());
  EXPECT_EQ(app->left, m.gm.m.globals[kK]);
  EXPECT_EQ(lazyc_num(app->right), 7);
}

TEST(RuntimeFastPath, PackTakesFieldZeroFromTheTop) {
  Machine m;
  PushInt(m.gm, 2); // field 1
  PushInt(m.gm, 1); // field 0
  Pack(m.gm, kPair, 2);
  ASSERT_EQ(m.Depth(), 1u);
  ASSERT_EQ(m.Top()->kind, NODE_DATA);
  EXPECT_EQ(lazyc_tag(m.Top()), kPair);
  ASSERT_EQ(m.Top()->arity, 2u);
  EXPECT_EQ(lazyc_num(lazyc_fields(m.Top())[0]), 1);
  EXPECT_EQ(lazyc_num(lazyc_fields(m.Top())[1]), 2);
}

TEST(RuntimeFastPath, AThunkHoldsItsGlobalAndArguments) {
  Machine m;
  PushInt(m.gm, 1); // y
  PushInt(m.gm, 2); // x
  MkThunk(m.gm, kK);
  ASSERT_EQ(m.Top()->kind, NODE_THUNK);
  EXPECT_EQ(m.Top()->tag, kK);
  ASSERT_EQ(m.Top()->arity, 2u);
  EXPECT_EQ(lazyc_num(lazyc_fields(m.Top())[0]), 2);
  Eval(m.gm);
  EXPECT_EQ(m.Number(), 2);
}

TEST(RuntimeFastPath, EvalLeavesAValueAlone) {
  Machine m;
  PushInt(m.gm, 3);
  EXPECT_EQ(lazyc_eval(&m.gm.m, m.gm.m.sp, m.Top()), m.Top());
  Pack(m.gm, kNil, 0);
  EXPECT_EQ(lazyc_eval(&m.gm.m, m.gm.m.sp, m.Top()), m.Top());
}

TEST(RuntimeFastPath, UpdateCopiesANumberIntoTheRedex) {
  Machine m;
  PushInt(m.gm, 0);
  PushGlobal(m.gm, kK);
  MkApp(m.gm); // a redex
  node *redex = m.Top();
  PushInt(m.gm, 9);
  EXPECT_EQ(lazyc_update(&m.gm.m, redex, m.Top()), redex);
  EXPECT_EQ(redex->kind, NODE_NUM);
  EXPECT_EQ(lazyc_num(redex), 9);
  EXPECT_EQ(lazyc_update_num(redex, 10), redex);
  EXPECT_EQ(lazyc_num(redex), 10);
}

TEST(RuntimeFastPath, UpdateWithAConstructorLeavesAnIndirection) {
  Machine m;
  PushInt(m.gm, 0);
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  node *redex = m.Top();
  PushList(m.gm, 1, 2);
  node *list = m.Top();
  EXPECT_EQ(lazyc_update(&m.gm.m, redex, list), list);
  ASSERT_EQ(redex->kind, NODE_IND);
  EXPECT_EQ(reinterpret_cast<node_ind *>(redex)->target, list);
  EXPECT_EQ(block_of(redex)->cell_bytes, sizeof(node_app)); // in place
}

TEST(RuntimeFastPath, UpdateStoresTheValueBehindIndirections) {
  Machine m;
  Alloc(m.gm, 1);
  node *hole = m.Top();
  PushGlobal(m.gm, kK);
  node *k = m.Top();
  Pop(m.gm, 1);
  PushNode(m.gm, k);
  Update(m.gm, 0); // hole := Ind K
  PushInt(m.gm, 0);
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  node *redex = m.Top();
  EXPECT_EQ(lazyc_update(&m.gm.m, redex, hole), k); // not Ind hole
  EXPECT_EQ(reinterpret_cast<node_ind *>(redex)->target, k);
}

TEST(RuntimeFastPath, AValueThatLeadsBackToItsRedexIsALoop) {
  EXPECT_EXIT(
      {
        Machine m;
        Alloc(m.gm, 1);
        node *hole = m.Top();
        PushInt(m.gm, 0);
        PushGlobal(m.gm, kK);
        MkApp(m.gm);
        node *redex = m.Top();
        Push(m.gm, 0);
        Update(m.gm, 1); // hole := Ind redex
        lazyc_update(&m.gm.m, redex, hole);
      },
      testing::ExitedWithCode(1), "^runtime error: <<loop>>\n$");
}

TEST(RuntimeFastPath, FillingAHoleWithItselfMakesABlackHole) {
  Machine m;
  Alloc(m.gm, 2); // [a, b]
  Push(m.gm, 0);
  Update(m.gm, 0); // b := b
  EXPECT_EQ(m.Top()->kind, NODE_BLACKHOLE);
  PushInt(m.gm, 3);
  node *three = m.Top();
  Update(m.gm, 1); // a := 3
  EXPECT_EQ(reinterpret_cast<node_ind *>(m.Top(1))->target, three);
}

TEST(RuntimeFastPath, AllocPushesHoles) {
  Machine m;
  Alloc(m.gm, 3);
  ASSERT_EQ(m.Depth(), 3u);
  for (size_t offset = 0; offset < 3; offset++) {
    ASSERT_EQ(m.Top(offset)->kind, NODE_IND);
    EXPECT_EQ(reinterpret_cast<node_ind *>(m.Top(offset))->target, nullptr);
  }
  EXPECT_NE(m.Top(0), m.Top(1));
}

TEST(RuntimeFastPath, TheDefaultStackLimitIsTwoFifthsOfTheMemory) {
  uint64_t memory = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                    static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  uint64_t limit = default_stack_bytes();
  EXPECT_LE(limit, memory / 5 * 2); // both stacks together: at most 80%
  EXPECT_GE(limit, uint64_t{1} << 20);
}

TEST(RuntimeFastPath, OverflowingTheStackIsAStackOverflowError) {
  EXPECT_EXIT(
      {
        error_catch_stack_overflow();
        Machine m(machine_options{size_t{1} << 20, {}});
        for (;;)
          PushGlobal(m.gm, kK);
      },
      testing::ExitedWithCode(1), "^runtime error: stack overflow\n$");
}

TEST(RuntimeFastPath, AFaultOutsideTheGuardsStaysACrash) {
  EXPECT_EXIT(
      {
        error_catch_stack_overflow();
        void *page =
            mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int *>(page) = 1;
      },
      testing::KilledBySignal(SIGSEGV), "");
}

} // namespace
