// Four-letter words: admin commands answered on the client port, formatted exactly as Apache
// ZooKeeper 3.8 prints them (standalone, leader, follower, observer, and without a quorum) so
// monitoring tools and zkdeploy's probes parse them. Pure formatting over a ServerStats
// snapshot; the server gathers the snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zks {

struct ConnectionStats {
  std::string remote;  // "/127.0.0.1:33914"
  bool idle = false;   // not reading (the connection asking for the listing)
  int64_t session = 0;
  int32_t timeout_ms = 0;
  uint64_t queued = 0, received = 0, sent = 0;
  std::string last_op = "NA";
  int64_t established_ms = 0;
  int64_t last_cxid = -1, last_zxid = 0, last_response_ms = 0, last_latency_ms = 0;
  int64_t min_latency_ms = 0, max_latency_ms = 0;
  double avg_latency_ms = 0;
};

// An ensemble member's replication figures (mntr), with ZooKeeper's meanings.
struct ReplicationStats {
  size_t quorum_size = 0;       // zk_quorum_size: voting members
  size_t learners = 0;          // leader: zk_learners (followers and observers connected)
  size_t synced_followers = 0;  // leader: zk_synced_followers (voters caught up)
  size_t synced_observers = 0;  // leader: zk_synced_observers
  size_t pending_syncs = 0;     // leader: zk_pending_syncs (sync requests in progress)
};

// What `conf` adds for an ensemble member, as ZooKeeper prints it.
struct EnsembleConf {
  int init_limit = 0, sync_limit = 0;
  int election_port = 0, quorum_port = 0;
  bool observer = false;                // peerType 1
  std::vector<std::string> membership;  // "server.1=host:2888:3888:participant"
};

struct ServerStats {
  std::string mode = "standalone";  // or leader, follower, observer
  bool serving = true;              // false: an ensemble member without a quorum
  std::optional<ReplicationStats> replication;
  std::optional<EnsembleConf> ensemble_conf;
  std::string version;  // "3.8.0-zkserver-…, built on …"
  int64_t min_latency_ms = 0, max_latency_ms = 0;
  double avg_latency_ms = 0;
  uint64_t received = 0, sent = 0;
  size_t outstanding = 0;
  int64_t zxid = 0;
  size_t node_count = 0, ephemerals = 0, sessions = 0, data_size = 0;
  size_t watches = 0, watch_paths = 0, watchers = 0;
  int64_t uptime_ms = 0;
  int64_t open_fds = 0, max_fds = 0;
  int64_t data_dir_size = 0, log_dir_size = 0;
  std::vector<ConnectionStats> connections;
  // conf
  int client_port = 0, tick_time = 0, max_client_cnxns = 0;
  int min_session_timeout = 0, max_session_timeout = 0;
  int64_t server_id = 0;
  std::string data_dir, data_log_dir;
  // envi
  std::vector<std::pair<std::string, std::string>> environment;
};

// True when the four bytes are one of ZooKeeper's admin words (whitelisted or not).
bool is_four_letter_word(std::string_view word);
std::string run_four_letter_word(std::string_view word, const ServerStats& stats,
                                 const std::set<std::string>& whitelist);
// Java's rendering of a double rounded to 4 decimals ("12.9402", "550.0").
std::string java_double(double v);

}  // namespace zks
