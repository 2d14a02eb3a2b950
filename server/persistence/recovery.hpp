// Recovery at start: the newest snapshot, then every logged transaction after it, applied
// through the same StateMachine::apply as live traffic. A torn log tail (an unacknowledged
// partial record from a crash) is cut off and reported in the log; any other damage (bad
// checksums, a damaged snapshot, gaps) stops the start with an error naming the file.
// One server per data directory: storage::LockDataDir is taken first and held while running.
// Layout: snapshots in <dataDir>/zkserver-snapshots, log segments in <dataLogDir>/zkserver-log.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "server/config/server_config.hpp"
#include "server/processor/state_machine.hpp"
#include "server/storage/data_dir_identity.hpp"
#include "server/storage/record_log.hpp"
#include "server/storage/snapshot_store.hpp"

namespace zks {

class RecoveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Recovered {
  std::unique_ptr<storage::FileLock> lock;  // held for the process lifetime
  std::unique_ptr<storage::RecordLog> log;
  std::unique_ptr<storage::SnapshotStore> snapshots;
  int64_t snapshot_zxid = 0;
  uint64_t replayed = 0;
};

Recovered recover(const ServerConfig& config, StateMachine& sm, int64_t now_ms);
std::string snapshot_dir(const ServerConfig& config);
std::string log_dir(const ServerConfig& config);

}  // namespace zks
