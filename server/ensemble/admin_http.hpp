// AdminHttp: the ensemble's admin commands over HTTP on admin.serverPort (started only when
// that key is set), in the style of ZooKeeper's AdminServer (GET /commands/<name>, JSON out):
//
//   GET /commands/transfer_leadership[?target=N]
//     On the leader: hands leadership to server N (default: the most caught-up voter) and
//     answers once another server leads, or with an error after the election timeout:
//       {"command":"transfer_leadership","old_leader":1,"new_leader":2,"elapsed_ms":4,
//        "error":null}
//     On another server: 409 with the current leader in "leader" so the caller can go there.
//   GET /commands/leader      {"command":"leader","leader":N,"term":T,"mode":"follower"}
// Anything else: 404. One request per connection; the connection closes after the answer.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "server/ensemble/replicated_txn_log.hpp"
#include "server/net/event_loop.hpp"

namespace zks::ensemble {

class AdminHttp {
 public:
  AdminHttp(EventLoop& loop, ReplicatedTxnLog& log, std::string address, int port);
  ~AdminHttp();
  // Throws std::runtime_error naming the address when the port cannot be bound.
  void listen();
  // Completes transfers that finished or timed out (call once per loop turn).
  void poll(int64_t now_us);

 private:
  struct Conn {
    std::string in;
    bool waiting = false;  // a transfer in progress
    raft::NodeId old_leader = raft::kNoNode;
    int64_t started_us = 0;
    int64_t deadline_us = 0;
  };

  void accept_ready();
  void read_ready(int fd);
  void handle(int fd, Conn& c, const std::string& target);
  void respond(int fd, int status, const std::string& json);

  EventLoop& loop_;
  ReplicatedTxnLog& log_;
  std::string address_;
  int port_;
  int listen_fd_ = -1;
  std::map<int, Conn> conns_;
};

}  // namespace zks::ensemble
