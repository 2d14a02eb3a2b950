// Purging old data, like ZooKeeper's autopurge: keep the newest `retain` snapshots (never fewer
// than 3) and delete older snapshots, then delete the log segments whose records are all
// covered by the oldest retained snapshot. What remains can always rebuild the state from any
// retained snapshot plus the log after it. With no snapshot nothing is purged.
#pragma once

#include <cstddef>

#include "server/storage/record_log.hpp"
#include "server/storage/snapshot_store.hpp"

namespace zks::storage {

Status PurgeOldData(SnapshotStore& snapshots, RecordLog& log, size_t retain);

}  // namespace zks::storage
