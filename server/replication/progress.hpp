// The leader's view of one follower's replication, and the flow control that bounds it.
//
// A follower is in one of three states:
//   probe      the leader does not know where the logs match; it sends one AppendEntries at a
//              time and waits for the answer (or the next heartbeat answer) before the next.
//   replicate  the logs match up to `match`; the leader streams entries optimistically,
//              advancing `next` as it sends, with at most max_inflight messages unanswered.
//   snapshot   a snapshot is being sent; nothing else is until the shell reports its outcome
//              or the follower acknowledges an index at or beyond it.
#pragma once

#include <cstddef>
#include <deque>

#include "server/replication/types.hpp"

namespace zks::raft {

enum class ProgressState { kProbe, kReplicate, kSnapshot };

std::string_view progress_state_name(ProgressState state);

// Last indexes of AppendEntries messages sent and not yet acknowledged, oldest first.
class Inflights {
 public:
  explicit Inflights(std::size_t capacity) : capacity_(capacity) {}
  bool full() const { return sent_.size() >= capacity_; }
  std::size_t count() const { return sent_.size(); }
  void add(Index last) { sent_.push_back(last); }
  // Forgets messages whose last index is at most `index` (they are acknowledged).
  void free_up_to(Index index) {
    while (!sent_.empty() && sent_.front() <= index) sent_.pop_front();
  }
  void free_first() {
    if (!sent_.empty()) sent_.pop_front();
  }
  void reset() { sent_.clear(); }

 private:
  std::size_t capacity_;
  std::deque<Index> sent_;
};

struct Progress {
  Progress(Index next_index, std::size_t max_inflight)
      : next(next_index), inflights(max_inflight) {}

  Index match = 0;
  Index next = 1;
  ProgressState state = ProgressState::kProbe;
  Index pending_snapshot = 0;  // snapshot index being sent, in the snapshot state
  bool probe_sent = false;     // probe state: an AppendEntries is awaiting its answer
  bool recent_active = false;  // heard from since the last check-quorum round
  std::uint64_t heard_at = 0;  // leader's tick count when last heard from
  Inflights inflights;

  bool paused() const;
  void become_probe();
  void become_replicate();
  void become_snapshot(Index snapshot_index);
  // Records an acknowledgement of `index`; false when it is stale.
  bool maybe_update(Index index);
  // Handles a rejected AppendEntries for `rejected` with the follower's hint of where a match
  // may be; false when the rejection is stale.
  bool maybe_decrease_to(Index rejected, Index hint);
  // Records that an AppendEntries carrying `count` entries ending at `last` was just sent.
  void sent_append(std::size_t count, Index last);
};

}  // namespace zks::raft
