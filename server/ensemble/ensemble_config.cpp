#include "server/ensemble/ensemble_config.hpp"

#include <algorithm>
#include <cstdio>

#include "server/storage/crc32c.hpp"

namespace zks::ensemble {

const Member& EnsembleConfig::self() const {
  return *find(my_id);
}

const Member* EnsembleConfig::find(raft::NodeId id) const {
  for (const auto& m : members) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

raft::ConfState EnsembleConfig::initial_conf() const {
  raft::ConfState conf;
  for (const auto& m : members) (m.observer ? conf.learners : conf.voters).insert(m.id);
  return conf;
}

bool is_ensemble(const ServerConfig& config) {
  return config.servers.size() > 1;
}

Timing timing_for(int tick_time_ms, int init_limit, int sync_limit) {
  Timing t;
  t.tick_ms = std::max(1, tick_time_ms / 10);
  t.heartbeat_ticks = std::max(1, tick_time_ms / 2 / t.tick_ms);
  t.election_ticks = std::max(t.heartbeat_ticks * 2 + 1, sync_limit * tick_time_ms / t.tick_ms);
  t.forward_timeout_ms = int64_t(init_limit) * tick_time_ms;
  t.touch_interval_ms = std::max(1, tick_time_ms / 2);
  return t;
}

std::vector<Member> sorted_by_id(std::vector<Member> members) {
  std::sort(members.begin(), members.end(),
            [](const Member& a, const Member& b) { return a.id < b.id; });
  return members;
}

std::string cluster_id_of(const std::vector<Member>& members) {
  std::string canonical;
  for (const auto& m : sorted_by_id(members)) {
    canonical += std::to_string(m.id) + "=" + m.host + ":" + std::to_string(m.quorum_port) + ":" +
                 std::to_string(m.election_port) + (m.observer ? ":observer\n" : ":participant\n");
  }
  char id[32];
  std::snprintf(id, sizeof id, "zk-%08x", storage::crc32c::Value(canonical));
  return id;
}

Member member_of(const ServerEntry& s) {
  return Member{static_cast<raft::NodeId>(s.id),
                s.host,
                s.quorum_port,
                s.election_port,
                s.role == "observer",
                s.client_port,
                s.client_address};
}

EnsembleConfig make_ensemble_config(const ServerConfig& config) {
  auto fail = [&](const std::string& why) { throw ConfigError(config.config_path + ": " + why); };
  if (config.init_limit <= 0) fail("initLimit: required (> 0) when server.N lines are present");
  if (config.sync_limit <= 0) fail("syncLimit: required (> 0) when server.N lines are present");
  EnsembleConfig e;
  e.my_id = static_cast<raft::NodeId>(config.my_id);
  for (const auto& s : config.servers) {
    if (s.quorum_port <= 0 || s.election_port <= 0) {
      fail("server." + std::to_string(s.id) +
           ": both a quorum port and an election port are "
           "required");
    }
    e.members.push_back(member_of(s));
  }
  if (!e.find(e.my_id)) {
    fail("myid " + std::to_string(config.my_id) + " has no server." + std::to_string(config.my_id) +
         " line");
  }
  if (e.initial_conf().voters.empty()) fail("server.N: no participant (every server observes)");
  e.cluster_id = cluster_id_of(e.members);
  e.timing = timing_for(config.tick_time, config.init_limit, config.sync_limit);
  return e;
}

}  // namespace zks::ensemble
