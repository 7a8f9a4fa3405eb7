// The stack instructions: what each leaves on the G-machine stack.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/mman.h>

namespace {

TEST(RuntimeStack, PushCopiesTheNodeAtAnOffset) {
  Machine m;
  rt_push_int(&m.gm, 1);
  rt_push_int(&m.gm, 2);
  rt_push(&m.gm, 1);
  ASSERT_EQ(m.Depth(), 3u);
  EXPECT_EQ(m.Top(0), m.Top(2));
  EXPECT_EQ(m.Number(0), 1);
  EXPECT_EQ(m.Number(1), 2);
}

TEST(RuntimeStack, PushGlobalPushesTheOneGlobalNode) {
  Machine m;
  rt_push_global(&m.gm, kK);
  rt_push_global(&m.gm, kK);
  EXPECT_EQ(m.Top(0), m.Top(1));
  ASSERT_EQ(m.Top()->kind, NODE_GLOBAL);
  auto *global = reinterpret_cast<node_global *>(m.Top());
  EXPECT_EQ(global->index, kK);
  EXPECT_EQ(global->arity, 2u);
}

TEST(RuntimeStack, MkAppTakesTheFunctionFromTheTop) {
  Machine m;
  rt_push_int(&m.gm, 7);     // x
  rt_push_global(&m.gm, kK); // f
  rt_mkapp(&m.gm);
  ASSERT_EQ(m.Depth(), 1u);
  ASSERT_EQ(m.Top()->kind, NODE_APP);
  auto *app = reinterpret_cast<node_app *>(m.Top());
  EXPECT_EQ(app->left, m.gm.globals[kK]);
  EXPECT_EQ(reinterpret_cast<node_num *>(app->right)->value, 7);
}

TEST(RuntimeStack, SlideKeepsTheTopAndDropsBelowIt) {
  Machine m;
  rt_push_int(&m.gm, 1);
  rt_push_int(&m.gm, 2);
  rt_push_int(&m.gm, 3);
  rt_push_int(&m.gm, 4);
  rt_slide(&m.gm, 2);
  ASSERT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Number(0), 4);
  EXPECT_EQ(m.Number(1), 1);
}

TEST(RuntimeStack, PopDropsFromTheTop) {
  Machine m;
  rt_push_int(&m.gm, 1);
  rt_push_int(&m.gm, 2);
  rt_push_int(&m.gm, 3);
  rt_pop(&m.gm, 2);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 1);
}

TEST(RuntimeStack, UpdateOverwritesTheNodeAtOffsetNWithAnIndirection) {
  Machine m;
  rt_push_int(&m.gm, 0);
  rt_push_global(&m.gm, kK);
  rt_mkapp(&m.gm); // the redex to overwrite
  node *redex = m.Top();
  rt_push_int(&m.gm, 5);
  rt_push_int(&m.gm, 9); // the value
  node *value = m.Top();
  rt_update(&m.gm, 1);
  ASSERT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Top(1), redex);
  ASSERT_EQ(redex->kind, NODE_IND);
  EXPECT_EQ(reinterpret_cast<node_ind *>(redex)->target, value);
  EXPECT_EQ(block_of(redex)->cell_bytes, sizeof(node_app)); // in place
}

TEST(RuntimeStack, UpdateStoresTheValueBehindIndirections) {
  Machine m;
  rt_alloc(&m.gm, 2); // [a, b]
  rt_push_int(&m.gm, 3);
  node *three = m.Top();
  rt_update(&m.gm, 0); // b := Ind 3
  rt_push(&m.gm, 0);
  rt_update(&m.gm, 1); // a := Ind 3, not Ind b
  EXPECT_EQ(reinterpret_cast<node_ind *>(m.Top(1))->target, three);
}

TEST(RuntimeStack, PackTakesFieldZeroFromTheTop) {
  Machine m;
  rt_push_int(&m.gm, 2); // field 1
  rt_push_int(&m.gm, 1); // field 0
  rt_pack(&m.gm, kPair, 2);
  ASSERT_EQ(m.Depth(), 1u);
  ASSERT_EQ(m.Top()->kind, NODE_DATA);
  auto *pair = reinterpret_cast<node_data *>(m.Top());
  EXPECT_EQ(pair->base.tag, kPair);
  ASSERT_EQ(pair->base.arity, 2u);
  EXPECT_EQ(reinterpret_cast<node_num *>(pair->fields[0])->value, 1);
  EXPECT_EQ(reinterpret_cast<node_num *>(pair->fields[1])->value, 2);
  EXPECT_EQ(rt_ctor_tag(&m.gm), kPair);
}

TEST(RuntimeStack, SplitUndoesPack) {
  Machine m;
  rt_push_int(&m.gm, 0);
  rt_push_int(&m.gm, 3);
  rt_push_int(&m.gm, 2);
  rt_push_int(&m.gm, 1);
  rt_pack(&m.gm, kNode, 3);
  rt_split(&m.gm, 3);
  ASSERT_EQ(m.Depth(), 4u);
  EXPECT_EQ(m.Number(0), 1);
  EXPECT_EQ(m.Number(1), 2);
  EXPECT_EQ(m.Number(2), 3);
  EXPECT_EQ(m.Number(3), 0);
}

TEST(RuntimeStack, SplitOfANullaryConstructorJustPops) {
  Machine m;
  rt_push_int(&m.gm, 0);
  rt_pack(&m.gm, kNil, 0);
  rt_split(&m.gm, 0);
  ASSERT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Number(), 0);
}

TEST(RuntimeStack, AllocPushesHoles) {
  Machine m;
  rt_alloc(&m.gm, 3);
  ASSERT_EQ(m.Depth(), 3u);
  for (size_t offset = 0; offset < 3; offset++) {
    ASSERT_EQ(m.Top(offset)->kind, NODE_IND);
    EXPECT_EQ(reinterpret_cast<node_ind *>(m.Top(offset))->target, nullptr);
  }
  EXPECT_NE(m.Top(0), m.Top(1));
}

TEST(RuntimeStack, OverflowingTheStackIsAStackOverflowError) {
  EXPECT_EXIT(
      {
        error_catch_stack_overflow();
        Machine m(machine_options{size_t{1} << 20, {}});
        for (;;)
          rt_push_global(&m.gm, kK);
      },
      testing::ExitedWithCode(1), "^runtime error: stack overflow\n$");
}

TEST(RuntimeStack, AFaultOutsideTheGuardsStaysACrash) {
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
