#include "server/storage/purge.hpp"

namespace zks::storage {

Status PurgeOldData(SnapshotStore& snapshots, RecordLog& log, size_t retain) {
  uint64_t oldest_kept = 0;
  Status s = snapshots.Purge(retain, &oldest_kept);
  if (s.ok() && oldest_kept != 0) s = log.CompactPrefix(oldest_kept);
  return s;
}

}  // namespace zks::storage
