#include "server/admin/four_letter_words.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace zks {
namespace {

const std::set<std::string, std::less<>> kImplemented{"ruok", "srvr", "stat", "mntr", "conf",
                                                      "envi", "cons", "isro", "wchs", "dirs"};
const std::set<std::string, std::less<>> kZooKeeperWords{
    "ruok", "srvr", "stat", "mntr", "conf", "envi", "cons", "isro", "wchs",
    "dirs", "crst", "srst", "dump", "wchc", "wchp", "gtmk", "stmk", "hash"};

std::string hex(int64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%" PRIx64, static_cast<uint64_t>(v));
  return b;
}

void connection_line(std::string& out, const ConnectionStats& c, bool brief) {
  out += " " + c.remote + (c.idle ? "[0]" : "[1]") + "(queued=" + std::to_string(c.queued) +
         ",recved=" + std::to_string(c.received) + ",sent=" + std::to_string(c.sent);
  if (!brief && c.session != 0) {
    out += ",sid=" + hex(c.session) + ",lop=" + c.last_op +
           ",est=" + std::to_string(c.established_ms) + ",to=" + std::to_string(c.timeout_ms);
    if (c.last_cxid >= 0) out += ",lcxid=" + hex(c.last_cxid);
    out += ",lzxid=" + hex(c.last_zxid) + ",lresp=" + std::to_string(c.last_response_ms) +
           ",llat=" + std::to_string(c.last_latency_ms) +
           ",minlat=" + std::to_string(c.min_latency_ms) +
           ",avglat=" + java_double(c.avg_latency_ms) +
           ",maxlat=" + std::to_string(c.max_latency_ms);
  }
  out += ")\n";
}

std::string server_summary(const ServerStats& s) {
  std::string out;
  out += "Latency min/avg/max: " + std::to_string(s.min_latency_ms) + "/" +
         java_double(s.avg_latency_ms) + "/" + std::to_string(s.max_latency_ms) + "\n";
  out += "Received: " + std::to_string(s.received) + "\n";
  out += "Sent: " + std::to_string(s.sent) + "\n";
  out += "Connections: " + std::to_string(s.connections.size()) + "\n";
  out += "Outstanding: " + std::to_string(s.outstanding) + "\n";
  out += "Zxid: " + hex(s.zxid) + "\n";
  out += "Mode: " + s.mode + "\n";
  out += "Node count: " + std::to_string(s.node_count) + "\n";
  return out;
}

std::string mntr(const ServerStats& s) {
  const bool leader = s.mode == "leader";
  std::vector<std::pair<std::string, std::string>> kv{
      {"zk_version", s.version},
      {"zk_server_state", s.mode},
  };
  if (s.replication) {
    const char* state = leader                 ? "leading - broadcast"
                        : s.mode == "observer" ? "observing - broadcast"
                                               : "following - broadcast";
    kv.emplace_back("zk_peer_state", state);
  }
  std::vector<std::pair<std::string, std::string>> common{
      {"zk_ephemerals_count", std::to_string(s.ephemerals)},
      {"zk_num_alive_connections", std::to_string(s.connections.size())},
      {"zk_avg_latency", java_double(s.avg_latency_ms)},
      {"zk_outstanding_requests", std::to_string(s.outstanding)},
      {"zk_znode_count", std::to_string(s.node_count)},
      {"zk_global_sessions", std::to_string(s.sessions)},
      {"zk_non_mtls_remote_conn_count", "0"},
      {"zk_packets_sent", std::to_string(s.sent)},
      {"zk_packets_received", std::to_string(s.received)},
      {"zk_watch_count", std::to_string(s.watches)},
      {"zk_min_latency", std::to_string(s.min_latency_ms)},
      {"zk_max_file_descriptor_count", std::to_string(s.max_fds)},
      {"zk_approximate_data_size", std::to_string(s.data_size)},
      {"zk_open_file_descriptor_count", std::to_string(s.open_fds)},
      {"zk_local_sessions", "0"},
      {"zk_uptime", std::to_string(s.uptime_ms)},
      {"zk_max_latency", std::to_string(s.max_latency_ms)},
      {"zk_outstanding_tls_handshake", "0"},
      {"zk_quorum_size", std::to_string(s.replication ? s.replication->quorum_size : 1)},
  };
  kv.insert(kv.end(), common.begin(), common.end());
  if (leader && s.replication) {
    const ReplicationStats& r = *s.replication;
    kv.emplace_back("zk_learners", std::to_string(r.learners));
    kv.emplace_back("zk_followers", std::to_string(r.learners));
    kv.emplace_back("zk_synced_followers", std::to_string(r.synced_followers));
    kv.emplace_back("zk_synced_non_voting_followers", "0");
    kv.emplace_back("zk_synced_observers", std::to_string(r.synced_observers));
    kv.emplace_back("zk_pending_syncs", std::to_string(r.pending_syncs));
  }
  std::string out;
  for (const auto& [k, v] : kv) out += k + "\t" + v + "\n";
  return out;
}

std::string conf(const ServerStats& s) {
  std::string out;
  auto kv = [&](const char* k, const std::string& v) { out += std::string(k) + "=" + v + "\n"; };
  kv("clientPort", std::to_string(s.client_port));
  kv("secureClientPort", "-1");
  kv("dataDir", s.data_dir);
  kv("dataDirSize", std::to_string(s.data_dir_size));
  kv("dataLogDir", s.data_log_dir);
  kv("dataLogSize", std::to_string(s.log_dir_size));
  kv("tickTime", std::to_string(s.tick_time));
  kv("maxClientCnxns", std::to_string(s.max_client_cnxns));
  kv("minSessionTimeout", std::to_string(s.min_session_timeout));
  kv("maxSessionTimeout", std::to_string(s.max_session_timeout));
  kv("clientPortListenBacklog", "-1");
  kv("serverId", std::to_string(s.server_id));
  if (s.ensemble_conf) {
    const EnsembleConf& e = *s.ensemble_conf;
    kv("initLimit", std::to_string(e.init_limit));
    kv("syncLimit", std::to_string(e.sync_limit));
    kv("electionAlg", "3");
    kv("electionPort", std::to_string(e.election_port));
    kv("quorumPort", std::to_string(e.quorum_port));
    kv("peerType", e.observer ? "1" : "0");
    out += "membership: \n";
    for (const auto& line : e.membership) out += line + "\n";
    kv("version", "0");
  }
  return out;
}

}  // namespace

std::string java_double(double v) {
  double rounded = std::round(v * 10000.0) / 10000.0;
  char b[64];
  std::snprintf(b, sizeof b, "%.4f", rounded);
  std::string s = b;
  while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return s;
}

bool is_four_letter_word(std::string_view word) {
  return kZooKeeperWords.contains(word);
}

std::string run_four_letter_word(std::string_view word, const ServerStats& s,
                                 const std::set<std::string>& whitelist) {
  std::string w(word);
  if (!whitelist.contains(w) || !kImplemented.contains(w)) {
    return w + " is not executed because it is not in the whitelist.\n";
  }
  if (w == "ruok") return "imok";
  if (!s.serving) {
    // An ensemble member without a quorum answers as ZooKeeper does while it is looking.
    if (w == "isro") return "null";
    if (w != "envi") return "This ZooKeeper instance is not currently serving requests\n";
  }
  if (w == "isro") return "rw";
  if (w == "srvr") return "Zookeeper version: " + s.version + "\n" + server_summary(s);
  if (w == "stat") {
    std::string out = "Zookeeper version: " + s.version + "\nClients:\n";
    for (const auto& c : s.connections) connection_line(out, c, true);
    return out + "\n" + server_summary(s);
  }
  if (w == "cons") {
    std::string out;
    for (const auto& c : s.connections) connection_line(out, c, false);
    return out + "\n";
  }
  if (w == "mntr") return mntr(s);
  if (w == "conf") return conf(s);
  if (w == "envi") {
    std::string out = "Environment:\n";
    for (const auto& [k, v] : s.environment) out += k + "=" + v + "\n";
    return out;
  }
  if (w == "wchs") {
    return std::to_string(s.watchers) + " connections watching " + std::to_string(s.watch_paths) +
           " paths\nTotal watches:" + std::to_string(s.watches) + "\n";
  }
  // dirs
  return "datadir_size: " + std::to_string(s.data_dir_size) +
         "\nlogdir_size: " + std::to_string(s.log_dir_size) + "\n";
}

}  // namespace zks
