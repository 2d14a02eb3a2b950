#include "server/replication/progress.hpp"

#include <algorithm>

namespace zks::raft {

std::string_view progress_state_name(ProgressState state) {
  switch (state) {
    case ProgressState::kProbe:
      return "probe";
    case ProgressState::kReplicate:
      return "replicate";
    case ProgressState::kSnapshot:
      return "snapshot";
  }
  return "unknown";
}

bool Progress::paused() const {
  switch (state) {
    case ProgressState::kProbe:
      return probe_sent;
    case ProgressState::kReplicate:
      return inflights.full();
    case ProgressState::kSnapshot:
      return true;
  }
  return true;
}

void Progress::become_probe() {
  // After a snapshot, resume right after it; otherwise right after the known match.
  next = state == ProgressState::kSnapshot ? std::max(match, pending_snapshot) + 1 : match + 1;
  state = ProgressState::kProbe;
  pending_snapshot = 0;
  probe_sent = false;
  inflights.reset();
}

void Progress::become_replicate() {
  state = ProgressState::kReplicate;
  next = match + 1;
  pending_snapshot = 0;
  probe_sent = false;
  inflights.reset();
}

void Progress::become_snapshot(Index snapshot_index) {
  state = ProgressState::kSnapshot;
  pending_snapshot = snapshot_index;
  probe_sent = false;
  inflights.reset();
}

bool Progress::maybe_update(Index index) {
  bool updated = false;
  if (match < index) {
    match = index;
    updated = true;
    probe_sent = false;
  }
  next = std::max(next, index + 1);
  return updated;
}

bool Progress::maybe_decrease_to(Index rejected, Index hint) {
  if (state == ProgressState::kReplicate) {
    // A rejection at or below match is from an earlier probe: stale.
    if (rejected <= match) return false;
    next = match + 1;
    return true;
  }
  // In probe, only the answer to the probe just sent (for next-1) counts.
  if (next == 0 || next - 1 != rejected) return false;
  next = std::max<Index>(std::min(rejected, hint + 1), match + 1);
  probe_sent = false;
  return true;
}

void Progress::sent_append(std::size_t count, Index last) {
  if (state == ProgressState::kReplicate) {
    if (count == 0) return;
    next = last + 1;
    inflights.add(last);
  } else if (state == ProgressState::kProbe) {
    probe_sent = true;
  }
}

}  // namespace zks::raft
