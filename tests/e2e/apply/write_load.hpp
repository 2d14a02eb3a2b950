// WriteLoad: one ZooKeeper client (the C client) writing without pause while a rollout runs.
// It creates <root>/k<n> for n = 0, 1, ... one request at a time. A create answered ZOK is
// acknowledged and recorded; any other answer (the connection lost while a server restarts,
// a timeout) leaves the outcome unknown, and the writer waits until the client has
// reconnected to another server and goes on with the next name. The session is kept across
// reconnects, as real clients keep it through a rolling restart.
//
// missing_on(server) reads the root's children from that one server and returns every
// acknowledged name it does not hold: after a rollout it must be empty on every server.
#pragma once

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zkd::testing {

class WriteLoad {
 public:
  // `connect`: "host:port,host:port,..."; client log lines go to `log_file`.
  WriteLoad(std::string connect, std::string root, const std::string& log_file);
  ~WriteLoad();
  WriteLoad(const WriteLoad&) = delete;
  WriteLoad& operator=(const WriteLoad&) = delete;

  // Waits until at least `count` writes are acknowledged in all; false at the deadline.
  bool wait_acknowledged(size_t count, std::chrono::milliseconds deadline) const;
  void stop();  // ends the writer and closes its session (idempotent)

  size_t acknowledged() const { return acknowledged_.load(); }
  size_t unknown() const { return unknown_.load(); }  // answers other than ZOK
  const std::string& root() const { return root_; }

  // Acknowledged names `server` ("host:port") does not hold; reads until none is missing or
  // the deadline passes (a follower may still be applying the last writes). Call after stop().
  std::vector<std::string> missing_on(const std::string& server,
                                      std::chrono::milliseconds deadline) const;

 private:
  static void on_event(zhandle_t* zh, int type, int state, const char* path, void* self);
  void run();
  bool wait_connected(std::chrono::milliseconds deadline);

  std::string connect_, root_;
  FILE* log_ = nullptr;
  zhandle_t* zh_ = nullptr;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  int state_ = 0;                   // the session state last reported to the watcher
  std::vector<std::string> acked_;  // guarded by mutex_
  std::atomic<size_t> acknowledged_{0}, unknown_{0};
  std::atomic<bool> stopping_{false};
  std::thread writer_;
};

}  // namespace zkd::testing
