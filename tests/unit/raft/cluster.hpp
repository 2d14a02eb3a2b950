// A synchronous in-memory cluster for focused tests of the Raft core: every Ready is
// persisted at once, messages are delivered in order until the cluster is quiet, and links
// can be cut. Faults with timing (delay, reordering, crashes losing unsynced writes) are the
// simulator's job (sim.hpp).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>

#include "server/replication/node.hpp"
#include "tests/unit/raft/mem_storage.hpp"

namespace zks::raft::test {

class Cluster {
 public:
  // Founding members `voters` and `learners`, all bootstrapped alike.
  explicit Cluster(std::set<NodeId> voters, std::set<NodeId> learners = {}, Config base = {});

  Node& node(NodeId id) { return *nodes_.at(id); }
  MemStorage& storage(NodeId id) { return storage_.at(id); }
  // Payloads of normal, non-empty entries applied by `id`, in order.
  const std::vector<std::string>& applied(NodeId id) { return applied_.at(id); }
  Index applied_index(NodeId id) const { return applied_index_.at(id); }
  // Read-index answers and aborted reads each node reported.
  std::vector<ReadState> reads(NodeId id) { return reads_[id]; }
  std::vector<std::uint64_t> aborted_reads(NodeId id) { return aborted_[id]; }

  void tick(NodeId id, int times = 1);
  void tick_all(int times = 1);
  // Ticks `id` until it starts a (new) campaign, then delivers everything.
  void campaign(NodeId id);
  // Persists every Ready and delivers every message until nothing is left to do.
  void settle();
  // Runs one round only: collect Readys, return the messages they produced (undelivered).
  std::vector<Message> collect();
  void deliver(Message m);

  // Link control: messages on a cut link are dropped.
  void cut(NodeId a, NodeId b) { cut_.insert({a, b}), cut_.insert({b, a}); }
  void cut_one_way(NodeId from, NodeId to) { cut_.insert({from, to}); }
  void isolate(NodeId id);
  void heal() { cut_.clear(); }
  // A filter run on every message; it may edit it, and returning false drops it.
  void set_filter(std::function<bool(Message&)> keep) { filter_ = std::move(keep); }

  // Restarts `id` from its storage (unsynced state is lost: here everything was synced).
  void restart(NodeId id);
  // Starts a brand-new, empty node (to be added by a configuration change).
  void add_empty(NodeId id);
  // The shell's compaction at the node's applied index.
  void compact(NodeId id);
  std::set<NodeId> ids() const;
  NodeId leader() const;

 private:
  Config config_for(NodeId id) const;
  void handle_ready(NodeId id, std::vector<Message>& out);

  Config base_;
  std::map<NodeId, std::unique_ptr<Node>> nodes_;
  std::map<NodeId, MemStorage> storage_;
  std::map<NodeId, std::vector<std::string>> applied_;
  std::map<NodeId, Index> applied_index_;
  std::map<NodeId, std::string> incoming_snapshot_;  // image received with a kSnapshot
  std::map<NodeId, std::vector<ReadState>> reads_;
  std::map<NodeId, std::vector<std::uint64_t>> aborted_;
  std::set<std::pair<NodeId, NodeId>> cut_;
  std::function<bool(Message&)> filter_;
};

}  // namespace zks::raft::test
