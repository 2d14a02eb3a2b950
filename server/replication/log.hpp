// The node's Raft log: a snapshot (metadata only) followed by the entries after it, plus the
// bookkeeping between the core and the shell's storage.
//
// Cursors, all indexes:   snapshot.index <= applying <= min(committed, persisted)
//                         persisted <= handed <= last
//   handed     entries up to here were given to the shell to persist (Ready::entries);
//   persisted  the shell reported entries up to here durable (on_persisted);
//   committed  known committed;
//   applying   entries up to here were given to the shell to apply.
// A conflicting append truncates the tail; the cursors above fall back so the replacement
// entries are handed out again (the shell truncates at the first entry it receives).
// Entries are applied only once durable locally, so a restart never forgets an applied entry.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "server/replication/types.hpp"

namespace zks::raft {

class RaftLog {
 public:
  // A log restored from storage: everything given is durable. `applied` (at least the
  // snapshot index) is where the shell's state machine stands.
  RaftLog(SnapshotMeta snapshot, std::vector<Entry> entries, Index commit, Index applied);

  const SnapshotMeta& snapshot() const { return snapshot_; }
  Index first_index() const { return snapshot_.index + 1; }
  Index last_index() const { return snapshot_.index + entries_.size(); }
  Term last_term() const { return term(last_index()).value_or(0); }
  Index committed() const { return committed_; }
  Index persisted() const { return persisted_; }
  Index applying() const { return applying_; }

  // The term of the entry at `index`: the snapshot's term at its index, nothing for indexes
  // compacted away or beyond the end.
  std::optional<Term> term(Index index) const;
  bool match_term(Index index, Term term) const;
  // Raft's election restriction: a log ending at (last_index, last_term) is at least as
  // up to date as this one.
  bool is_up_to_date(Index last_index, Term last_term) const;
  // The largest index at or below `index` whose term is at most `term` (or the snapshot
  // index): where a leader should probe next after a rejection hinting (index, term).
  Index find_conflict_by_term(Index index, Term term) const;

  // The leader appends its own entries; their indexes are assigned here. Returns the last.
  Index append(std::vector<Entry> entries);
  // A follower appends `entries` following (prev_index, prev_term). Entries already present
  // are kept (duplicated or reordered messages never truncate); a conflicting suffix is
  // replaced. Returns the index of the last entry of the message, or nothing when the log
  // does not contain (prev_index, prev_term). Sets `truncated` when the tail was replaced.
  std::optional<Index> maybe_append(Index prev_index, Term prev_term,
                                    const std::vector<Entry>& entries, bool& truncated);
  void commit_to(Index index);

  // Up to `max_bytes` of payload (at least one entry) from [from, last]; nothing when
  // `from` was compacted away.
  std::optional<std::vector<Entry>> slice(Index from, std::uint64_t max_bytes) const;

  // The configuration in force after the entry at `index` (the last configuration entry at
  // or before it, else the snapshot's).
  ConfState conf_at(Index index) const;
  // That configuration entry itself (the shell reads the context it carries), or nothing
  // when the snapshot's configuration is in force.
  std::optional<Entry> conf_entry_at(Index index) const;

  // Replaces the whole log with a snapshot the shell must install.
  void restore(const SnapshotMeta& snapshot);
  // Drops entries up to `index` (already applied and durable, now covered by the shell's
  // snapshot). Returns the metadata of that snapshot, or nothing when the log already starts
  // after `index` (a newer snapshot arrived from the leader).
  std::optional<SnapshotMeta> compact(Index index);

  // Shell bookkeeping (see the cursors above).
  std::vector<Entry> take_unhanded();
  std::optional<SnapshotMeta> take_snapshot_to_install();
  std::vector<Entry> take_committed();
  bool has_unhanded() const { return handed_ < last_index(); }
  bool has_snapshot_to_install() const { return snapshot_unhanded_; }
  bool has_committed_to_apply() const { return applying_ < std::min(committed_, persisted_); }
  bool mark_persisted(Index index, Term term);

 private:
  const Entry& at(Index index) const { return entries_[index - first_index()]; }
  void truncate_after(Index index);

  SnapshotMeta snapshot_;
  std::deque<Entry> entries_;
  Index committed_ = 0;
  Index persisted_ = 0;
  Index handed_ = 0;
  Index applying_ = 0;
  bool snapshot_unhanded_ = false;
};

}  // namespace zks::raft
