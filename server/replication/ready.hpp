// What the core hands to the shell (Ready) and what the shell restores it from
// (PersistentState).
//
// The shell handles each Ready completely and in order:
//   1. Durably write, in this order: `snapshot` (replacing the whole log and state
//      machine image), then `entries` (first truncating the stored log at entries.front().index),
//      then `hard_state`. All three must be durable (fsync) before step 2.
//   2. Send `messages`. Every message of a Ready may assert what the Ready persisted (a vote,
//      an acknowledged entry), so none may leave before step 1 completes, and none before
//      every earlier Ready's step 1 completed either.
//   3. Apply `committed_entries` in order; answer `read_states` once the state machine has
//      applied their index; fail the requests in `aborted_reads` (retry on the leader).
//   4. Report progress: Node::on_persisted(last persisted index, its term) — for a Ready with
//      only a snapshot, the snapshot's index and term — and Node::on_applied(last applied).
#pragma once

#include <optional>
#include <vector>

#include "server/replication/read_index.hpp"
#include "server/replication/types.hpp"

namespace zks::raft {

struct Ready {
  std::optional<HardState> hard_state;   // set when changed since the previous Ready
  std::optional<SnapshotMeta> snapshot;  // install: its data arrived with the kSnapshot message
  std::vector<Entry> entries;
  std::vector<Message> messages;
  std::vector<Entry> committed_entries;
  std::vector<ReadState> read_states;
  std::vector<std::uint64_t> aborted_reads;

  bool empty() const {
    return !hard_state && !snapshot && entries.empty() && messages.empty() &&
           committed_entries.empty() && read_states.empty() && aborted_reads.empty();
  }
};

// What a node finds on its disk at start: `entries` directly follow the snapshot (contiguous
// indexes from snapshot.index + 1; the core aborts otherwise, storage must have reported the
// damage first). `applied` is where the shell's state machine stands (the snapshot's index
// when the state machine is rebuilt from the snapshot).
struct PersistentState {
  HardState hard_state;
  SnapshotMeta snapshot;
  std::vector<Entry> entries;
  Index applied = 0;
};

// The identical initial state every founding member of a new cluster writes to its empty
// disk: one committed configuration entry (term 1, index 1) naming `voters` and `learners`.
// A node joining an existing cluster starts from an empty PersistentState instead and learns
// the configuration from the leader.
PersistentState bootstrap_state(const ConfState& initial);

}  // namespace zks::raft
