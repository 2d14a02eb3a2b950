#include "server/persistence/recovery.hpp"

#include <spdlog/spdlog.h>

#include "server/processor/txn.hpp"

namespace zks {
namespace {

void check(const storage::Status& s, const std::string& what) {
  if (!s.ok()) throw RecoveryError(what + ": " + s.ToString());
}

}  // namespace

std::string snapshot_dir(const ServerConfig& config) {
  return config.data_dir + "/zkserver-snapshots";
}
std::string log_dir(const ServerConfig& config) {
  return config.data_log_dir + "/zkserver-log";
}

Recovered recover(const ServerConfig& config, StateMachine& sm, int64_t now_ms) {
  Recovered r;
  check(storage::LockDataDir(storage::Env::Default(), config.data_dir, &r.lock),
        "locking the data directory");
  check(storage::SnapshotStore::Open(snapshot_dir(config), storage::Env::Default(), &r.snapshots),
        "opening snapshots");
  storage::SnapshotMeta meta;
  std::string payload;
  auto s = r.snapshots->LoadNewest(false, &meta, &payload);
  if (s.ok()) {
    try {
      sm.restore(payload, now_ms);
    } catch (const jute::DecodeError& e) {
      throw RecoveryError(meta.path + ": snapshot content is invalid: " + e.what());
    }
    r.snapshot_zxid = static_cast<int64_t>(meta.index);
  } else if (!s.IsNotFound()) {
    check(s, "loading the newest snapshot");
  }

  storage::LogOptions options;
  options.force_sync = config.force_sync;
  options.max_payload_bytes = static_cast<uint32_t>(config.jute_max_buffer) + (1u << 16);
  storage::LogOpenReport report;
  check(storage::RecordLog::Open(log_dir(config), options, &r.log, &report),
        "opening the transaction log");
  if (report.torn_tail) {
    spdlog::warn("transaction log: {}", report.ToString());
  }
  uint64_t from = static_cast<uint64_t>(r.snapshot_zxid) + 1;
  if (!r.log->empty() && r.log->first_index() > from) {
    throw RecoveryError("transaction log in " + log_dir(config) + " starts at zxid 0x" +
                        std::to_string(r.log->first_index()) +
                        " but the snapshot ends at an earlier one: transactions are missing");
  }
  uint64_t last = r.log->last_index();
  while (!r.log->empty() && from <= last) {
    std::vector<storage::Record> records;
    check(r.log->Read(from, last, &records, 8u << 20), "reading the transaction log");
    for (const auto& rec : records) {
      Txn t;
      try {
        t = decode_txn(rec.payload);
      } catch (const jute::DecodeError& e) {
        throw RecoveryError("transaction log record " + std::to_string(rec.index) +
                            " cannot be decoded: " + e.what());
      }
      if (t.zxid != static_cast<int64_t>(rec.index)) {
        throw RecoveryError("transaction log record " + std::to_string(rec.index) + " holds zxid " +
                            std::to_string(t.zxid));
      }
      sm.apply(t, now_ms);
      ++r.replayed;
    }
    from = records.back().index + 1;
  }
  sm.sessions.reset_deadlines(now_ms);
  spdlog::info(
      "recovered zxid 0x{:x}: snapshot 0x{:x} + {} logged transactions, {} znodes, {} "
      "sessions",
      sm.last_zxid(), r.snapshot_zxid, r.replayed, sm.tree.node_count(), sm.sessions.all().size());
  return r;
}

}  // namespace zks
