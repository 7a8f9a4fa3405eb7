// runtime_bench - microbenchmarks of the runtime's allocator and collector.
//
// Each reports per_node: the time of what it measures divided by the
// nodes it allocated (or, for marking, the nodes it marked).  Nodes are App
// nodes and Cons cells of three words each, as generated code makes them.
//
//   build/bench/runtime_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include "eval.h"
#include "heap.h"

#include <benchmark/benchmark.h>

#include <chrono>

namespace {

enum Ctor : uint32_t { kNil, kCons };

node *UnusedEntry(lazyc_machine *, node **) { return nullptr; }
node *UnusedCode(lazyc_machine *, node **, int64_t, int64_t, int64_t, int64_t) {
  return nullptr;
}

const lazyc_global_info kGlobals[] = {
    {"unused", 1, UnusedEntry, UnusedCode, nullptr}};
const lazyc_ctor_info kCtors[] = {{"Nil", 0}, {"Cons", 2}};

} // namespace

extern "C" const struct lazyc_program lazyc_program = {1, kGlobals, 2, kCtors,
                                                       0, 0,        0, nullptr};

namespace {

constexpr size_t kStackBytes = size_t{1} << 30;

struct Options : heap_options {
  Options() : heap_options{} {}
  Options &NeverCollect() {
    never_collect = true;
    return *this;
  }
  Options &Generations(uint32_t count) {
    generations = count;
    return *this;
  }
};

struct Machine {
  explicit Machine(const heap_options &heap = Options()) {
    machine_options options{kStackBytes, heap};
    machine_init(&gm, &lazyc_program, &options);
    // Under valgrind the heap makes runs of one cell, for memcheck; under
    // callgrind, count the allocator as it runs natively instead (and so
    // do not run this under memcheck).
    gm.heap.under_valgrind = false;
  }
  ~Machine() { machine_release(&gm); }
  Machine(const Machine &) = delete;
  Machine &operator=(const Machine &) = delete;

  node *Nil() { return lazyc_constant(&gm.m, kNil); }

  // The two node shapes, pointing at nodes that are always live.
  node *NewApp() {
    auto *app = reinterpret_cast<node_app *>(heap_alloc(&gm, 3));
    app->base = node{NODE_APP, 0, 0, 0};
    app->left = gm.m.globals[0];
    app->right = Nil();
    return &app->base;
  }
  node *NewCons() {
    auto *cons = reinterpret_cast<node_data *>(heap_alloc(&gm, 3));
    cons->base = node{NODE_DATA, 2, 0, kCons};
    cons->fields[0] = gm.m.globals[0];
    cons->fields[1] = Nil();
    return &cons->base;
  }

  gmachine gm;
};

// Report the time per node; NODES is the total over all iterations.
void ReportPerNode(benchmark::State &state, double nodes) {
  state.SetItemsProcessed(static_cast<int64_t>(nodes));
  state.counters["per_node"] = benchmark::Counter(
      nodes, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

// 1. Allocation of garbage App nodes: with the collections that come every
// HEAP_MIN_MAJOR_NODES allocations, and without (the fast path and a fresh
// block now and then: the heap is emptied between batches, off the clock).
constexpr int64_t kBatch = 1 << 14;

void BM_Alloc(benchmark::State &state) {
  Machine m;
  for (auto _ : state)
    for (int64_t i = 0; i < kBatch; i++)
      benchmark::DoNotOptimize(m.NewApp());
  ReportPerNode(state, static_cast<double>(state.iterations() * kBatch));
  state.counters["collections"] =
      static_cast<double>(heap_collections(&m.gm.heap.stats));
}
BENCHMARK(BM_Alloc);

void BM_AllocWithoutCollections(benchmark::State &state) {
  Machine m(Options().NeverCollect());
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < kBatch; i++)
      benchmark::DoNotOptimize(m.NewApp());
    state.SetIterationTime(Seconds(start));
    heap_collect(&m.gm); // back to the pool: no new memory next time
  }
  ReportPerNode(state, static_cast<double>(state.iterations() * kBatch));
}
BENCHMARK(BM_AllocWithoutCollections)->UseManualTime();

// Push a list of LENGTH Cons cells whose heads are all global 0.
void PushList(gmachine &gm, int64_t length) {
  node *head = lazyc_global(&gm.m, 0);
  *gm.m.sp++ = head;
  *gm.m.sp++ = lazyc_constant(&gm.m, kNil);
  for (int64_t i = 0; i < length; i++) {
    node *cons = lazyc_new_fields(&gm.m, gm.m.sp, NODE_DATA, kCons, 2);
    lazyc_fields(cons)[0] = head;
    lazyc_fields(cons)[1] = gm.m.sp[-1];
    gm.m.sp[-1] = cons;
  }
}

// 2. Marking a list of 10^7 Cons cells, everything live: the time of
// heap_collect per live node.
void BM_MarkList(benchmark::State &state) {
  Machine m;
  PushList(m.gm, state.range(0));
  const heap_stats before = *heap_statistics(&m.gm);
  double marked = 0;
  for (auto _ : state) {
    heap_collect(&m.gm);
    marked += static_cast<double>(m.gm.heap.marked_nodes);
  }
  const heap_stats &after = *heap_statistics(&m.gm);
  ReportPerNode(state, marked);
  state.counters["mark_ns_per_node"] =
      1e9 * (after.mark_seconds - before.mark_seconds) / marked;
  state.counters["sweep_ns_per_node"] =
      1e9 * (after.sweep_seconds - before.sweep_seconds) / marked;
}
BENCHMARK(BM_MarkList)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

// 3. Sweeping: a heap of range(0) App nodes of which one in range(1) stays
// live (0: none).  Each iteration collects, then allocates as many nodes as
// the collection freed cells (or nodes, when none stayed live); the time per
// dead node covers both, the lazy sweep being done by the allocator.
void BM_CollectAndReuse(benchmark::State &state) {
  const int64_t nodes = state.range(0), keep_every = state.range(1);
  Machine m(Options().NeverCollect()); // collections only here
  for (int64_t i = 0; i < nodes; i++) {
    node *app = m.NewApp();
    if (keep_every != 0 && i % keep_every == 0)
      *m.gm.m.sp++ = app;
  }
  double dead = 0;
  size_t blocks = 0;
  for (auto _ : state) {
    heap_collect(&m.gm);
    int64_t free_cells = 0;
    for (block *b = m.gm.heap.classes[3].blocks; b; b = b->next)
      free_cells +=
          (block_cells_end(b) - block_cells(b)) / b->cell_bytes - b->live_cells;
    int64_t reuse = keep_every != 0 ? free_cells : nodes;
    for (int64_t i = 0; i < reuse; i++)
      benchmark::DoNotOptimize(m.NewApp());
    dead += static_cast<double>(reuse);
    if (blocks == 0)
      blocks = m.gm.heap.zone.blocks_in_use;
    else if (m.gm.heap.zone.blocks_in_use != blocks)
      state.SkipWithError("the reused heap grew");
  }
  ReportPerNode(state, dead);
  state.counters["live"] = static_cast<double>(m.gm.heap.marked_nodes);
}
BENCHMARK(BM_CollectAndReuse)
    ->ArgNames({"nodes", "keep_every"})
    ->Args({1'000'000, 1000})
    ->Args({1'000'000, 0})
    ->Unit(benchmark::kMillisecond);

// 4. The whole cycle: App nodes and Cons cells in turn, every tenth kept in
// a ring of range(0) stack slots, so that the oldest kept node dies as a new
// one is kept.  With the ring at a tenth of HEAP_NURSERY_NODES, a tenth of
// the nodes allocated between two collections survive them.  Beside it a
// list of range(1) cells stays live throughout.  With one generation
// (range(2) = 1) every collection marks it; with two (range(2) = 2) it is
// old after its first collections, and only major ones mark it again.
void BM_AllocateAndCollect(benchmark::State &state) {
  const size_t ring = static_cast<size_t>(state.range(0));
  Machine m(Options().Generations(static_cast<uint32_t>(state.range(2))));
  PushList(m.gm, state.range(1));
  node **kept = m.gm.m.sp;
  for (size_t i = 0; i < ring; i++)
    *m.gm.m.sp++ = m.Nil();
  size_t slot = 0;
  const heap_stats before = *heap_statistics(&m.gm);
  for (auto _ : state) {
    for (int64_t i = 0; i < kBatch; i += 10) {
      kept[slot] = m.NewApp();
      slot = slot + 1 == ring ? 0 : slot + 1;
      for (int j = 1; j < 10; j++)
        benchmark::DoNotOptimize(j % 2 ? m.NewCons() : m.NewApp());
    }
  }
  const heap_stats &after = *heap_statistics(&m.gm);
  double allocated =
      static_cast<double>(after.nodes_allocated - before.nodes_allocated);
  ReportPerNode(state, allocated);
  state.counters["collections"] =
      static_cast<double>(heap_collections(&after) - heap_collections(&before));
  // 0.1 when a tenth survive; more when the list is marked again and again
  // (and when the survivors' promotion brings major collections).
  state.counters["marked_per_node"] =
      static_cast<double>(after.nodes_marked - before.nodes_marked) / allocated;
  state.counters["gc_ns_per_node"] =
      1e9 *
      (after.mark_seconds + after.sweep_seconds - before.mark_seconds -
       before.sweep_seconds) /
      allocated;
}
BENCHMARK(BM_AllocateAndCollect)
    ->ArgNames({"ring", "list", "generations"})
    ->Args({HEAP_NURSERY_NODES / 10, 0, 1})
    ->Args({HEAP_NURSERY_NODES / 10, 1'000'000, 1})
    ->Args({HEAP_NURSERY_NODES / 10, 0, 2})
    ->Args({HEAP_NURSERY_NODES / 10, 1'000'000, 2});

} // namespace

BENCHMARK_MAIN();
