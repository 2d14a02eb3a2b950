// ServerConfig: Apache ZooKeeper's zoo.cfg (Java properties syntax) and dataDir/myid.
// Bad values and missing required keys raise ConfigError naming the file, line and key;
// unknown keys are reported as warnings; ZooKeeper keys zkserver does not use are accepted
// silently.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace zks {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerEntry {
  int64_t id = 0;
  std::string host;
  int quorum_port = 0;
  int election_port = 0;
  std::string role = "participant";
  int client_port = 0;         // optional ";[addr:]port" suffix
  std::string client_address;  // its addr, when given
};

struct ServerConfig {
  std::string config_path;
  int tick_time = 2000;
  int init_limit = 0;
  int sync_limit = 0;
  std::string data_dir;
  std::string data_log_dir;  // defaults to data_dir
  int client_port = 0;
  std::string client_port_address;  // empty: all interfaces
  int max_client_cnxns = 60;
  int min_session_timeout = 0;  // defaults to 2 x tickTime
  int max_session_timeout = 0;  // defaults to 20 x tickTime
  int64_t snap_count = 100000;
  int snap_retain_count = 3;
  int purge_interval_hours = 0;
  bool force_sync = true;
  bool reconfig_enabled = false;  // ZooKeeper's default: reconfig requests are refused
  int64_t jute_max_buffer = 0xfffff;
  std::set<std::string> four_letter_words{"srvr"};
  std::vector<ServerEntry> servers;
  // The admin HTTP server (ensemble commands) runs only when admin.serverPort is set.
  int admin_server_port = 0;
  std::string admin_server_address;  // empty: every interface
  int64_t my_id = 0;
  std::vector<std::string> warnings;
};

// Parses one `server.N=host:quorumPort:electionPort[:role][;[clientAddr:]clientPort]` line
// (a reconfig's joining spec, a dynamic-config line); throws ConfigError naming `name`.
ServerEntry parse_server_line(const std::string& line, const std::string& name);
// Parses config text; `name` is used in messages. Does not read myid.
ServerConfig parse_config(const std::string& text, const std::string& name);
// Reads the file and dataDir/myid (required when server.N lines are present).
ServerConfig load_config(const std::string& path);

}  // namespace zks
