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

// xs = Cons 1 xs, through an Alloc hole: Ind -> Data -> Ind.  The root
// stays the Ind, and so does the tail: marking does not even read a node
// it has marked already (FieldsArePointedPastIndirections for the rest).
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
  EXPECT_EQ(cons->fields[1], m.Top());
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
  EXPECT_GT(heap_collections(&m.gm.heap.stats), 0u);
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

// A collection: what is on the stack is old.
void MakeOld(Machine &m) {
  heap_collect(&m.gm);
  ASSERT_EQ(m.Top()->age, LAZYC_OLD);
}

// Allocate and drop N numbers.
void MakeNumbers(gmachine &gm, uint64_t n) {
  for (uint64_t i = 0; i < n; i++) {
    PushInt(gm, 0);
    Pop(gm, 1);
  }
}

// Until minor collections run (the first major collection with two
// generations starts them; if the policy turned them off, garbage brings
// them back), then a major collection.
void CollectGenerationally(Machine &m) {
  for (int i = 0; i < 1000 && !m.gm.heap.generational; i++)
    MakeNumbers(m.gm, m.gm.heap.nursery);
  ASSERT_TRUE(m.gm.heap.generational);
  heap_collect(&m.gm);
}

TEST(RuntimeGc, AMinorCollectionComesEveryNurseryOfAllocations) {
  constexpr uint64_t kNursery = 1000;
  Machine m(HeapOptions().Generations(2).Nursery(kNursery).Check());
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.budget, kNursery);
  MakeNumbers(m.gm, kNursery);
  EXPECT_EQ(m.gm.heap.stats.minor.count, 0u);
  PushInt(m.gm, 0);
  EXPECT_EQ(m.gm.heap.stats.minor.count, 1u);
  EXPECT_EQ(m.gm.heap.stats.major.count, 1u);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes); // the garbage died young
}

// A minor collection frees young garbage and leaves old garbage alone,
// for the next major one.
TEST(RuntimeGc, OldGarbageWaitsForAMajorCollection) {
  Machine m(HeapOptions().Generations(2).Check());
  PushInt(m.gm, 1);
  MakeOld(m);
  Pop(m.gm, 1);
  PushInt(m.gm, 2);
  PushInt(m.gm, 3);
  Pop(m.gm, 1);
  heap_collect_minor(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 2); // 1 (dead but old) and 2
  EXPECT_EQ(m.Number(), 2);
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 1);
  EXPECT_EQ(m.Number(), 2);
}

// The write barrier: an old hole filled with a young list is remembered,
// and the list survives a minor collection although only the hole, which
// the collection does not trace, leads to it.
TEST(RuntimeGc, AYoungValueOfAnOldNodeSurvivesAMinorCollection) {
  Machine m(HeapOptions().Generations(2).Check());
  Alloc(m.gm, 1);
  MakeOld(m);
  PushList(m.gm, 1, 1000);
  Update(m.gm, 0);
  EXPECT_EQ(m.gm.heap.remembered.count, 1u);
  heap_collect_minor(&m.gm); // the list is old, the hole forgotten
  EXPECT_EQ(m.gm.heap.remembered.count, 0u);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 1 + 2 * 1000);
  EXPECT_EQ(reinterpret_cast<node_ind *>(m.Top())->target->age, LAZYC_OLD);
  MakeNumbers(m.gm, 10000); // would reuse the list's cells, were they free
  heap_collect_minor(&m.gm);
  ASSERT_EQ(m.Top()->kind, NODE_IND);
  ExpectList(reinterpret_cast<node_ind *>(m.Top())->target, 1, 1000);
}

// An old redex on top: the application K Nil 0, of a cons cell's size.
node *PushOldRedex(Machine &m) {
  PushInt(m.gm, 0);
  Pack(m.gm, kNil, 0);
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  MkApp(m.gm);
  MakeOld(m);
  return m.Top();
}

// The same through an update of an old redex by the entry of K.
TEST(RuntimeGc, AnUpdatedOldRedexKeepsItsYoungValue) {
  Machine m(HeapOptions().Generations(2).Check());
  node *redex = PushOldRedex(m);
  PushList(m.gm, 5, 100);
  lazyc_update(&m.gm.m, redex, m.Top());
  Pop(m.gm, 1);
  heap_collect_minor(&m.gm);
  MakeNumbers(m.gm, 10000);
  ASSERT_EQ(redex->kind, NODE_IND);
  ExpectList(reinterpret_cast<node_ind *>(redex)->target, 5, 100);
}

// An old redex that becomes a young list's first cell, in place (an entry
// returning a constructor of its size): it keeps its age, is remembered,
// and the rest of the list survives minor collections through it.
TEST(RuntimeGc, AnOldRedexThatBecomesAConstructorKeepsItsYoungFields) {
  Machine m(HeapOptions().Generations(2).Check());
  node *redex = PushOldRedex(m);
  PushList(m.gm, 5, 100);
  node **cell = lazyc_fields(m.Top());
  node **fields = lazyc_become_data(&m.gm.m, redex, kCons, 2);
  fields[0] = cell[0];
  fields[1] = cell[1];
  EXPECT_EQ(redex->age, LAZYC_OLD);
  EXPECT_EQ(m.gm.heap.remembered.count, 1u);
  Pop(m.gm, 1); // only the redex leads to the list now
  heap_collect_minor(&m.gm);
  MakeNumbers(m.gm, 10000);
  heap_collect_minor(&m.gm);
  ExpectList(redex, 5, 100);
}

// A young cycle through an old node, unreachable: the minor collection
// keeps it (the old node is remembered), the next major one frees it all.
TEST(RuntimeGc, AYoungCycleThroughAnOldNodeDiesAtTheNextMajorCollection) {
  Machine m(HeapOptions().Generations(2).Check());
  Alloc(m.gm, 1);
  node *hole = m.Top();
  MakeOld(m);
  Pop(m.gm, 1); // the hole is old garbage now
  PushNode(m.gm, hole);
  PushInt(m.gm, 1);
  Pack(m.gm, kCons, 2); // Cons 1 hole: young
  lazyc_fill_hole(&m.gm.m, hole, m.Top());
  Pop(m.gm, 1);
  heap_collect_minor(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes + 3); // hole, Cons, 1
  heap_collect(&m.gm);
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
}

// A pointer into an old node written past the barrier is what the
// generational check catches.
TEST(RuntimeGc, TheHeapCheckFindsAnOldNodeWrittenPastTheBarrier) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Generations(2).Check());
        Alloc(m.gm, 1);
        MakeOld(m);
        PushInt(m.gm, 7);
        reinterpret_cast<node_ind *>(m.Top(1))->target = m.Top();
        heap_collect_minor(&m.gm);
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: an old node points at a young one "
      "outside the remembered set\n$");
}

constexpr uint64_t kSmallNursery = 1000;

// An old list of 100,000 numbers on the stack, just after a major
// collection.
void StartWithAnOldList(Machine &m) {
  PushList(m.gm, 0, 100000);
  CollectGenerationally(m);
}

// Old nodes accumulate until they have doubled since the last major
// collection; then the next collection is major.
TEST(RuntimeGc, AMajorCollectionComesWhenTheOldNodesHaveDoubled) {
  constexpr uint64_t kNursery = kSmallNursery;
  Machine m(HeapOptions().Generations(2).Nursery(kNursery));
  StartWithAnOldList(m);
  uint64_t live = m.LiveNodes();
  EXPECT_EQ(m.gm.heap.major_threshold, 2 * live);
  // Keep every tenth node allocated in a ring of 300 stack slots: the
  // young mostly die, and the kept ones live through a collection or
  // more, so that they die old.
  constexpr size_t kRing = 300;
  for (size_t i = 0; i < kRing; i++)
    PushInt(m.gm, 0);
  uint64_t majors = m.gm.heap.stats.major.count;
  for (size_t slot = 0; m.gm.heap.stats.major.count == majors;
       slot = (slot + 1) % kRing) {
    ASSERT_LT(m.LiveNodes(), 2 * live + kNursery);
    ASSERT_LT(m.gm.heap.stats.minor.count, 10000u);
    for (int i = 0; i < 9; i++) {
      PushInt(m.gm, i);
      Pop(m.gm, 1);
    }
    PushInt(m.gm, 9);
    m.gm.m.sp[-2 - static_cast<ptrdiff_t>(slot)] = m.Top();
    Pop(m.gm, 1);
  }
  EXPECT_LT(m.LiveNodes(), live + kNursery / 2);
  EXPECT_GT(m.gm.heap.stats.minor.count, 100u);
}

// The node count, old and young, reaches the major threshold and no
// further: the allocation past it starts a major collection, whatever the
// minor ones before it made old. (What is kept is kept in a list: few
// stack slots, which do not defer collections.)
TEST(RuntimeGc, TheNodeCountStopsAtTheMajorThreshold) {
  Machine m(HeapOptions().Generations(2).Nursery(kSmallNursery));
  StartWithAnOldList(m);
  uint64_t live = m.LiveNodes();
  uint64_t majors = m.gm.heap.stats.major.count;
  uint64_t minors = m.gm.heap.stats.minor.count;
  uint64_t kept = 0;
  Pack(m.gm, kNil, 0); // a constant: no allocation
  for (;;) {
    ASSERT_LE(kept, live);
    PushInt(m.gm, 0);
    if (++kept, m.gm.heap.stats.major.count != majors)
      break;
    Pack(m.gm, kCons, 2);
    if (++kept, m.gm.heap.stats.major.count != majors)
      break;
  }
  EXPECT_EQ(kept, live + 1); // the last one after the collection
  EXPECT_GT(m.gm.heap.stats.minor.count, minors + 1);
  EXPECT_EQ(m.LiveNodes(), 2 * live);
}

// Every collection scans the whole stack: a deep one (here 200,000 slots
// that all hold the same node) defers the next collection until as many
// nodes have been allocated, though the heap is small.
TEST(RuntimeGc, ADeepStackDefersTheNextCollection) {
  constexpr size_t kSlots = 200000;
  for (uint32_t generations : {1u, 2u}) {
    Machine m(HeapOptions().Generations(generations));
    PushInt(m.gm, 7);
    for (size_t i = 1; i < kSlots; i++)
      Push(m.gm, 0);
    heap_collect(&m.gm);
    uint64_t collections = heap_collections(&m.gm.heap.stats);
    for (size_t i = 0; i < kSlots - 1; i++) {
      PushInt(m.gm, 0);
      Pop(m.gm, 1);
    }
    EXPECT_EQ(heap_collections(&m.gm.heap.stats), collections)
        << generations << " generations";
  }
}

// In a small heap the nursery is a quarter of the major threshold, so that
// young and old nodes together stay under it.
TEST(RuntimeGc, ASmallHeapHasASmallNursery) {
  Machine m(HeapOptions().Generations(2));
  heap_collect(&m.gm);
  ASSERT_TRUE(m.gm.heap.generational);
  EXPECT_EQ(m.gm.heap.major_threshold, HEAP_MIN_MAJOR_NODES);
  EXPECT_EQ(m.gm.heap.budget, HEAP_MIN_MAJOR_NODES / HEAP_NURSERIES_PER_MAJOR);
}

// Young nodes that do not die (a structure being built) make minor
// collections cost more than major ones alone: the collector turns to major
// ones, at the doubling point, for a while, then tries minor ones again.
TEST(RuntimeGc, WhenTheYoungSurviveMajorCollectionsRunAlone) {
  constexpr uint64_t kNursery = 1000;
  Machine m(HeapOptions().Generations(2).Nursery(kNursery).Check());
  m.gm.heap.judge_minors = true;
  PushList(m.gm, 0, HEAP_MIN_MAJOR_NODES); // twice the least threshold
  CollectGenerationally(m);
  // As if marking were free: minor collections that keep everything then
  // cost more than major ones alone whatever this machine's timings.
  m.gm.heap.major_seconds = 0;
  uint64_t live = m.LiveNodes();
  uint64_t minors = m.gm.heap.stats.minor.count;
  // Numbers, all kept: the first minor collection after a major one
  // decides nothing, the second turns to major ones alone.
  while (m.gm.heap.stats.minor.count < minors + 2) {
    EXPECT_TRUE(m.gm.heap.generational);
    PushInt(m.gm, 0);
  }
  EXPECT_FALSE(m.gm.heap.generational);
  // As many more allocations as bring the marked nodes to twice the live
  // ones: no collection; then a major one.
  uint64_t majors = m.gm.heap.stats.major.count;
  const heap_stats &stats = *heap_statistics(&m.gm);
  uint64_t since = stats.nodes_allocated - m.gm.heap.allocated_at_last;
  MakeNumbers(m.gm, 2 * live - m.LiveNodes() - since);
  EXPECT_EQ(m.gm.heap.stats.major.count, majors);
  PushInt(m.gm, 0);
  EXPECT_EQ(m.gm.heap.stats.major.count, majors + 1);
  // Major collections alone, for a while, then minor ones again.
  minors = m.gm.heap.stats.minor.count;
  while (!m.gm.heap.generational) {
    ASSERT_LT(m.gm.heap.stats.major.count, majors + 10000);
    MakeNumbers(m.gm, kNursery);
  }
  EXPECT_EQ(m.gm.heap.stats.minor.count, minors);
  MakeNumbers(m.gm, 2 * (kNursery + m.Depth())); // the stack counts too
  EXPECT_GT(m.gm.heap.stats.minor.count, minors);
}

// With -G1 every collection is major, and every node stays young: an
// update records nothing.
TEST(RuntimeGc, WithOneGenerationEveryCollectionIsMajor) {
  Machine m(HeapOptions().Generations(1).Check());
  Alloc(m.gm, 1);
  MakeNumbers(m.gm, 10 * HEAP_NURSERY_NODES);
  EXPECT_EQ(m.gm.heap.stats.minor.count, 0u);
  EXPECT_GE(m.gm.heap.stats.major.count, 9u);
  EXPECT_EQ(m.Top()->age, LAZYC_YOUNG);
  PushInt(m.gm, 1);
  Update(m.gm, 0);
  EXPECT_EQ(m.gm.heap.remembered.count, 0u);
}

TEST(RuntimeGc, StressCollectsMinorAndMajorInTurn) {
  Machine m(HeapOptions().Stress(10).Check());
  PushList(m.gm, 1, 1000);
  const heap_stats &stats = *heap_statistics(&m.gm);
  EXPECT_GE(stats.minor.count, 99u);
  EXPECT_LE(stats.minor.count - stats.major.count, 1u);
  ExpectList(m.Top(), 1, 1000);
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
