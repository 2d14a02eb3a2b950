#include "server/replication/log.hpp"

#include <algorithm>

#include "server/replication/codec.hpp"
#include "server/replication/invariant.hpp"

namespace zks::raft {

RaftLog::RaftLog(SnapshotMeta snapshot, std::vector<Entry> entries, Index commit, Index applied)
    : snapshot_(std::move(snapshot)), entries_(entries.begin(), entries.end()) {
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].index != snapshot_.index + 1 + i)
      invariant_broken("restored entries not contiguous");
  committed_ = std::clamp(commit, snapshot_.index, last_index());
  persisted_ = handed_ = last_index();
  applying_ = std::clamp(applied, snapshot_.index, committed_);
}

std::optional<Term> RaftLog::term(Index index) const {
  if (index == snapshot_.index) return snapshot_.term;
  if (index < snapshot_.index || index > last_index()) return std::nullopt;
  return at(index).term;
}

bool RaftLog::match_term(Index index, Term t) const {
  auto found = term(index);
  return found && *found == t;
}

bool RaftLog::is_up_to_date(Index last, Term last_t) const {
  Term mine = last_term();
  return last_t > mine || (last_t == mine && last >= last_index());
}

Index RaftLog::find_conflict_by_term(Index index, Term t) const {
  index = std::min(index, last_index());
  while (index > snapshot_.index) {
    if (at(index).term <= t) return index;
    --index;
  }
  return snapshot_.index;
}

Index RaftLog::append(std::vector<Entry> entries) {
  for (auto& entry : entries) {
    entry.index = last_index() + 1;
    entries_.push_back(std::move(entry));
  }
  return last_index();
}

std::optional<Index> RaftLog::maybe_append(Index prev_index, Term prev_term,
                                           const std::vector<Entry>& entries, bool& truncated) {
  truncated = false;
  if (!match_term(prev_index, prev_term)) return std::nullopt;
  Index last_new = prev_index + entries.size();
  for (const auto& entry : entries) {
    auto existing = term(entry.index);
    if (existing && *existing == entry.term) continue;
    if (existing) {
      if (entry.index <= committed_) invariant_broken("conflict with a committed entry");
      truncate_after(entry.index - 1);
      truncated = true;
    }
    entries_.push_back(entry);
  }
  return last_new;
}

void RaftLog::truncate_after(Index index) {
  entries_.resize(index - snapshot_.index);
  persisted_ = std::min(persisted_, index);
  handed_ = std::min(handed_, index);
}

void RaftLog::commit_to(Index index) {
  if (index <= committed_) return;
  if (index > last_index()) invariant_broken("commit beyond the last index");
  committed_ = index;
}

std::optional<std::vector<Entry>> RaftLog::slice(Index from, std::uint64_t max_bytes) const {
  if (from <= snapshot_.index) return std::nullopt;
  std::vector<Entry> out;
  std::uint64_t bytes = 0;
  for (Index i = from; i <= last_index(); ++i) {
    const Entry& entry = at(i);
    bytes += entry.data.size();
    if (!out.empty() && bytes > max_bytes) break;
    out.push_back(entry);
  }
  return out;
}

std::optional<Entry> RaftLog::conf_entry_at(Index index) const {
  for (Index i = std::min(index, last_index()); i > snapshot_.index; --i) {
    const Entry& entry = at(i);
    if (entry.type != EntryType::kConfChange) continue;
    // Configuration entries are written by leaders through encode_conf_state; one that does
    // not decode never took effect anywhere, so it is skipped everywhere alike.
    if (decode_conf_state(entry.data)) return entry;
  }
  return std::nullopt;
}

ConfState RaftLog::conf_at(Index index) const {
  if (auto entry = conf_entry_at(index)) return *decode_conf_state(entry->data);
  return snapshot_.conf;
}

void RaftLog::restore(const SnapshotMeta& snapshot) {
  entries_.clear();
  snapshot_ = snapshot;
  committed_ = snapshot.index;
  // Nothing from the old log survives, and the snapshot is not durable until the shell says so.
  persisted_ = std::min(persisted_, snapshot.index - 1);
  handed_ = snapshot.index;
  applying_ = snapshot.index;
  snapshot_unhanded_ = true;
}

std::optional<SnapshotMeta> RaftLog::compact(Index index) {
  if (index <= snapshot_.index) return std::nullopt;
  if (index > applying_ || index > persisted_) invariant_broken("compaction beyond applied state");
  SnapshotMeta meta{index, at(index).term, conf_at(index)};
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<long>(index - snapshot_.index));
  snapshot_ = std::move(meta);
  return snapshot_;
}

std::vector<Entry> RaftLog::take_unhanded() {
  std::vector<Entry> out;
  for (Index i = std::max(handed_, snapshot_.index) + 1; i <= last_index(); ++i)
    out.push_back(at(i));
  handed_ = last_index();
  return out;
}

std::optional<SnapshotMeta> RaftLog::take_snapshot_to_install() {
  if (!snapshot_unhanded_) return std::nullopt;
  snapshot_unhanded_ = false;
  return snapshot_;
}

std::vector<Entry> RaftLog::take_committed() {
  std::vector<Entry> out;
  for (Index limit = std::min(committed_, persisted_); applying_ < limit;)
    out.push_back(at(++applying_));
  return out;
}

bool RaftLog::mark_persisted(Index index, Term t) {
  if (index <= persisted_ || !match_term(index, t)) return false;
  persisted_ = index;
  return true;
}

}  // namespace zks::raft
