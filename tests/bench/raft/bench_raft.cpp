// Raft core microbenchmark, in memory with no I/O: committed entries per second on 3 nodes
// with batching, and election / leadership-transfer latency in ticks. Prints figures only.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "server/replication/node.hpp"

namespace {

using namespace zks::raft;

// Three nodes whose Readys are "persisted" at once and whose messages are delivered in order.
class Bench {
 public:
  explicit Bench(std::uint64_t seed, int max_inflight = 256) {
    ConfState conf{{1, 2, 3}, {}};
    for (NodeId id : conf.voters) {
      Config config;
      config.id = id;
      config.seed = seed;
      config.max_inflight = max_inflight;
      nodes_[id] = std::make_unique<Node>(config, bootstrap_state(conf));
    }
  }
  Node& node(NodeId id) { return *nodes_.at(id); }
  std::uint64_t applied(NodeId id) { return applied_[id]; }

  // Runs Ready cycles until quiet; returns the number of cycles.
  int settle() {
    int cycles = 0;
    for (bool busy = true; busy; ++cycles) {
      busy = false;
      std::vector<Message> out;
      for (auto& [id, n] : nodes_) {
        if (!n->has_ready()) continue;
        busy = true;
        Ready rd = n->ready();
        if (!rd.entries.empty()) n->on_persisted(rd.entries.back().index, rd.entries.back().term);
        applied_[id] += rd.committed_entries.size();
        if (!rd.committed_entries.empty()) n->on_applied(rd.committed_entries.back().index);
        for (auto& m : rd.messages) out.push_back(std::move(m));
      }
      for (const auto& m : out)
        if (!down_.contains(m.to) && !down_.contains(m.from)) node(m.to).step(m);
    }
    return cycles;
  }
  void tick_all() {
    for (auto& [id, n] : nodes_)
      if (!down_.contains(id)) n->tick();
  }
  NodeId leader() {
    for (auto& [id, n] : nodes_)
      if (!down_.contains(id) && n->role() == Role::kLeader) return id;
    return kNoNode;
  }
  // Ticks everyone (delivering after each tick) until a leader is up; returns the ticks.
  int ticks_to_leader() {
    int ticks = 0;
    while (leader() == kNoNode) {
      tick_all();
      settle();
      ++ticks;
    }
    return ticks;
  }
  void stop(NodeId id) { down_.insert(id); }

 private:
  std::map<NodeId, std::unique_ptr<Node>> nodes_;
  std::map<NodeId, std::uint64_t> applied_;
  std::set<NodeId> down_;
};

void throughput(int batch) {
  Bench bench(1);
  bench.ticks_to_leader();
  NodeId leader = bench.leader();
  const std::uint64_t total = 500'000;
  const std::string payload(24, 'x');
  std::uint64_t start_applied = bench.applied(leader);
  auto start = std::chrono::steady_clock::now();
  std::uint64_t proposed = 0;
  while (bench.applied(leader) - start_applied < total) {
    for (int i = 0; i < batch && proposed < total; ++i, ++proposed)
      bench.node(leader).propose(payload);
    bench.settle();
    Index applied = bench.node(leader).status().applied;
    if (applied > bench.node(leader).log().snapshot().index + 50'000)
      for (NodeId id : {1, 2, 3}) bench.node(id).compact(bench.node(id).status().applied);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("  3 nodes, 24-byte entries, %4d proposals per Ready: %10.0f committed entries/s\n",
              batch, static_cast<double>(total) / seconds);
}

void election_latency() {
  const int runs = 200;
  long first = 0, failover = 0;
  for (int run = 0; run < runs; ++run) {
    Bench bench(1000 + run);
    first += bench.ticks_to_leader();
    bench.stop(bench.leader());
    failover += bench.ticks_to_leader();
  }
  std::printf("  election timeout 10 ticks, heartbeat 1 tick, pre-vote and check-quorum on\n");
  std::printf("  first leader:                         %6.1f ticks (mean of %d)\n",
              static_cast<double>(first) / runs, runs);
  std::printf("  new leader after the leader stops:    %6.1f ticks (mean of %d)\n",
              static_cast<double>(failover) / runs, runs);
}

void transfer_latency() {
  const int runs = 200;
  long cycles = 0, ticks = 0;
  for (int run = 0; run < runs; ++run) {
    Bench bench(5000 + run);
    bench.ticks_to_leader();
    NodeId from = bench.leader();
    NodeId to = from % 3 + 1;
    bench.node(from).transfer_leadership(to);
    cycles += bench.settle();
    while (bench.leader() != to) {
      bench.tick_all();
      bench.settle();
      ++ticks;
    }
  }
  std::printf("  leadership transfer:                  %6.1f ticks, %.1f delivery rounds\n",
              static_cast<double>(ticks) / runs, static_cast<double>(cycles) / runs);
}

}  // namespace

int main() {
  std::printf("bench_raft: Raft core in memory (no disk, no network)\n");
  for (int batch : {1, 16, 256}) throughput(batch);
  election_latency();
  transfer_latency();
  return 0;
}
