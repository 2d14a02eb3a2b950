// TxnLog: the persistence seam of the request pipeline. The processor appends each
// transaction's record in zxid order and calls flush() once per event-loop turn; the log
// reports, on the event-loop thread, the highest zxid whose record is durable, and only then
// are transactions applied and answered. A replicated log implements the same interface,
// reporting "committed" instead of "durable".
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace zks {

class TxnLog {
 public:
  using DurableCallback = std::function<void(int64_t zxid)>;
  virtual ~TxnLog() = default;
  virtual void set_durable_callback(DurableCallback cb) = 0;
  virtual void append(int64_t zxid, std::string record) = 0;
  // Makes everything appended so far durable, now or later (group commit).
  virtual void flush() = 0;
};

// Keeps nothing: every record is "durable" at flush(). For tests and forceSync-free use
// without a data directory.
class MemoryTxnLog : public TxnLog {
 public:
  void set_durable_callback(DurableCallback cb) override { cb_ = std::move(cb); }
  void append(int64_t zxid, std::string) override { last_ = zxid; }
  void flush() override {
    if (last_ > reported_) {
      reported_ = last_;
      cb_(last_);
    }
  }

 private:
  DurableCallback cb_;
  int64_t last_ = 0, reported_ = 0;
};

}  // namespace zks
