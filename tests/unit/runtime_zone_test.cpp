// The zone: aligned blocks, their pool, the block limit.
#include "zone.h"

#include <gtest/gtest.h>

#include <cstring>
#include <sys/mman.h>
#include <vector>

namespace {

constexpr uint32_t kCellBytes = 24;

// A zone that releases everything when the test ends.
struct Zone {
  explicit Zone(uint64_t byte_limit = 0) { zone_init(&state, byte_limit); }
  ~Zone() { zone_release_all(&state); }
  Zone(const Zone &) = delete;
  Zone &operator=(const Zone &) = delete;

  // COUNT blocks, their cells written to, so that they hold memory.
  std::vector<block *> Acquire(size_t count) {
    std::vector<block *> blocks;
    for (size_t i = 0; i < count; i++) {
      block *b = zone_acquire(&state, kCellBytes);
      EXPECT_NE(b, nullptr);
      if (b)
        memset(block_cells(b), 1, block_cells_end(b) - block_cells(b));
      blocks.push_back(b);
    }
    return blocks;
  }

  zone state;
};

bool IsMapped(const void *address) {
  unsigned char resident;
  return mincore(const_cast<void *>(address), 1, &resident) == 0;
}

// Whether the last page of a block is in memory: false once the block went
// back to the system, whether unmapped or only emptied.
bool HoldsMemory(const block *b) {
  unsigned char resident = 0;
  const char *last_page =
      reinterpret_cast<const char *>(b) + BLOCK_BYTES - 4096;
  return mincore(const_cast<char *>(last_page), 1, &resident) == 0 &&
         (resident & 1);
}

TEST(RuntimeZone, ABlockHeaderLeavesRoomForCells) {
  EXPECT_EQ(sizeof(block::mark_bits) * 8, BLOCK_GRANULES);
  EXPECT_LE(sizeof(block), size_t{1} << 11);
  EXPECT_EQ(sizeof(block) % GRANULE_BYTES, 0u);
}

TEST(RuntimeZone, BlocksAreAlignedAndEveryCellFindsItsBlock) {
  Zone z;
  std::set<block *> distinct;
  for (block *b : z.Acquire(40)) {
    distinct.insert(b);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % BLOCK_BYTES, 0u);
    EXPECT_EQ(b->cell_bytes, kCellBytes);
    EXPECT_EQ(b->live_cells, 0u);
    for (uint64_t bits : b->mark_bits)
      ASSERT_EQ(bits, 0u);
    char *first = block_cells(b), *end = block_cells_end(b);
    EXPECT_EQ((end - first) % kCellBytes, 0);
    EXPECT_GT(end + kCellBytes, reinterpret_cast<char *>(b) + BLOCK_BYTES);
    EXPECT_LE(end, reinterpret_cast<char *>(b) + BLOCK_BYTES);
    EXPECT_EQ(block_of(first), b);
    EXPECT_EQ(block_of(end - kCellBytes), b);
    EXPECT_EQ(block_of(end - 1), b);
    EXPECT_EQ(granule_of(first), sizeof(block) / GRANULE_BYTES);
  }
  EXPECT_EQ(distinct.size(), 40u);
  EXPECT_EQ(z.state.blocks_in_use, 40u);
  EXPECT_EQ(z.state.peak_blocks, 40u);
}

TEST(RuntimeZone, MarkBitsAreOnePerGranule) {
  Zone z;
  block *b = z.Acquire(1)[0];
  char *cell = block_cells(b) + 5 * kCellBytes;
  set_block_bit(b->mark_bits, granule_of(cell));
  EXPECT_TRUE(block_bit(b->mark_bits, granule_of(cell)));
  EXPECT_FALSE(block_bit(b->mark_bits, granule_of(cell) - 1));
  EXPECT_FALSE(block_bit(b->mark_bits, granule_of(cell + GRANULE_BYTES)));
  EXPECT_FALSE(block_bit(b->mark_bits, granule_of(cell + kCellBytes)));
}

TEST(RuntimeZone, AReleasedBlockComesBackFromThePoolClean) {
  Zone z;
  block *b = z.Acquire(1)[0];
  set_block_bit(b->mark_bits, granule_of(block_cells(b)));
  b->live_cells = 1;
  size_t pooled = z.state.pool_blocks;
  zone_release(&z.state, b);
  EXPECT_EQ(z.state.blocks_in_use, 0u);
  EXPECT_EQ(z.state.pool_blocks, pooled + 1);
  block *again = zone_acquire(&z.state, 2 * kCellBytes);
  EXPECT_EQ(again, b);
  EXPECT_EQ(again->cell_bytes, 2 * kCellBytes);
  EXPECT_EQ(again->live_cells, 0u);
  EXPECT_FALSE(block_bit(again->mark_bits, granule_of(block_cells(again))));
}

// Past a margin, released blocks go back to the system, so that the heap
// shrinks after a peak.
TEST(RuntimeZone, ThePoolKeepsAMarginAndReturnsTheRest) {
  constexpr size_t kBlocks = 1000; // well beyond the pool's margin
  Zone z;
  std::vector<block *> blocks = z.Acquire(kBlocks);
  zone_trim(&z.state); // the acquisitions are old
  for (block *b : blocks)
    zone_release(&z.state, b);
  EXPECT_GE(z.state.pool_blocks, kBlocks); // until the trim
  zone_trim(&z.state);
  EXPECT_EQ(z.state.blocks_in_use, 0u);
  EXPECT_EQ(z.state.peak_blocks, kBlocks);
  EXPECT_GT(z.state.pool_blocks, 0u);
  EXPECT_LT(z.state.pool_blocks, kBlocks / 4);
  size_t holding = 0;
  for (block *b : blocks)
    holding += HoldsMemory(b);
  EXPECT_GT(holding, 0u);
  EXPECT_LT(holding, kBlocks / 4);
  // The pool serves first.
  size_t pooled = z.state.pool_blocks;
  block *head = z.state.pool;
  EXPECT_EQ(zone_acquire(&z.state, kCellBytes), head);
  EXPECT_EQ(z.state.pool_blocks, pooled - 1);
}

// The blocks acquired since the last trim stay in the pool: the next
// allocations will likely take as many again.
TEST(RuntimeZone, ThePoolKeepsWhatWasAcquiredSinceTheLastTrim) {
  constexpr size_t kBlocks = 1000;
  Zone z;
  std::vector<block *> blocks = z.Acquire(kBlocks);
  for (block *b : blocks)
    zone_release(&z.state, b);
  zone_trim(&z.state);
  EXPECT_GE(z.state.pool_blocks, kBlocks);
  // Taken again and given back: still as many acquired, still kept.
  std::vector<block *> again = z.Acquire(kBlocks);
  for (block *b : again)
    zone_release(&z.state, b);
  zone_trim(&z.state);
  EXPECT_GE(z.state.pool_blocks, kBlocks);
  // None acquired since: back to the margin.
  zone_trim(&z.state);
  EXPECT_LT(z.state.pool_blocks, kBlocks / 4);
}

TEST(RuntimeZone, TheByteLimitCapsTheBlocksInUse) {
  Zone z(4 * BLOCK_BYTES + BLOCK_BYTES / 2);
  std::vector<block *> blocks = z.Acquire(4);
  EXPECT_EQ(zone_acquire(&z.state, kCellBytes), nullptr);
  zone_release(&z.state, blocks[0]);
  EXPECT_NE(zone_acquire(&z.state, kCellBytes), nullptr);

  Zone tiny(1); // less than a block still allows one
  tiny.Acquire(1);
  EXPECT_EQ(zone_acquire(&tiny.state, kCellBytes), nullptr);
}

// A block returned to the system must not leave a hole in a mapping the
// zone unmaps at the end: another mapping may take the hole (here one made
// there on purpose), and releasing the zone would unmap it.
TEST(RuntimeZone, ReleasingTheZoneSparesMappingsInItsHoles) {
  constexpr size_t kBlocks = 64;
  std::vector<void *> others;
  {
    Zone z;
    std::vector<block *> blocks = z.Acquire(kBlocks);
    for (block *b : blocks)
      zone_release(&z.state, b);
    for (block *b : blocks) {
      if (IsMapped(b))
        continue;
      void *other =
          mmap(b, BLOCK_BYTES, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
      ASSERT_EQ(other, static_cast<void *>(b));
      others.push_back(other);
    }
  }
  size_t unmapped = 0;
  for (void *other : others) {
    unmapped += !IsMapped(other);
    munmap(other, BLOCK_BYTES);
  }
  EXPECT_EQ(unmapped, 0u) << "of " << others.size() << " foreign mappings";
}

} // namespace
