// Read-index bookkeeping on the leader (linearizable reads, ZooKeeper `sync`). A read
// registered at commit index C is released once a majority of voters answered a heartbeat
// sent after the registration: at that moment the node was still leader, so every write
// acknowledged before the read is at or below C. Reads arriving before the leader committed
// an entry of its own term wait for that commit (the commit index is not final before).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "server/replication/types.hpp"

namespace zks::raft {

// A released read: once the shell has applied `index`, it may answer `request_id`.
struct ReadState {
  std::uint64_t request_id = 0;
  Index index = 0;

  bool operator==(const ReadState&) const = default;
};

class ReadTracker {
 public:
  // Queues a read until the leader commits an entry of its term.
  void defer(std::uint64_t request_id) { deferred_.push_back(request_id); }
  std::vector<std::uint64_t> take_deferred();
  // Registers a read at `commit`; returns the round a heartbeat must carry to confirm it.
  std::uint64_t start(std::uint64_t request_id, Index commit);
  // The round the next heartbeat carries (confirms every read registered so far).
  std::uint64_t current_round() const { return round_; }
  void acknowledge(NodeId voter, std::uint64_t round);
  // Reads confirmed by a majority of `voters` (the leader `self` confirms itself), in order.
  std::vector<ReadState> release(const std::set<NodeId>& voters, NodeId self);
  // Every read waiting or deferred; the tracker is left empty (leadership was lost).
  std::vector<std::uint64_t> abort_all();

 private:
  struct Pending {
    std::uint64_t request_id;
    Index index;
    std::uint64_t round;
  };
  std::deque<Pending> pending_;
  std::vector<std::uint64_t> deferred_;
  std::map<NodeId, std::uint64_t> acked_;
  std::uint64_t round_ = 0;
};

}  // namespace zks::raft
