// A recorded ZooKeeper client workload for fault tests: `clients` sessions (ZooKeeper C
// client, libzookeeper-mt; each picks servers from the connect string in random order, so
// they spread over the ensemble) run one operation at a time, chosen at random:
//
//   register write   setData(<root>/r<k>, unique value)           lincheck register model
//   register read    sync + getData(<root>/r<k>)                  (sync first: ZooKeeper reads
//   set add          create(<root>/s<k>/e<unique value>)           are otherwise served from a
//   set read         sync + getChildren(<root>/s<k>)               possibly stale replica)
//
// Every operation is recorded with its invocation and completion times (steady clock, ns) and
// outcome: ok; failed when the server refused it (it did not happen); unknown on connection
// loss, timeout or session expiry (it may or may not have happened). A client issues nothing
// while disconnected, so an outage adds at most one unknown operation per client.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/lincheck/history.hpp"

namespace zks::zkhistory {

struct WorkloadOptions {
  std::string connect;  // host:port,...
  int clients = 5;
  int registers = 3;
  int sets = 2;
  std::string root = "/zkhistory";
  int session_timeout_ms = 3000;
  uint32_t seed = 1;
};

// The steady clock in nanoseconds: the history's time base.
int64_t now_ns();

class Workload {
 public:
  explicit Workload(WorkloadOptions options);
  ~Workload();
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  // Creates the root, the registers (value 0) and the sets; false with *error on failure.
  bool setup(std::string* error);
  void start();
  void stop();  // waits for every client's current operation to finish

  const WorkloadOptions& options() const { return options_; }
  // Writes and adds acknowledged so far (for "the ensemble makes progress" conditions).
  uint64_t acknowledged() const { return acknowledged_.load(); }
  // "address:port" each client is connected to now; "" while it is not connected.
  std::vector<std::string> connected_hosts() const;
  // Every recorded operation; call after stop().
  lincheck::History history() const;
  // After stop(): reads every register and set through a fresh session to `connect` (sync
  // first), as operations that follow the whole history; false with *error on failure.
  bool read_final_state(const std::string& connect, lincheck::History* reads,
                        std::string* error) const;

  struct Client;

 private:
  WorkloadOptions options_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> acknowledged_{0};
  std::vector<std::unique_ptr<Client>> clients_;
  std::vector<std::thread> threads_;
};

// Path helpers shared with the verification.
std::string register_path(const WorkloadOptions& o, int k);
std::string set_path(const WorkloadOptions& o, int k);

}  // namespace zks::zkhistory
