/* zone - the blocks that nodes live in. */
#include "zone.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks are mapped this many at a time, to save system calls. */
#define CHUNK_BLOCKS 16
/* The pool keeps at least this many empty blocks before returning any:
 * enough for the nodes allocated between two collections of a small heap. */
#define MIN_POOL_BLOCKS 64
/* The page of a block that holds its header (at least the header). */
#define HEADER_PAGE_BYTES 4096

void zone_init(struct zone *zone, uint64_t byte_limit) {
  *zone = (struct zone){.block_limit = (size_t)(byte_limit / BLOCK_BYTES)};
  if (byte_limit != 0 && zone->block_limit == 0)
    zone->block_limit = 1;
}

/* Map CHUNK_BLOCKS aligned blocks into the pool: map one block more than
 * needed and trim the ends so that the rest is aligned. */
static bool map_chunk(struct zone *zone) {
  size_t bytes = (CHUNK_BLOCKS + 1) * BLOCK_BYTES;
  char *mapping = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED)
    return false;
  if (zone->chunk_count == zone->chunk_capacity) {
    size_t capacity = zone->chunk_capacity ? 2 * zone->chunk_capacity : 16;
    char **grown = realloc(zone->chunks, capacity * sizeof *grown);
    if (!grown) {
      munmap(mapping, bytes);
      return false;
    }
    zone->chunks = grown;
    zone->chunk_capacity = capacity;
  }
  char *first = (char *)(((uintptr_t)mapping + BLOCK_BYTES - 1) &
                         ~(uintptr_t)(BLOCK_BYTES - 1));
  char *end = first + CHUNK_BLOCKS * BLOCK_BYTES;
  if (first > mapping)
    munmap(mapping, (size_t)(first - mapping));
  if (mapping + bytes > end)
    munmap(end, (size_t)(mapping + bytes - end));
  zone->chunks[zone->chunk_count++] = first;
  for (char *at = end; at > first;) {
    struct block *block = (struct block *)(at -= BLOCK_BYTES);
    block->next = zone->pool;
    zone->pool = block;
    zone->pool_blocks++;
  }
  return true;
}

struct block *zone_acquire(struct zone *zone, uint32_t cell_bytes) {
  if (zone->block_limit != 0 && zone->blocks_in_use >= zone->block_limit)
    return NULL;
  struct block *block;
  if (zone->pool) {
    block = zone->pool;
    zone->pool = block->next;
    zone->pool_blocks--;
  } else if (zone->returned) { /* its pages come back zeroed as touched */
    block = zone->returned;
    zone->returned = block->next;
  } else if (map_chunk(zone)) {
    block = zone->pool;
    zone->pool = block->next;
    zone->pool_blocks--;
  } else {
    return NULL;
  }
  zone->acquired++;
  block->next = NULL;
  block->cell_bytes = cell_bytes;
  size_t room = BLOCK_BYTES - sizeof(struct block);
  block->cells_end =
      (uint32_t)(sizeof(struct block) + room - room % cell_bytes);
  block->live_cells = 0;
  memset(block->mark_bits, 0, sizeof block->mark_bits);
  if (++zone->blocks_in_use > zone->peak_blocks)
    zone->peak_blocks = zone->blocks_in_use;
  return block;
}

void zone_release(struct zone *zone, struct block *block) {
  zone->blocks_in_use--;
  block->cell_bytes = 0;
  block->next = zone->pool;
  zone->pool = block;
  zone->pool_blocks++;
}

void zone_trim(struct zone *zone) {
  size_t margin = zone->blocks_in_use / 4;
  if (margin < MIN_POOL_BLOCKS)
    margin = MIN_POOL_BLOCKS;
  if (margin < zone->acquired)
    margin = zone->acquired;
  zone->acquired = 0;
  while (zone->pool_blocks > margin) {
    struct block *block = zone->pool;
    zone->pool = block->next;
    zone->pool_blocks--;
    /* Its memory but not its addresses: an unmapped hole could be mapped
     * by someone else, and zone_release_all would unmap that.  The page of
     * the header stays, to link the block. */
    madvise((char *)block + HEADER_PAGE_BYTES, BLOCK_BYTES - HEADER_PAGE_BYTES,
            MADV_DONTNEED);
    block->next = zone->returned;
    zone->returned = block;
  }
}

void zone_release_all(struct zone *zone) {
  for (size_t i = 0; i < zone->chunk_count; i++)
    munmap(zone->chunks[i], CHUNK_BLOCKS * BLOCK_BYTES);
  free(zone->chunks);
  *zone = (struct zone){0};
}
