// The collector: what survives, what is freed, and when it runs.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

namespace {

TEST(RuntimeGc, AFreshMachineHoldsOnlyItsGlobals) {
  Machine m;
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

TEST(RuntimeGc, UnreachableNodesAreFreed) {
  Machine m;
  PushInt(m.gm, 1);
  PushInt(m.gm, 2);
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 1);
  EXPECT_EQ(m.Number(), 1);
}

// xs = Cons 1 xs, through an Alloc hole: Ind -> Data -> Ind.  Marking
// points the tail past the Ind, at the Cons itself; the root stays the Ind.
TEST(RuntimeGc, AnIndirectionCycleSurvivesUntilUnreachable) {
  Machine m;
  Alloc(m.gm, 1);
  Push(m.gm, 0);
  PushInt(m.gm, 1);
  Pack(m.gm, kCons, 2);
  Update(m.gm, 0);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 3);
  ASSERT_EQ(m.Top()->kind, NODE_IND);
  auto *cons = reinterpret_cast<node_data *>(
      reinterpret_cast<node_ind *>(m.Top())->target);
  EXPECT_EQ(reinterpret_cast<node_num *>(cons->fields[0])->value, 1);
  EXPECT_EQ(cons->fields[1], &cons->base);
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

// An Ind met through a field is skipped and dies.
TEST(RuntimeGc, FieldsArePointedPastIndirections) {
  Machine m;
  Alloc(m.gm, 1);
  PushInt(m.gm, 5);
  node *five = m.Top();
  Update(m.gm, 0);
  Push(m.gm, 0);
  Pack(m.gm, kPair, 2);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2);
  auto *pair = reinterpret_cast<node_data *>(m.Top());
  EXPECT_EQ(pair->fields[0], five);
  EXPECT_EQ(pair->fields[1], five);
}

// f = f f, through an Alloc hole: Ind -> App -> Ind.
TEST(RuntimeGc, AnApplicationCycleSurvivesUntilUnreachable) {
  Machine m;
  Alloc(m.gm, 1);
  Push(m.gm, 0);
  Push(m.gm, 0);
  MkApp(m.gm);
  Update(m.gm, 0);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2);
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

TEST(RuntimeGc, AnUnfilledHoleSurvives) {
  Machine m;
  Alloc(m.gm, 2);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2);
}

// Long enough that marking by C recursion would overflow the 8 MB stack,
// and that building it collects along the way.
TEST(RuntimeGc, AMillionElementListSurvivesIntactAndIsFreedAfterwards) {
  constexpr int64_t kLength = 1000000;
  Machine m;
  PushList(m.gm, 1, kLength);
  EXPECT_GT(m.gm.heap.stats.collections, 0u);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2 * kLength); // Nil is constant
  ExpectList(m.Top(), 1, kLength);
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

// The fields of every root go on the mark stack before any is scanned.
TEST(RuntimeGc, TheMarkStackGrowsForManyRoots) {
  constexpr int64_t kRoots = 300000;
  Machine m;
  for (int64_t i = 0; i < kRoots; i++) {
    PushInt(m.gm, i);
    PushInt(m.gm, i);
    Pack(m.gm, kPair, 2);
  }
  heap_collect(&m.gm);
  EXPECT_GE(m.gm.heap.mark_capacity, static_cast<size_t>(2 * kRoots));
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 3 * kRoots);
  for (int64_t i = 0; i < kRoots; i++) {
    auto *pair = reinterpret_cast<node_data *>(m.Top(static_cast<size_t>(i)));
    ASSERT_EQ(reinterpret_cast<node_num *>(pair->fields[1])->value,
              kRoots - 1 - i);
  }
}

TEST(RuntimeGc, TheNextCollectionWaitsForAsManyAllocationsAsSurvivors) {
  Machine m;
  PushList(m.gm, 0, HEAP_MIN_BUDGET);
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.budget, m.LiveNodes());
  uint64_t collections = m.gm.heap.stats.collections;
  for (uint64_t i = 0; i < m.LiveNodes(); i++) {
    PushInt(m.gm, 0);
    Pop(m.gm, 1);
  }
  EXPECT_EQ(m.gm.heap.stats.collections, collections);
  PushInt(m.gm, 0);
  EXPECT_EQ(m.gm.heap.stats.collections, collections + 1);
  Pop(m.gm, 2);
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.budget, HEAP_MIN_BUDGET);
}

TEST(RuntimeGc, StressedEvaluationComputesTheSameValue) {
  Machine m(HeapOptions().Stress(1).Check());
  PushList(m.gm, 1, 500);
  PushGlobal(m.gm, kLength);
  MkApp(m.gm);
  Eval(m.gm);
  EXPECT_EQ(m.Number(), 500);
}

TEST(RuntimeGc, StatisticsCountAllocationsAndSurvivors) {
  Machine m;
  const heap_stats before = *heap_statistics(&m.gm);
  PushInt(m.gm, 1);
  Pack(m.gm, kNil, 0);
  Pack(m.gm, kCons, 2);
  const heap_stats &after = *heap_statistics(&m.gm);
  EXPECT_EQ(after.nodes_allocated - before.nodes_allocated, 2u);
  EXPECT_EQ(after.bytes_allocated - before.bytes_allocated,
            sizeof(node_num) + sizeof(node_data) + 2 * sizeof(node *));
  heap_collect(&m.gm); // everything is on the stack or a global: it survives
  EXPECT_EQ(m.gm.heap.stats.peak_live_nodes, kGlobalNodes + 2);
  EXPECT_EQ(m.gm.heap.stats.peak_live_bytes,
            kGlobalNodes * sizeof(node_global) + sizeof(node_num) +
                sizeof(node_data) + 2 * sizeof(node *));
  Pop(m.gm, 1);
  heap_collect(&m.gm); // the peak stays
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
  EXPECT_EQ(m.gm.heap.stats.peak_live_nodes, kGlobalNodes + 2);
}

} // namespace
