/* zone - the blocks that nodes live in.
 *
 * A block is BLOCK_BYTES of memory aligned to its size, so the block of any
 * node is its address with the low bits cleared.  It starts with a header:
 * the size of its cells and a mark bitmap with one bit per 8-byte granule;
 * the cells fill the rest.  Blocks come from the operating system in chunks,
 * go back to a pool when a collection leaves them empty, and past a margin
 * back to the system (zone_trim, after each collection).  The margin keeps
 * as many as were acquired since the last trim: the allocations until the
 * next collection will likely take as many again, and a block given back
 * is faulted in again page by page.  zone_release_all unmaps everything at
 * once.
 */
#ifndef LAZYC_ZONE_H
#define LAZYC_ZONE_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BLOCK_BYTES ((size_t)1 << 16)
#define GRANULE_BYTES 8
#define BLOCK_GRANULES (BLOCK_BYTES / GRANULE_BYTES)

struct block {
  struct block *next;  /* in its size class, or in the pool */
  uint32_t cell_bytes; /* 0 while in the pool */
  uint32_t live_cells; /* marked by the current or last collection */
  uint32_t cells_end;  /* the offset where its whole cells end */
  uint64_t mark_bits[BLOCK_GRANULES / 64];
};

/* Where the cells of a block begin and end (whole cells only). */
static inline char *block_cells(struct block *block) {
  return (char *)block + sizeof(struct block);
}
static inline char *block_cells_end(struct block *block) {
  return (char *)block + block->cells_end;
}

static inline struct block *block_of(const void *cell) {
  return (struct block *)((uintptr_t)cell & ~(uintptr_t)(BLOCK_BYTES - 1));
}

static inline size_t granule_of(const void *cell) {
  return ((uintptr_t)cell & (BLOCK_BYTES - 1)) / GRANULE_BYTES;
}

static inline bool block_bit(const uint64_t *bits, size_t granule) {
  return (bits[granule / 64] >> (granule % 64)) & 1;
}

/* Whether the cell at CELL is marked. */
static inline bool is_marked(const void *cell) {
  return block_bit(block_of(cell)->mark_bits, granule_of(cell));
}

static inline void set_block_bit(uint64_t *bits, size_t granule) {
  bits[granule / 64] |= (uint64_t)1 << (granule % 64);
}

struct zone {
  struct block *pool; /* empty blocks kept for reuse */
  size_t pool_blocks;
  size_t blocks_in_use; /* handed out and not given back */
  size_t peak_blocks;
  size_t block_limit; /* the most blocks in use; 0: no limit */
  size_t acquired;    /* by zone_acquire since the last zone_trim */
  char **chunks;      /* every mapping made, for zone_release_all */
  size_t chunk_count, chunk_capacity;
  struct block *returned; /* given back to the system, still reserved */
};

void zone_init(struct zone *zone, uint64_t byte_limit);

/* An empty block for cells of CELL_BYTES, its mark bits clear, or NULL when
 * the limit is reached or the system has no memory left. */
struct block *zone_acquire(struct zone *zone, uint32_t cell_bytes);

/* Give back an empty block, to the pool. */
void zone_release(struct zone *zone, struct block *block);

/* Give the pool's blocks back to the system past a margin: a quarter of
 * the blocks in use, or as many as were acquired since the last trim if
 * that is more (and never fewer than a small heap needs). */
void zone_trim(struct zone *zone);

/* Unmap every block, in use or not. */
void zone_release_all(struct zone *zone);

#ifdef __cplusplus
}
#endif

#endif
