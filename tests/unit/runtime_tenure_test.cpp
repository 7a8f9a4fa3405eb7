// Pretenuring (tenure.h): which allocation sites allocate from the
// tenured classes, and where their nodes then lie.
#include "check.h"
#include "runtime_test_program.h"
#include "tenure.h"
#include "zone.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

namespace {

enum TestSite : uint32_t { kKept, kDropped, kSiteCount };

// Both sites build a Cons (three words).
constexpr uint32_t kConsWords = 3;
uint16_t site_classes[kSiteCount] = {kConsWords, kConsWords};

// lazyc_program with the two sites above, for as long as the machines
// that run it.
const struct lazyc_program &WithSites() {
  static const struct lazyc_program program = [] {
    struct lazyc_program with = lazyc_program;
    with.site_count = kSiteCount;
    with.site_classes = site_classes;
    return with;
  }();
  return program;
}

// A Cons of the two top nodes allocated as generated code does at SITE:
// from the class the site's entry says (lazyc_site_class, but of this
// program's table).
void PackAt(gmachine &gm, uint32_t site) {
  node *cell =
      lazyc_alloc_in(&gm.m, gm.m.sp, site_classes[site], kConsWords, site);
  lazyc_init_fields(cell, NODE_DATA, kCons, 2);
  lazyc_fields(cell)[0] = gm.m.sp[-1];
  lazyc_fields(cell)[1] = gm.m.sp[-2];
  gm.m.sp -= 2;
  PushNode(gm, cell);
}

// COUNT rounds of: one Cons of kKept onto the list on top of the stack,
// then GARBAGE Cons cells of kDropped, dropped at once.  Returns the last
// KEPT Cons cells in the order made.
std::vector<node *> Grow(gmachine &gm, int64_t count, int64_t garbage,
                         size_t kept) {
  std::vector<node *> last;
  for (int64_t i = 0; i < count; i++) {
    PushNode(gm, gm.m.sp[-1]); // the list, below the head
    PushInt(gm, i);
    PackAt(gm, kKept);
    gm.m.sp[-2] = gm.m.sp[-1];
    gm.m.sp--;
    if (i >= count - static_cast<int64_t>(kept))
      last.push_back(gm.m.sp[-1]);
    for (int64_t j = 0; j < garbage; j++) {
      PushInt(gm, j);
      PushInt(gm, j);
      PackAt(gm, kDropped);
      gm.m.sp--;
    }
  }
  return last;
}

// How many of the consecutive cells of NODES lie next to each other.
size_t Adjacent(const std::vector<node *> &nodes) {
  size_t adjacent = 0;
  for (size_t i = 1; i < nodes.size(); i++)
    adjacent += reinterpret_cast<char *>(nodes[i]) ==
                reinterpret_cast<char *>(nodes[i - 1]) + kConsWords * 8;
  return adjacent;
}

TEST(RuntimeTenure, ASiteWhoseNodesSurviveAllocatesInBlocksOfItsOwn) {
  Machine m(WithSites());
  Pack(m.gm, kNil, 0);
  std::vector<node *> last = Grow(m.gm, 100000, 20, 100);
  EXPECT_EQ(site_classes[kKept], LAZYC_TENURED + kConsWords);
  EXPECT_EQ(site_classes[kDropped], kConsWords);
  EXPECT_EQ(tenure_tenured_sites(&m.gm.heap.tenure), 1u);
  for (node *n : last)
    EXPECT_EQ(block_of(n)->cell_bytes, kConsWords * 8);
  EXPECT_EQ(BlocksOfClass(m.gm.heap, LAZYC_TENURED + kConsWords)
                .count(block_of(last.back())),
            1u);
  // Side by side, not twenty cells apart (a run may end between two).
  EXPECT_GE(Adjacent(last), 95u);
  heap_collect(&m.gm);
  heap_check(&m.gm);
}

TEST(RuntimeTenure, WithoutPretenuringEverySiteStaysInItsSizesClass) {
  Machine m(WithSites(), HeapOptions().NoPretenuring());
  Pack(m.gm, kNil, 0);
  std::vector<node *> last = Grow(m.gm, 100000, 20, 100);
  EXPECT_EQ(site_classes[kKept], kConsWords);
  EXPECT_EQ(m.gm.heap.tenure.moves, 0u);
  EXPECT_EQ(m.gm.heap.classes[LAZYC_TENURED + kConsWords].blocks, nullptr);
  EXPECT_LT(Adjacent(last), 5u);
}

// The list stays; the site's new nodes die at once.  Once it has gone
// back, the blocks of the list go to the other class of the size.
TEST(RuntimeTenure, ASiteWhoseNodesNoLongerLiveLongGoesBack) {
  Machine m(WithSites());
  Pack(m.gm, kNil, 0);
  Grow(m.gm, 100000, 20, 0);
  ASSERT_EQ(site_classes[kKept], LAZYC_TENURED + kConsWords);
  block *list = block_of(m.Top());
  for (int i = 0; i < 400000 && site_classes[kKept] != kConsWords; i++) {
    PushInt(m.gm, i);
    PushInt(m.gm, i);
    PackAt(m.gm, kKept);
    m.gm.m.sp--;
  }
  EXPECT_EQ(site_classes[kKept], kConsWords);
  EXPECT_EQ(tenure_tenured_sites(&m.gm.heap.tenure), 0u);
  EXPECT_EQ(m.gm.heap.tenure.moves, 2u);
  heap_collect(&m.gm);
  EXPECT_EQ(m.gm.heap.classes[LAZYC_TENURED + kConsWords].blocks, nullptr);
  EXPECT_EQ(BlocksOfClass(m.gm.heap, kConsWords).count(list), 1u);
  heap_check(&m.gm);
}

TEST(RuntimeTenure, TheCheckReportsASiteInTheClassOfAnotherSize) {
  EXPECT_EXIT(
      {
        Machine m(WithSites());
        site_classes[kDropped] = LAZYC_TENURED + kConsWords + 1;
        heap_check(&m.gm);
      },
      testing::ExitedWithCode(1),
      "^runtime error: heap check failed: an allocation site is in the "
      "class of another size\n$");
}

// Two blocks: the globals' (three words, as a Cons) and the numbers'.
// The tenured class of the Cons cannot have a third, and takes a free
// cell of the other class rather than report the heap exhausted.
TEST(RuntimeTenure, ATenuredSiteAtTheHeapLimitTakesCellsOfTheOtherClass) {
  Machine m(WithSites(), HeapOptions().Limit(2 * BLOCK_BYTES));
  site_classes[kKept] = LAZYC_TENURED + kConsWords;
  PushInt(m.gm, 1);
  PushInt(m.gm, 2);
  PackAt(m.gm, kKept);
  EXPECT_EQ(block_of(m.Top()), block_of(m.gm.m.globals[kK]));
  EXPECT_EQ(m.BlocksInUse(), 2u);
}

// The judgement alone, on cells of one block whose marks a test sets as a
// collection would.
struct Judged {
  zone z;
  block *cells;
  tenure t;
  uint32_t next = 0; // the next cell to sample
  Judged() {
    zone_init(&z, 0);
    cells = zone_acquire(&z, kConsWords * 8);
    tenure_init(&t, &WithSites(), true, false);
  }
  ~Judged() {
    tenure_release(&t);
    zone_release_all(&z);
  }
  // COUNT allocations of SITE sampled, their cells marked if MARKED, as by
  // the collection after them.
  std::vector<char *> Sample(uint32_t site, int count, bool marked) {
    std::vector<char *> sampled;
    for (int i = 0; i < count; i++) {
      char *cell = block_cells(cells) + kConsWords * 8 * next++;
      tenure_offer(&t, site, cell);
      if (marked)
        set_block_bit(cells->mark_bits, granule_of(cell));
      sampled.push_back(cell);
    }
    return sampled;
  }
  // Unmark the cells a major collection finds dead.
  void Die(const std::vector<char *> &dead) {
    for (char *cell : dead)
      cells->mark_bits[granule_of(cell) / 64] &=
          ~(uint64_t{1} << (granule_of(cell) % 64));
  }
};

TEST(RuntimeTenure, NodesThatOutliveTheNextMajorCollectionLiveLong) {
  Judged j;
  for (int round = 0; round < 10; round++) {
    j.Sample(kKept, 4, true);
    tenure_judge(&j.t, false); // survived, waiting for a major one
  }
  EXPECT_EQ(site_classes[kKept], kConsWords);
  EXPECT_EQ(j.t.sites[kKept].sampled, 0u);
  tenure_judge(&j.t, true); // 40 lived long: as 4, from one collection
  EXPECT_EQ(j.t.sites[kKept].lived_long, 4u);
  EXPECT_EQ(site_classes[kKept], kConsWords);
  j.Sample(kKept, 4, true);
  tenure_judge(&j.t, false);
  tenure_judge(&j.t, true); // 8 of 8
  EXPECT_EQ(site_classes[kKept], LAZYC_TENURED + kConsWords);
  EXPECT_TRUE(tenure_in_use(&j.t, kConsWords));
}

TEST(RuntimeTenure, NodesThatDieBeforeTheNextMajorCollectionDoNot) {
  Judged j;
  for (int round = 0; round < 8; round++) {
    std::vector<char *> middle_aged = j.Sample(kKept, 4, true);
    tenure_judge(&j.t, false);
    j.Die(middle_aged);
    tenure_judge(&j.t, true);
  }
  EXPECT_EQ(site_classes[kKept], kConsWords);
  EXPECT_EQ(j.t.moves, 0u);
}

TEST(RuntimeTenure, OneCollectionCountsAsAFewSamples) {
  Judged j;
  j.Sample(kDropped, 500, false); // dead young, all of them
  tenure_judge(&j.t, true);
  EXPECT_EQ(j.t.sites[kDropped].sampled,
            static_cast<uint32_t>(TENURE_PER_COLLECTION));
  EXPECT_EQ(j.t.sites[kDropped].lived_long, 0u);
}

TEST(RuntimeTenure, UnderStressEverySiteMovesAtEveryCollection) {
  Machine m(WithSites(), HeapOptions().Stress(1000).Check());
  Pack(m.gm, kNil, 0);
  Grow(m.gm, 1000, 1, 0); // 3,000 allocations: 3 collections
  EXPECT_EQ(m.gm.heap.tenure.moves,
            kSiteCount * heap_collections(&m.gm.heap.stats));
  EXPECT_GE(heap_collections(&m.gm.heap.stats), 3u);
  uint32_t tenured = site_classes[kKept] >= LAZYC_TENURED;
  EXPECT_EQ(tenured, heap_collections(&m.gm.heap.stats) % 2);
}

} // namespace
