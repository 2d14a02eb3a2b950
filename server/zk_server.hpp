// ZkServer: the standalone server assembled from its parts — recovered state, transaction log,
// request pipeline, client port — and driven by one event loop until SIGTERM or SIGINT, when it
// stops accepting, makes pending transactions durable, flushes replies and exits.
#pragma once

#include <memory>

#include "server/config/server_config.hpp"

namespace zks {

class ZkServer {
 public:
  explicit ZkServer(ServerConfig config);
  ~ZkServer();
  // Blocks SIGTERM/SIGINT in the calling thread first; call before starting other threads.
  static void block_signals();
  // Listens and serves until a stop signal; returns the exit code. The constructor recovers
  // the state from disk and throws RecoveryError when it cannot.
  int run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "3.8.0-zkserver-<version>, built on <date>": ZooKeeper's version line, as tools parse it.
const char* server_version();

}  // namespace zks
