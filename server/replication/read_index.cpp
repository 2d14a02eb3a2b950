#include "server/replication/read_index.hpp"

#include <algorithm>

#include "server/replication/quorum.hpp"

namespace zks::raft {

std::vector<std::uint64_t> ReadTracker::take_deferred() {
  std::vector<std::uint64_t> out;
  out.swap(deferred_);
  return out;
}

std::uint64_t ReadTracker::start(std::uint64_t request_id, Index commit) {
  pending_.push_back({request_id, commit, ++round_});
  return round_;
}

void ReadTracker::acknowledge(NodeId voter, std::uint64_t round) {
  auto& acked = acked_[voter];
  acked = std::max(acked, std::min(round, round_));
}

std::vector<ReadState> ReadTracker::release(const std::set<NodeId>& voters, NodeId self) {
  std::vector<ReadState> out;
  while (!pending_.empty()) {
    const Pending& read = pending_.front();
    bool confirmed = has_majority(voters, [&](NodeId id) {
      if (id == self) return true;
      auto it = acked_.find(id);
      return it != acked_.end() && it->second >= read.round;
    });
    if (!confirmed) break;
    out.push_back({read.request_id, read.index});
    pending_.pop_front();
  }
  return out;
}

std::vector<std::uint64_t> ReadTracker::abort_all() {
  std::vector<std::uint64_t> out = take_deferred();
  for (const auto& read : pending_) out.push_back(read.request_id);
  pending_.clear();
  acked_.clear();
  return out;
}

}  // namespace zks::raft
