// Host reachability report (`zkdeploy ping`): for every host, in parallel, the time to
// connect and authenticate, one command round trip, OS and architecture, and the free disk
// space at the install root (at its nearest existing parent before the first install).
// Probing is imperative; parsing and formatting are pure functions, tested on their own.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/transport/ssh_target.hpp"

namespace zkd {

struct PingTarget {
  SshTarget ssh;
  std::string install_root;
};

struct PingResult {
  std::string name;
  std::string address;
  bool reachable = false;
  double connect_ms = 0;  // TCP connect, SSH handshake, host key check, authentication
  double rtt_ms = 0;      // one command round trip on the open session
  std::string os;
  std::string arch;
  std::optional<uint64_t> free_bytes;
  std::string error;
};

std::vector<PingResult> ping_hosts(const std::vector<PingTarget>& targets, int forks);

// The probe command for an install root, and the parser of its output (throws
// std::runtime_error on output it does not recognise).
std::vector<std::string> ping_probe_argv(const std::string& install_root);
void parse_ping_probe(const std::string& out, PingResult& result);

std::string format_ping_table(const std::vector<PingResult>& results);
nlohmann::json ping_json(const std::vector<PingResult>& results);

}  // namespace zkd
