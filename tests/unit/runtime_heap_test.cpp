// The heap over its blocks: node sizes, where nodes are cut from, how freed
// cells and blocks are reused, the limits, stress and the heap check.
#include "check.h"
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>

namespace {

// Allocate and drop COUNT Cons cells of two numbers each: garbage.
void MakeGarbage(gmachine &gm, int64_t count) {
  for (int64_t i = 0; i < count; i++) {
    PushInt(gm, i);
    PushInt(gm, i);
    Pack(gm, kCons, 2);
    Pop(gm, 1);
  }
}

TEST(RuntimeHeap, NodesAreAsSmallAsTheirFields) {
  EXPECT_EQ(sizeof(node), 8u);
  EXPECT_EQ(sizeof(node_app), 24u);
  EXPECT_EQ(sizeof(node_num), 16u);
  EXPECT_EQ(sizeof(node_ind), 16u);
  EXPECT_EQ(sizeof(node_global), 24u);
  EXPECT_EQ(sizeof(node_data), 8u); // plus 8 per field
  EXPECT_EQ(offsetof(node_data, fields), 8u);
  EXPECT_EQ(sizeof(node_data::fields[0]), 8u);
}

TEST(RuntimeHeap, EachNodeSizeHasItsOwnBlocks) {
  Machine m;
  PushInt(m.gm, 1);
  PushInt(m.gm, 2);
  EXPECT_EQ(reinterpret_cast<char *>(m.Top(0)),
            reinterpret_cast<char *>(m.Top(1)) + sizeof(node_num));
  Pack(m.gm, kCons, 2);
  PushInt(m.gm, 3);
  PushInt(m.gm, 4);
  PushInt(m.gm, 5);
  Pack(m.gm, kNode, 3);
  Alloc(m.gm, 1);
  node *hole = m.Top(0), *node3 = m.Top(1), *cons = m.Top(2);
  node *number = reinterpret_cast<node_data *>(cons)->fields[0];
  EXPECT_EQ(block_of(number)->cell_bytes, sizeof(node_num));
  EXPECT_EQ(block_of(hole), block_of(number)); // also two words
  EXPECT_EQ(block_of(cons)->cell_bytes, sizeof(node_data) + 2 * 8);
  EXPECT_EQ(block_of(cons), block_of(m.gm.m.globals[kK])); // three words
  EXPECT_EQ(block_of(node3)->cell_bytes, sizeof(node_data) + 3 * 8);
  EXPECT_NE(block_of(number), block_of(cons));
  EXPECT_NE(block_of(node3), block_of(cons));
  EXPECT_EQ(m.BlocksInUse(), 3u);
}

TEST(RuntimeHeap, NullaryConstructorsAllocateNothing) {
  Machine m(HeapOptions().Check());
  uint64_t allocated = heap_statistics(&m.gm)->nodes_allocated;
  Pack(m.gm, kNil, 0);
  Pack(m.gm, kNil, 0);
  Pack(m.gm, kLeaf, 0);
  EXPECT_EQ(heap_statistics(&m.gm)->nodes_allocated, allocated);
  EXPECT_EQ(m.Top(1), m.Top(2));
  EXPECT_EQ(m.Top(1), lazyc_constant(&m.gm.m, kNil));
  EXPECT_NE(m.Top(0), m.Top(1));
  EXPECT_EQ(m.Top(0)->kind, NODE_DATA);
  EXPECT_EQ(m.Top(0)->tag, kLeaf);
  EXPECT_EQ(m.Top(0)->arity, 0u);
  heap_collect(&m.gm); // constants are roots and fields, never heap nodes
  EXPECT_EQ(m.LiveNodes(), kGlobalNodes);
  EXPECT_EQ(m.Top(0)->tag, kLeaf);
}

TEST(RuntimeHeap, AFreedCellIsTheNextOfItsSize) {
  Machine m;
  PushInt(m.gm, 1);
  PushInt(m.gm, 2);
  node *freed = m.Top();
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  PushInt(m.gm, 3);
  EXPECT_EQ(m.Top(), freed);
  EXPECT_EQ(m.Number(0), 3);
  EXPECT_EQ(m.Number(1), 1);
}

// Every hundredth number survives, so no block empties: the numbers that
// follow fill the freed cells between the survivors, block after block.
TEST(RuntimeHeap, NewNodesFillTheFreedCellsOfBlocksInUse) {
  constexpr int64_t kNumbers = 10000, kKeepEvery = 100;
  Machine m;
  for (int64_t i = 0; i < kNumbers; i++) {
    PushInt(m.gm, i);
    if (i % kKeepEvery != 0)
      Pop(m.gm, 1);
  }
  heap_collect(&m.gm);
  std::set<block *> blocks = BlocksOfClass(m.gm.heap, 2);
  size_t free_cells = 0;
  for (block *b : blocks)
    free_cells += static_cast<size_t>(block_cells_end(b) - block_cells(b)) /
                      b->cell_bytes -
                  b->live_cells;
  ASSERT_GE(free_cells, static_cast<size_t>(kNumbers - kNumbers / kKeepEvery));
  size_t blocks_in_use = m.BlocksInUse();
  for (size_t i = 0; i < free_cells; i++) {
    PushInt(m.gm, -1);
    ASSERT_EQ(blocks.count(block_of(m.Top())), 1u) << "allocation " << i;
    Pop(m.gm, 1);
  }
  EXPECT_EQ(m.BlocksInUse(), blocks_in_use);
  EXPECT_EQ(heap_collections(&m.gm.heap.stats), 1u);
  PushInt(m.gm, -1); // the blocks are full
  EXPECT_EQ(blocks.count(block_of(m.Top())), 0u);
  EXPECT_EQ(m.BlocksInUse(), blocks_in_use + 1);
  for (int64_t i = 0; i < kNumbers / kKeepEvery; i++)
    ASSERT_EQ(m.Number(static_cast<size_t>(i) + 1),
              kNumbers - kKeepEvery * (i + 1));
}

// With one generation, and with two.
void ExpectABoundedLiveSetToNeedNoMoreBlocks(Machine &m) {
  PushList(m.gm, 1, 1000);
  MakeGarbage(m.gm, 10 * HEAP_NURSERY_NODES);
  size_t peak = m.gm.heap.zone.peak_blocks;
  uint64_t collections = heap_collections(&m.gm.heap.stats);
  MakeGarbage(m.gm, 100 * HEAP_NURSERY_NODES);
  EXPECT_GT(heap_collections(&m.gm.heap.stats), collections + 200);
  EXPECT_EQ(m.gm.heap.zone.peak_blocks, peak);
  ExpectList(m.Top(), 1, 1000);
}

TEST(RuntimeHeap, ABoundedLiveSetNeedsNoMoreBlocksOverManyCollections) {
  Machine one(HeapOptions().Generations(1).Check());
  ExpectABoundedLiveSetToNeedNoMoreBlocks(one);
  Machine two(HeapOptions().Generations(2).Check());
  ExpectABoundedLiveSetToNeedNoMoreBlocks(two);
  EXPECT_GT(two.gm.heap.stats.minor.count, 200u);
}

TEST(RuntimeHeap, EmptiedBlocksGoBackToThePoolAndTheSystem) {
  Machine m;
  PushList(m.gm, 1, 1000000);
  heap_collect(&m.gm);
  size_t blocks_in_use = m.BlocksInUse();
  EXPECT_GT(blocks_in_use * BLOCK_BYTES, 40 * uint64_t{1000000});
  Pop(m.gm, 1);
  heap_collect(&m.gm);
  EXPECT_EQ(m.BlocksInUse(), 1u); // the globals'
  EXPECT_LT(m.gm.heap.zone.pool_blocks, blocks_in_use / 4);
  EXPECT_EQ(m.gm.heap.zone.peak_blocks, blocks_in_use);
}

// The next allocations will likely take as many blocks as those since the
// last collection did: the pool keeps them rather than give them back to
// the system, only to fault them in again.
TEST(RuntimeHeap, ThePoolKeepsTheBlocksTheLastAllocationsTook) {
  Machine m(HeapOptions().NeverCollect()); // collections only here
  MakeGarbage(m.gm, 1000000);
  size_t taken = m.BlocksInUse();
  EXPECT_GT(taken, 4 * size_t{64}); // beyond the pool's least margin
  heap_collect(&m.gm);
  EXPECT_EQ(m.BlocksInUse(), 1u); // the globals'
  EXPECT_GE(m.gm.heap.zone.pool_blocks, taken - 1);
  // Allocating as much again takes them from the pool, mapping nothing.
  size_t peak = m.gm.heap.zone.peak_blocks;
  MakeGarbage(m.gm, 1000000);
  EXPECT_EQ(m.gm.heap.zone.peak_blocks, peak);
  // No allocations since: the next collection gives them back.
  heap_collect(&m.gm);
  heap_collect(&m.gm);
  EXPECT_LT(m.gm.heap.zone.pool_blocks, taken / 4);
}

TEST(RuntimeHeap, LiveDataBeyondTheLimitIsHeapExhausted) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Limit(1 << 20));
        PushList(m.gm, 1, 100000);
      },
      testing::ExitedWithCode(1), "^runtime error: heap exhausted\n$");
}

TEST(RuntimeHeap, WithoutCollectionsTheLimitIsReachedByGarbage) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Limit(1 << 20).NeverCollect());
        MakeGarbage(m.gm, 100000);
      },
      testing::ExitedWithCode(1), "^runtime error: heap exhausted\n$");
}

// The limit is reached long before the budget runs out: reaching it
// collects.
TEST(RuntimeHeap, GarbageBeyondTheLimitIsCollected) {
  constexpr uint64_t kLimit = 1 << 20;
  Machine m(HeapOptions().Limit(kLimit).Check());
  PushList(m.gm, 1, 10000); // 400 kB
  MakeGarbage(m.gm, 1000000);
  EXPECT_GT(heap_collections(&m.gm.heap.stats), 10u);
  EXPECT_LE(m.gm.heap.zone.peak_blocks * BLOCK_BYTES, kLimit);
  ExpectList(m.Top(), 1, 10000);
}

TEST(RuntimeHeap, NeverCollectingLeavesEverything) {
  Machine m(HeapOptions().NeverCollect());
  MakeGarbage(m.gm, 100000);
  EXPECT_EQ(heap_collections(&m.gm.heap.stats), 0u);
  EXPECT_GE(m.BlocksInUse() * BLOCK_BYTES, 100000 * uint64_t{16 + 16 + 24});
}

// The first allocation after every N-th collects first.
TEST(RuntimeHeap, StressCollectsEveryNAllocations) {
  for (uint64_t interval : {1, 2, 7, 1000}) {
    Machine m(HeapOptions().Stress(interval).Check());
    PushList(m.gm, 1, 1000);
    const heap_stats &stats = *heap_statistics(&m.gm);
    EXPECT_EQ(heap_collections(&stats), (stats.nodes_allocated - 1) / interval)
        << "interval " << interval;
    ExpectList(m.Top(), 1, 1000);
  }
}

TEST(RuntimeHeap, TheCheckPassesOnASoundHeap) {
  Machine m;
  Alloc(m.gm, 2); // a cycle through a hole, and an unfilled hole
  Push(m.gm, 0);
  Push(m.gm, 0);
  MkApp(m.gm);
  Update(m.gm, 0);
  PushList(m.gm, 1, 100000);
  PushGlobal(m.gm, kAnswer);
  Eval(m.gm); // a global turned indirection
  heap_collect(&m.gm);
  heap_check(&m.gm);
}

// The pointer to the popped number is stale after the collection: its cell
// is free (the other number keeps the block in use).
TEST(RuntimeHeap, TheCheckReportsAPointerToAFreeCell) {
  EXPECT_EXIT(
      {
        Machine m;
        PushInt(m.gm, 1);
        PushInt(m.gm, 2);
        node *stale = m.Top();
        Pop(m.gm, 1);
        heap_collect(&m.gm);
        PushNode(m.gm, stale);
        heap_check(&m.gm); // a collection would mark it
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: a pointer to a free cell\n$");
}

// Here the stale pointer's block went back to the zone.
TEST(RuntimeHeap, TheCheckReportsAPointerOutsideTheBlocksInUse) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Check());
        PushInt(m.gm, 1);
        node *stale = m.Top();
        Pop(m.gm, 1);
        heap_collect(&m.gm);
        PushNode(m.gm, stale);
        heap_collect(&m.gm);
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: a pointer outside the heap\n$");
}

TEST(RuntimeHeap, TheCheckReportsAPointerIntoACell) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Check());
        PushInt(m.gm, 1);
        PushInt(m.gm, 1);
        Pack(m.gm, kPair, 2);
        node *&field = reinterpret_cast<node_data *>(m.Top())->fields[0];
        field = reinterpret_cast<node *>(reinterpret_cast<char *>(field) + 8);
        heap_collect(&m.gm);
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: a pointer into a cell\n$");
}

TEST(RuntimeHeap, TheCheckReportsANodeOfNoKnownKind) {
  EXPECT_EXIT(
      {
        Machine m(HeapOptions().Check());
        PushInt(m.gm, 1);
        m.Top()->kind = 99;
        heap_collect(&m.gm);
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: a node of no known kind\n$");
}

} // namespace
