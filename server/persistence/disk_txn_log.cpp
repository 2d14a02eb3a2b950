#include "server/persistence/disk_txn_log.hpp"

#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "server/storage/purge.hpp"
#include "server/util/clock.hpp"

namespace zks {
namespace {

[[noreturn]] void fatal(const char* what, const storage::Status& s) {
  spdlog::critical("{}: {}; stopping to protect acknowledged data", what, s.ToString());
  spdlog::shutdown();
  std::_Exit(3);
}

}  // namespace

DiskTxnLog::DiskTxnLog(std::unique_ptr<storage::RecordLog> log,
                       std::unique_ptr<storage::SnapshotStore> snapshots, EventLoop& loop,
                       int64_t last_zxid, PurgePolicy purge)
    : log_(std::move(log)),
      snapshots_(std::move(snapshots)),
      loop_(loop),
      purge_(purge),
      event_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      appended_(last_zxid),
      durable_(appended_) {
  loop_.add(event_fd_, EPOLLIN, [this](uint32_t) {
    uint64_t n;
    if (read(event_fd_, &n, sizeof n) > 0) report();
  });
  thread_ = std::thread([this] { run(); });
}

DiskTxnLog::~DiskTxnLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
  loop_.remove(event_fd_);
  close(event_fd_);
}

void DiskTxnLog::append(uint64_t seq, Txn txn) {
  txn.zxid = ++appended_;
  batch_.emplace_back(txn.zxid, encode_txn(txn));
  pending_.push_back(Pending{seq, std::move(txn)});
}

void DiskTxnLog::sync(uint64_t seq) {
  if (pending_.empty()) {
    listener_->synced(seq);
  } else {
    pending_.push_back(Pending{seq, std::nullopt});
  }
}

void DiskTxnLog::flush() {
  if (batch_.empty()) return;
  {
    std::lock_guard lock(mu_);
    if (queue_.empty()) {
      queue_.swap(batch_);
    } else {
      for (auto& r : batch_) queue_.push_back(std::move(r));
      batch_.clear();
    }
  }
  cv_.notify_one();
}

void DiskTxnLog::snapshot(int64_t zxid, std::string state) {
  {
    std::lock_guard lock(mu_);
    snapshot_queue_.emplace_back(zxid, std::move(state));
  }
  cv_.notify_one();
}

void DiskTxnLog::report() {
  const int64_t durable = durable_.load();
  while (!pending_.empty() && (!pending_.front().txn || pending_.front().txn->zxid <= durable)) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    if (p.txn) {
      listener_->committed(std::move(*p.txn), p.seq);
    } else {
      listener_->synced(p.seq);
    }
  }
}

void DiskTxnLog::drain() {
  flush();
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return durable_.load() >= appended_; });
  lock.unlock();
  report();
}

void DiskTxnLog::run() {
  int64_t next_purge = purge_.interval_ms > 0 ? steady_ms() + purge_.interval_ms : INT64_MAX;
  std::vector<std::pair<int64_t, std::string>> work;
  std::deque<std::pair<int64_t, std::string>> snaps;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1),
                   [&] { return stop_ || !queue_.empty() || !snapshot_queue_.empty(); });
      if (stop_ && queue_.empty() && snapshot_queue_.empty()) return;
      work.swap(queue_);
      snaps.swap(snapshot_queue_);
    }
    if (!work.empty()) {
      for (auto& [zxid, record] : work) {
        auto s = log_->Append(static_cast<uint64_t>(zxid), 0, record);
        if (!s.ok()) fatal("appending to the transaction log", s);
      }
      auto s = log_->Sync();
      if (!s.ok()) fatal("syncing the transaction log", s);
      durable_.store(work.back().first);
      work.clear();
      uint64_t one = 1;
      if (write(event_fd_, &one, sizeof one) < 0) {
        spdlog::warn("eventfd write failed");
      }
      std::lock_guard lock(mu_);  // wakes drain()
    }
    cv_.notify_all();
    for (auto& [zxid, state] : snaps) {
      auto s = snapshots_->Write(static_cast<uint64_t>(zxid), 0, state);
      if (!s.ok()) fatal("writing a snapshot", s);
      spdlog::info("wrote snapshot at zxid 0x{:x} ({} bytes)", zxid, state.size());
    }
    snaps.clear();
    if (steady_ms() >= next_purge) {
      next_purge = steady_ms() + purge_.interval_ms;
      auto s = storage::PurgeOldData(*snapshots_, *log_, purge_.retain);
      if (!s.ok()) fatal("purging old snapshots and logs", s);
      spdlog::info("autopurge kept the newest {} snapshots", purge_.retain);
    }
  }
}

}  // namespace zks
