// DiskTxnLog: the standalone TxnLog, on disk. Transactions get consecutive zxids in the order
// they are appended and count as committed once durable. Records go to a storage::RecordLog
// (checksummed segments)
// from a dedicated sync thread that group-commits: every record handed over while the previous
// fsync ran is written and made durable by the next single fsync, and only then reported to
// the event loop (through an eventfd), so replies follow durability. Snapshots of the applied
// state and autopurge of old snapshots and log segments run on the same thread, after the
// records before them. A failed write or fsync stops the process: acknowledged state must
// never diverge from the disk.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/net/event_loop.hpp"
#include "server/processor/txn_log.hpp"
#include "server/storage/record_log.hpp"
#include "server/storage/snapshot_store.hpp"

namespace zks {

struct PurgePolicy {
  size_t retain = 3;
  int64_t interval_ms = 0;  // 0: never purge (autopurge.purgeInterval=0)
};

class DiskTxnLog : public TxnLog {
 public:
  DiskTxnLog(std::unique_ptr<storage::RecordLog> log,
             std::unique_ptr<storage::SnapshotStore> snapshots, EventLoop& loop, int64_t last_zxid,
             PurgePolicy purge);
  ~DiskTxnLog() override;

  void set_listener(Listener* listener) override { listener_ = listener; }
  void append(uint64_t seq, Txn txn) override;
  void sync(uint64_t seq) override;
  void flush() override;
  // Writes `state` (the applied state as of `zxid`) as a snapshot.
  void snapshot(int64_t zxid, std::string state);
  // Waits until everything flushed so far is durable and reports it (for shutdown).
  void drain();

 private:
  void run();
  void report();

  std::unique_ptr<storage::RecordLog> log_;
  std::unique_ptr<storage::SnapshotStore> snapshots_;
  EventLoop& loop_;
  PurgePolicy purge_;
  Listener* listener_ = nullptr;
  int event_fd_;
  // Loop thread only: records not yet handed to the sync thread, and every transaction (or
  // sync, without a Txn) not yet reported, in order.
  struct Pending {
    uint64_t seq;
    std::optional<Txn> txn;
  };
  std::vector<std::pair<int64_t, std::string>> batch_;
  std::deque<Pending> pending_;
  int64_t appended_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<int64_t, std::string>> queue_;
  std::deque<std::pair<int64_t, std::string>> snapshot_queue_;
  bool stop_ = false;
  std::atomic<int64_t> durable_{0};
  std::thread thread_;
};

}  // namespace zks
