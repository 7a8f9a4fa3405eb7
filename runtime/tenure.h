/* tenure - which allocation sites allocate from the tenured classes.
 *
 * Pretenuring by allocation site, decided while the program runs.  The
 * allocator's slow path samples the allocations of the generated code's
 * sites: when a run of free cells is used up, the node allocated next is
 * a sample (its site and its cell).  A reservoir keeps TENURE_SAMPLES of
 * them between two collections, drawn alike from the whole time between.
 *
 * A node lives long when it outlives the collection after it was made and
 * the next major one: whatever dies young (the work of the moment) or at
 * middle age (what a phase of the program builds and drops) does not.
 * After a collection has marked, a sample whose cell is unmarked died
 * young; the others are kept until the next major collection has marked,
 * and lived long if their cells are still marked then (until a collection
 * finds a cell unmarked, its node keeps it; minor collections leave old
 * nodes marked, so they cannot tell).  Each site counts its samples and
 * those that lived long over a window of about TENURE_WINDOW, with at most
 * TENURE_PER_COLLECTION from one collection, so that the figures span
 * several; a site 90% of whose nodes live long (of at least
 * TENURE_MIN_SAMPLES) allocates from then on from the tenured class of
 * its size (lazyc_rt.h), and goes back to the other when under half do.
 * Generated code reads its site's class in lazyc_program.site_classes at
 * every allocation: the one table this writes.
 *
 * Only where a node is placed changes: a node of a tenured class is young
 * when made, and marked and swept as any other.  A site tenured by
 * mistake costs locality, and the memory of the free cells among its
 * nodes, which the other class of the size takes over once no site
 * allocates from the tenured one (heap.c).
 *
 * Invariant (checked by --check-heap): site S allocates from one of the
 * two classes of its size, lazyc_class_words(site_classes[S]) at
 * start-up; from the first while pretenuring is off.
 */
#ifndef LAZYC_TENURE_H
#define LAZYC_TENURE_H

#include "lazyc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TENURE_SAMPLES 1024
#define TENURE_MIN_SAMPLES 8
#define TENURE_WINDOW 64
#define TENURE_PER_COLLECTION 4

struct tenure_sample {
  uint32_t site;
  const void *cell;
};

/* What the samples of one site showed, over the window and in the
 * collection being judged, and the size of its nodes. */
struct tenure_site {
  uint32_t sampled, lived_long;
  uint32_t batch_sampled, batch_lived_long;
  uint32_t words;
};

struct tenure {
  struct tenure_sample samples[TENURE_SAMPLES];
  uint32_t sample_count; /* in the reservoir */
  uint64_t offered;      /* samples offered since the last collection */
  uint64_t random;       /* the reservoir's generator (xorshift) */
  /* Samples that outlived their first collection, until the next major. */
  struct tenure_sample survivors[TENURE_SAMPLES];
  uint32_t survivor_count;
  /* The sites with samples judged by the collection being judged. */
  uint32_t touched[2 * TENURE_SAMPLES];
  uint32_t touched_count;
  struct tenure_site *sites; /* NULL: pretenuring is off */
  uint16_t *site_classes;    /* the program's, one per site */
  uint32_t site_count;
  /* The sites allocating from a tenured class now, by node size. */
  uint32_t tenured_of_size[LAZYC_TENURED];
  uint64_t moves; /* of a site from one class to the other */
  bool stress;    /* every site moves at every collection */
};

/* The sites of PROGRAM, every one of them in its size's class, where
 * they stay unless PRETENURE.  Under STRESS, every site moves to the other
 * class of its size at every collection, whatever its figures: so that
 * the GC-stress runs have every allocation site try both classes. */
void tenure_init(struct tenure *tenure, const struct lazyc_program *program,
                 bool pretenure, bool stress);

/* SITE allocates its next node at CELL: a sample, maybe. */
void tenure_offer(struct tenure *tenure, uint32_t site, const void *cell);

/* After a collection's marking (a MAJOR one or not): judge the samples
 * that can be, move the sites whose figures call for it (under stress,
 * every site), and empty the reservoir. */
void tenure_judge(struct tenure *tenure, bool major);

/* Whether some site allocates from the tenured class of WORDS words. */
static inline bool tenure_in_use(const struct tenure *tenure, uint32_t words) {
  return tenure->tenured_of_size[words] != 0;
}

/* The sites allocating from a tenured class now. */
uint32_t tenure_tenured_sites(const struct tenure *tenure);

/* Whether the invariant above holds. */
bool tenure_check(const struct tenure *tenure);

void tenure_release(struct tenure *tenure);

#ifdef __cplusplus
}
#endif

#endif
