// The collector: what survives, what is freed, and the heap's limits.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

namespace {

// Nodes that live as long as the machine: one per global.
constexpr uint64_t kGlobalNodes = kGlobalCount;

TEST(RuntimeGc, AFreshMachineHoldsOnlyItsGlobals) {
  Machine m;
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

TEST(RuntimeGc, UnreachableNodesAreFreed) {
  Machine m;
  rt_push_int(&m.gm, 1);
  rt_push_int(&m.gm, 2);
  rt_pop(&m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 1);
  EXPECT_EQ(m.Number(), 1);
}

// xs = Cons 1 xs, through an Alloc hole: Ind -> Data -> Ind.
TEST(RuntimeGc, AnIndirectionCycleSurvivesUntilUnreachable) {
  Machine m;
  rt_alloc(&m.gm, 1);
  rt_push(&m.gm, 0);
  rt_push_int(&m.gm, 1);
  rt_pack(&m.gm, kCons, 2);
  rt_update(&m.gm, 0);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 3);
  auto *cons = reinterpret_cast<node_data *>(
      reinterpret_cast<node_ind *>(m.Top())->target);
  EXPECT_EQ(reinterpret_cast<node_num *>(cons->fields[0])->value, 1);
  EXPECT_EQ(cons->fields[1], m.Top());
  rt_pop(&m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

// f = f f, through an Alloc hole: Ind -> App -> Ind.
TEST(RuntimeGc, AnApplicationCycleSurvivesUntilUnreachable) {
  Machine m;
  rt_alloc(&m.gm, 1);
  rt_push(&m.gm, 0);
  rt_push(&m.gm, 0);
  rt_mkapp(&m.gm);
  rt_update(&m.gm, 0);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2);
  rt_pop(&m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

TEST(RuntimeGc, AnUnfilledHoleSurvives) {
  Machine m;
  rt_alloc(&m.gm, 2);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2);
}

void ExpectList(node *list, int64_t first, int64_t length) {
  for (int64_t expected = first; expected < first + length; expected++) {
    ASSERT_EQ(list->kind, NODE_DATA);
    auto *cons = reinterpret_cast<node_data *>(list);
    ASSERT_EQ(cons->ctor, kCons);
    ASSERT_EQ(reinterpret_cast<node_num *>(cons->fields[0])->value, expected);
    list = cons->fields[1];
  }
  ASSERT_EQ(reinterpret_cast<node_data *>(list)->ctor, kNil);
}

// Long enough that marking by C recursion would overflow the 8 MB stack,
// and that building it collects along the way.
TEST(RuntimeGc, AMillionElementListSurvivesIntactAndIsFreedAfterwards) {
  constexpr int64_t kLength = 1000000;
  Machine m;
  PushList(m.gm, 1, kLength);
  EXPECT_GT(m.gm.heap.stats.collections, 0u);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 1 + 2 * kLength);
  ExpectList(m.Top(), 1, kLength);
  rt_pop(&m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

// Every root goes on the mark stack before any is scanned.
TEST(RuntimeGc, TheMarkStackGrowsForManyRoots) {
  constexpr int64_t kRoots = 300000;
  Machine m;
  for (int64_t i = 0; i < kRoots; i++)
    rt_push_int(&m.gm, i);
  heap_collect(&m.gm);
  EXPECT_GE(m.gm.heap.mark_capacity, static_cast<size_t>(kRoots));
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + kRoots);
  for (int64_t i = 0; i < kRoots; i++)
    ASSERT_EQ(m.Number(static_cast<size_t>(i)), kRoots - 1 - i);
}

TEST(RuntimeGc, TheNextCollectionWaitsForTwiceTheSurvivors) {
  Machine m;
  PushList(m.gm, 0, HEAP_MIN_COLLECT_THRESHOLD);
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.collect_threshold, 2 * m.LiveNodes());
  rt_pop(&m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.collect_threshold, uint64_t{HEAP_MIN_COLLECT_THRESHOLD});
}

TEST(RuntimeGc, StressCollectsAtEveryAllocation) {
  Machine m(machine_options{kTestStackBytes, {0, 1, false}});
  uint64_t before = m.gm.heap.stats.collections;
  PushList(m.gm, 1, 1000);
  EXPECT_EQ(m.gm.heap.stats.collections - before, 2001u);
  ExpectList(m.Top(), 1, 1000);
}

TEST(RuntimeGc, StressedEvaluationComputesTheSameValue) {
  Machine m(machine_options{kTestStackBytes, {0, 1, false}});
  PushList(m.gm, 1, 500);
  rt_push_global(&m.gm, kLength);
  rt_mkapp(&m.gm);
  rt_eval(&m.gm);
  EXPECT_EQ(m.Number(), 500);
}

TEST(RuntimeGc, StatisticsCountAllocations) {
  Machine m;
  const heap_stats before = m.gm.heap.stats;
  rt_push_int(&m.gm, 1);
  rt_pack(&m.gm, kNil, 0);
  rt_pack(&m.gm, kCons, 2);
  const heap_stats &after = m.gm.heap.stats;
  EXPECT_EQ(after.nodes_allocated - before.nodes_allocated, 3u);
  EXPECT_EQ(after.bytes_allocated - before.bytes_allocated,
            sizeof(node_num) + sizeof(node_data) + sizeof(node_data) +
                2 * sizeof(node *));
  EXPECT_EQ(after.peak_heap_bytes, m.gm.heap.tracked_bytes);
  heap_collect(&m.gm); // everything is on the stack or a global: it survives
  EXPECT_EQ(m.gm.heap.stats.peak_live_nodes, kGlobalNodes + 3);
}

TEST(RuntimeGc, LiveDataBeyondTheLimitIsHeapExhausted) {
  EXPECT_EXIT(
      {
        Machine m(machine_options{kTestStackBytes, {1 << 20, 0, false}});
        PushList(m.gm, 1, 100000);
      },
      testing::ExitedWithCode(1), "^runtime error: heap exhausted\n$");
}

TEST(RuntimeGc, GarbageBeyondTheLimitIsCollected) {
  Machine m(machine_options{kTestStackBytes, {1 << 20, 0, false}});
  for (int i = 0; i < 1000; i++) {
    PushList(m.gm, 1, 1000);
    rt_pop(&m.gm, 1);
  }
  EXPECT_GT(m.gm.heap.stats.collections, 0u);
  EXPECT_LE(m.gm.heap.stats.peak_heap_bytes, uint64_t{1} << 20);
}

} // namespace
