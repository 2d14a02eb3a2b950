// A node's "disk" for tests: keeps exactly what the shell persisted from Ready batches,
// following the contract in server/replication/ready.hpp, and restores a PersistentState.
#pragma once

#include "server/replication/ready.hpp"

namespace zks::raft::test {

struct MemStorage {
  HardState hard_state;
  SnapshotMeta snapshot;
  std::string snapshot_data;
  std::vector<Entry> entries;  // after the snapshot

  // Writes the persistent parts of `rd`; `snapshot_data` goes with rd.snapshot.
  void persist(const Ready& rd, const std::string& incoming_snapshot_data = {}) {
    if (rd.snapshot) {
      snapshot = *rd.snapshot;
      snapshot_data = incoming_snapshot_data;
      entries.clear();
    }
    if (!rd.entries.empty()) {
      Index first = rd.entries.front().index;
      while (!entries.empty() && entries.back().index >= first) entries.pop_back();
      entries.insert(entries.end(), rd.entries.begin(), rd.entries.end());
    }
    if (rd.hard_state) hard_state = *rd.hard_state;
  }
  // The shell compacted: `meta` covers the log up to meta.index.
  void compact(const SnapshotMeta& meta, std::string data) {
    std::erase_if(entries, [&](const Entry& e) { return e.index <= meta.index; });
    snapshot = meta;
    snapshot_data = std::move(data);
  }
  PersistentState load() const { return {hard_state, snapshot, entries, snapshot.index}; }
};

// Index and term to acknowledge once `rd` is durable, if it persisted anything.
inline std::optional<std::pair<Index, Term>> persisted_mark(const Ready& rd) {
  if (!rd.entries.empty()) return std::pair{rd.entries.back().index, rd.entries.back().term};
  if (rd.snapshot) return std::pair{rd.snapshot->index, rd.snapshot->term};
  return std::nullopt;
}

}  // namespace zks::raft::test
