#include "server/config/server_config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace zks {
namespace {

const std::set<std::string> kAllWords{"ruok", "srvr", "stat", "mntr", "conf", "envi",
                                      "cons", "isro", "wchs", "dirs", "crst", "srst"};

// ZooKeeper keys accepted without effect (and without a warning).
const std::set<std::string> kIgnoredKeys{"admin.enableServer",
                                         "admin.idleTimeout",
                                         "admin.commandURL",
                                         "standaloneEnabled",
                                         "electionAlg",
                                         "secureClientPort",
                                         "secureClientPortAddress",
                                         "globalOutstandingLimit",
                                         "preAllocSize",
                                         "maxResponseCacheSize",
                                         "maxGetChildrenResponseCacheSize",
                                         "skipACL",
                                         "quorumListenOnAllIPs",
                                         "peerType",
                                         "syncEnabled",
                                         "clientPortListenBacklog",
                                         "metricsProvider.className",
                                         "metricsProvider.httpPort",
                                         "metricsProvider.exportJvmInfo",
                                         "dynamicConfigFile",
                                         "serverCnxnFactory",
                                         "sslQuorum",
                                         "portUnification",
                                         "localSessionsEnabled",
                                         "localSessionsUpgradingEnabled",
                                         "connectToLearnerMasterLimit",
                                         "leaderServes",
                                         "cnxTimeout",
                                         "minClientCnxnsRatio",
                                         "fsync.warningthresholdms",
                                         "authProvider.1",
                                         "quorum.auth.enableSasl",
                                         "znode.container.checkIntervalMs",
                                         "znode.container.maxPerMinute",
                                         "extendedTypesEnabled",
                                         "maxCnxns",
                                         "audit.enable",
                                         "snapSizeLimitInKb",
                                         "txnLogSizeLimitInKb",
                                         "zookeeper.snapshot.compression.method",
                                         "DigestAuthenticationProvider.superDigest",
                                         "initLimitMs",
                                         "syncLimitMs"};

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\f");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\f");
  return s.substr(b, e - b + 1);
}

struct Line {
  const std::string& file;
  int number;
  const std::string& key;
  const std::string& value;

  [[noreturn]] void fail(const std::string& what) const {
    throw ConfigError(file + ":" + std::to_string(number) + ": " + key + ": " + what);
  }

  int64_t integer(int64_t min, int64_t max) const {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size()) {
      fail("expected an integer, got '" + value + "'");
    }
    if (v < min || v > max) {
      fail("value " + value + " out of range [" + std::to_string(min) + ", " + std::to_string(max) +
           "]");
    }
    return v;
  }
  int port() const { return static_cast<int>(integer(0, 65535)); }
  int positive() const { return static_cast<int>(integer(1, INT32_MAX)); }
  int non_negative() const { return static_cast<int>(integer(0, INT32_MAX)); }
};

int parse_port(const Line& l, const std::string& text) {
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 1 || v > 65535) {
    l.fail("bad port '" + text + "'");
  }
  return v;
}

// server.N=host:quorumPort:electionPort[:role][;[clientAddr:]clientPort]
ServerEntry parse_server(const Line& l) {
  ServerEntry e;
  std::string id_text = l.key.substr(7);
  e.id = Line{l.file, l.number, l.key, id_text}.integer(0, 255);
  std::string addr = l.value, client;
  if (auto semi = addr.find(';'); semi != std::string::npos) {
    client = trim(addr.substr(semi + 1));
    addr = trim(addr.substr(0, semi));
  }
  std::vector<std::string> parts;
  std::stringstream ss(addr);
  for (std::string part; std::getline(ss, part, ':');) parts.push_back(part);
  if (parts.size() < 3 || parts.size() > 4 || parts[0].empty()) {
    l.fail("expected host:quorumPort:electionPort[:participant|observer], got '" + l.value + "'");
  }
  e.host = parts[0];
  e.quorum_port = parse_port(l, parts[1]);
  e.election_port = parse_port(l, parts[2]);
  if (parts.size() == 4) {
    if (parts[3] != "participant" && parts[3] != "observer") l.fail("bad role '" + parts[3] + "'");
    e.role = parts[3];
  }
  if (!client.empty()) {
    e.client_port = parse_port(l, client.substr(client.rfind(':') + 1));
    if (auto colon = client.rfind(':'); colon != std::string::npos) {
      e.client_address = client.substr(0, colon);
    }
  }
  return e;
}

std::set<std::string> parse_words(const Line& l) {
  std::set<std::string> words;
  std::stringstream ss(l.value);
  for (std::string w; std::getline(ss, w, ',');) {
    w = trim(w);
    if (w.empty()) continue;
    if (w == "*") return kAllWords;
    words.insert(w);  // unknown words are harmless: they are never executed
  }
  return words;
}

bool parse_bool(const Line& l) {
  std::string v = l.value;
  std::transform(v.begin(), v.end(), v.begin(), ::tolower);
  if (v == "yes" || v == "true") return true;
  if (v == "no" || v == "false") return false;
  l.fail("expected yes or no, got '" + l.value + "'");
}

}  // namespace

ServerEntry parse_server_line(const std::string& line, const std::string& name) {
  const auto eq = line.find('=');
  const std::string key = trim(line.substr(0, eq == std::string::npos ? line.size() : eq));
  const std::string value = eq == std::string::npos ? std::string() : trim(line.substr(eq + 1));
  const Line l{name, 1, key, value};
  if (eq == std::string::npos || !key.starts_with("server.")) {
    l.fail("expected server.N=host:quorumPort:electionPort[:role][;[addr:]port]");
  }
  return parse_server(l);
}

ServerConfig parse_config(const std::string& text, const std::string& name) {
  ServerConfig c;
  c.config_path = name;
  bool have_port = false, have_data_dir = false;
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  std::map<std::string, int> seen;
  while (std::getline(in, raw)) {
    ++number;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw ConfigError(name + ":" + std::to_string(number) + ": expected key=value, got '" + line +
                        "'");
    }
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    Line l{name, number, key, value};
    if (auto [it, fresh] = seen.emplace(key, number); !fresh) {
      c.warnings.push_back(name + ":" + std::to_string(number) + ": " + key + " repeats line " +
                           std::to_string(it->second) + "; last one wins");
    }
    if (key == "tickTime") {
      c.tick_time = l.positive();
    } else if (key == "initLimit") {
      c.init_limit = l.positive();
    } else if (key == "syncLimit") {
      c.sync_limit = l.positive();
    } else if (key == "dataDir") {
      if (value.empty()) l.fail("empty path");
      c.data_dir = value;
      have_data_dir = true;
    } else if (key == "dataLogDir") {
      if (value.empty()) l.fail("empty path");
      c.data_log_dir = value;
    } else if (key == "clientPort") {
      c.client_port = l.port();
      have_port = true;
    } else if (key == "clientPortAddress") {
      c.client_port_address = value;
    } else if (key == "maxClientCnxns") {
      c.max_client_cnxns = l.non_negative();
    } else if (key == "minSessionTimeout") {
      c.min_session_timeout = static_cast<int>(l.integer(-1, INT32_MAX));
    } else if (key == "maxSessionTimeout") {
      c.max_session_timeout = static_cast<int>(l.integer(-1, INT32_MAX));
    } else if (key == "snapCount") {
      c.snap_count = l.integer(2, INT64_MAX);
    } else if (key == "autopurge.snapRetainCount") {
      c.snap_retain_count = std::max(3, l.positive());
    } else if (key == "autopurge.purgeInterval") {
      c.purge_interval_hours = l.non_negative();
    } else if (key == "4lw.commands.whitelist") {
      c.four_letter_words = parse_words(l);
    } else if (key == "jute.maxbuffer") {
      c.jute_max_buffer = l.integer(1024, INT32_MAX);
    } else if (key == "forceSync") {
      c.force_sync = parse_bool(l);
    } else if (key == "reconfigEnabled") {
      c.reconfig_enabled = parse_bool(l);
    } else if (key == "admin.serverPort") {
      c.admin_server_port = l.port();
    } else if (key == "admin.serverAddress") {
      c.admin_server_address = value;
    } else if (key.starts_with("server.")) {
      c.servers.push_back(parse_server(l));
    } else if (key.starts_with("group.") || key.starts_with("weight.") ||
               kIgnoredKeys.contains(key) || key.starts_with("ssl.") ||
               key.starts_with("zookeeper.")) {
      // ZooKeeper settings zkserver has no use for.
    } else {
      c.warnings.push_back(name + ":" + std::to_string(number) + ": unknown key '" + key +
                           "' ignored");
    }
  }
  if (!have_data_dir) throw ConfigError(name + ": dataDir is not set");
  // ZooKeeper 3.5+ also takes the client port from this server's line ("...;[addr:]port"),
  // which load_config() applies once myid is known.
  const bool ports_in_server_lines =
      !c.servers.empty() &&
      std::all_of(c.servers.begin(), c.servers.end(), [](auto& s) { return s.client_port > 0; });
  if (!have_port && !ports_in_server_lines) {
    throw ConfigError(name + ": clientPort is not set");
  }
  if (c.data_log_dir.empty()) c.data_log_dir = c.data_dir;
  if (c.min_session_timeout <= 0) c.min_session_timeout = 2 * c.tick_time;
  if (c.max_session_timeout <= 0) c.max_session_timeout = 20 * c.tick_time;
  if (c.min_session_timeout > c.max_session_timeout) {
    throw ConfigError(name + ": minSessionTimeout " + std::to_string(c.min_session_timeout) +
                      " is larger than maxSessionTimeout " + std::to_string(c.max_session_timeout));
  }
  std::set<int64_t> ids;
  for (const auto& s : c.servers) {
    if (!ids.insert(s.id).second) {
      throw ConfigError(name + ": server." + std::to_string(s.id) + " is listed twice");
    }
  }
  return c;
}

ServerConfig load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot read configuration file");
  std::stringstream ss;
  ss << in.rdbuf();
  ServerConfig c = parse_config(ss.str(), path);
  std::string myid_path = c.data_dir + "/myid";
  std::ifstream myid(myid_path);
  if (myid) {
    std::string text;
    std::getline(myid, text);
    text = trim(text);
    int64_t id = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || p != text.data() + text.size() || id < 0 || id > 255) {
      throw ConfigError(myid_path + ":1: expected a server id between 0 and 255, got '" + text +
                        "'");
    }
    c.my_id = id;
  } else if (!c.servers.empty()) {
    throw ConfigError(myid_path + ": missing (required when server.N lines are present)");
  }
  if (!c.servers.empty() &&
      std::none_of(c.servers.begin(), c.servers.end(), [&](auto& s) { return s.id == c.my_id; })) {
    throw ConfigError(path + ": myid " + std::to_string(c.my_id) +
                      " is not among the server.N lines");
  }
  for (const auto& s : c.servers) {
    if (s.id != c.my_id || s.client_port == 0) continue;
    c.client_port = s.client_port;  // the server line wins, as in ZooKeeper
    if (!s.client_address.empty()) c.client_port_address = s.client_address;
  }
  return c;
}

}  // namespace zks
