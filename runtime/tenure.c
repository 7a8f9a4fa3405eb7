/* tenure - which allocation sites allocate from the tenured classes. */
#include "tenure.h"

#include "error.h"
#include "zone.h"

#include <stdlib.h>

void tenure_init(struct tenure *tenure, const struct lazyc_program *program,
                 bool pretenure, bool stress) {
  *tenure = (struct tenure){
      .random = 0x9e3779b97f4a7c15u,
      .site_classes = program->site_classes,
      .site_count = program->site_count,
      .stress = stress && pretenure,
  };
  for (uint32_t s = 0; s < program->site_count; s++)
    tenure->site_classes[s] =
        (uint16_t)lazyc_class_words(tenure->site_classes[s]);
  if (program->site_count == 0 || !pretenure)
    return;
  tenure->sites = calloc(program->site_count, sizeof *tenure->sites);
  if (!tenure->sites)
    rt_fatal("heap exhausted");
  for (uint32_t s = 0; s < program->site_count; s++)
    tenure->sites[s].words = tenure->site_classes[s];
}

static uint64_t next_random(struct tenure *tenure) {
  uint64_t x = tenure->random;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return tenure->random = x;
}

void tenure_offer(struct tenure *tenure, uint32_t site, const void *cell) {
  if (!tenure->sites)
    return;
  uint64_t seen = ++tenure->offered;
  if (tenure->sample_count < TENURE_SAMPLES) {
    tenure->samples[tenure->sample_count++] =
        (struct tenure_sample){site, cell};
    return;
  }
  uint64_t slot = next_random(tenure) % seen;
  if (slot < TENURE_SAMPLES)
    tenure->samples[slot] = (struct tenure_sample){site, cell};
}

/* Move SITE to the other class of its size.  It starts its figures
 * again, so that the next move needs samples of its own. */
static void move(struct tenure *tenure, uint32_t site) {
  struct tenure_site *figures = &tenure->sites[site];
  uint16_t *cls = &tenure->site_classes[site];
  if (*cls >= LAZYC_TENURED) {
    *cls = (uint16_t)figures->words;
    tenure->tenured_of_size[figures->words]--;
  } else {
    *cls = (uint16_t)(LAZYC_TENURED + figures->words);
    tenure->tenured_of_size[figures->words]++;
  }
  tenure->moves++;
  figures->sampled = figures->lived_long = 0;
}

/* Move SITE if its figures call for it. */
static void place(struct tenure *tenure, uint32_t site) {
  const struct tenure_site *figures = &tenure->sites[site];
  if (figures->sampled < TENURE_MIN_SAMPLES)
    return;
  if (tenure->site_classes[site] >= LAZYC_TENURED
          ? 2 * figures->lived_long < figures->sampled
          : 10 * figures->lived_long >= 9 * figures->sampled)
    move(tenure, site);
}

/* Add the samples judged at this collection to SITE's figures: as
 * TENURE_PER_COLLECTION of them at most, in proportion; the oldest halves
 * drop out past the window. */
static void add_batch(struct tenure_site *figures) {
  uint32_t sampled = figures->batch_sampled;
  uint32_t lived_long = figures->batch_lived_long;
  if (sampled > TENURE_PER_COLLECTION) {
    lived_long = (lived_long * TENURE_PER_COLLECTION + sampled / 2) / sampled;
    sampled = TENURE_PER_COLLECTION;
  }
  figures->sampled += sampled;
  figures->lived_long += lived_long;
  figures->batch_sampled = figures->batch_lived_long = 0;
  while (figures->sampled >= TENURE_WINDOW) {
    figures->sampled /= 2;
    figures->lived_long /= 2;
  }
}

/* One more sample of SITE judged, which LIVED_LONG or not. */
static void count(struct tenure *tenure, uint32_t site, bool lived_long) {
  struct tenure_site *figures = &tenure->sites[site];
  if (figures->batch_sampled++ == 0)
    tenure->touched[tenure->touched_count++] = site;
  figures->batch_lived_long += lived_long;
}

/* Judge the survivors of earlier collections if this one is MAJOR, and
 * the samples of the time since the last; keep those that survived this
 * one for the next major collection. */
static void judge(struct tenure *tenure, bool major) {
  if (major) {
    for (uint32_t i = 0; i < tenure->survivor_count; i++)
      count(tenure, tenure->survivors[i].site,
            is_marked(tenure->survivors[i].cell));
    tenure->survivor_count = 0;
  }
  for (uint32_t i = 0; i < tenure->sample_count; i++) {
    const struct tenure_sample *sample = &tenure->samples[i];
    if (!is_marked(sample->cell))
      count(tenure, sample->site, false);
    else if (tenure->survivor_count < TENURE_SAMPLES)
      tenure->survivors[tenure->survivor_count++] = *sample;
  }
  for (uint32_t i = 0; i < tenure->touched_count; i++) {
    add_batch(&tenure->sites[tenure->touched[i]]);
    place(tenure, tenure->touched[i]);
  }
  tenure->touched_count = 0;
}

void tenure_judge(struct tenure *tenure, bool major) {
  if (tenure->stress)
    for (uint32_t site = 0; site < tenure->site_count; site++)
      move(tenure, site);
  else if (tenure->sites)
    judge(tenure, major);
  tenure->sample_count = 0;
  tenure->offered = 0;
}

uint32_t tenure_tenured_sites(const struct tenure *tenure) {
  uint32_t sites = 0;
  for (uint32_t words = 0; words < LAZYC_TENURED; words++)
    sites += tenure->tenured_of_size[words];
  return sites;
}

bool tenure_check(const struct tenure *tenure) {
  for (uint32_t s = 0; s < tenure->site_count; s++) {
    uint32_t cls = tenure->site_classes[s];
    if (tenure->sites ? lazyc_class_words(cls) != tenure->sites[s].words
                      : cls >= LAZYC_TENURED)
      return false;
  }
  return true;
}

void tenure_release(struct tenure *tenure) {
  free(tenure->sites);
  tenure->sites = NULL;
}
