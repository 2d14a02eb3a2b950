// One `server.N=host:quorumPort:electionPort[:role][;clientAddress:clientPort]` entry, as
// zoo.cfg declares it and as the `conf` admin word prints it after "membership:". Both the
// probes (what a running server believes) and the planner (what a deployed zoo.cfg says)
// read ensemble membership through this one parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zkd {

enum class MemberRole { participant, observer };

std::string_view member_role_name(MemberRole role);

struct EnsembleMember {
  int64_t myid = 0;
  std::string address;  // host name or IP as written (IPv6 without brackets)
  int quorum_port = 0;
  int election_port = 0;
  MemberRole role = MemberRole::participant;
  std::string client_address;  // "host:port" after ';', empty when absent
};

// Parses one entry from its key ("server.3") and value; nullopt when either is malformed.
std::optional<EnsembleMember> parse_server_entry(std::string_view key, std::string_view value);

// Every `server.N=` line of a zoo.cfg (or `conf` reply); other and malformed lines are skipped.
std::vector<EnsembleMember> parse_server_lines(std::string_view text);

}  // namespace zkd
