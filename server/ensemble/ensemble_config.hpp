// EnsembleConfig: zoo.cfg's replicated mode. Two or more `server.N` lines make an ensemble;
// this server is the one named by dataDir/myid. `:observer` members are Raft learners.
//
// Timing, from tickTime (T), initLimit and syncLimit:
//   Raft tick          T/10 (at least 1 ms)       the core's clock; T/4 or finer as required
//   heartbeat          5 ticks  = T/2             leader to followers, also carries commit
//   election timeout   syncLimit x T, randomised in [syncLimit x T, 2 x syncLimit x T)
//                      (ZooKeeper drops a follower that lags syncLimit ticks)
//   forward timeout    initLimit x T              a write forwarded to the leader and not
//                                                 committed by then is reported lost
//   session touches    every T/2                  followers tell the leader which sessions
//                                                 they hear from; the leader decides expiry
// A follower that loses its TCP link to the leader campaigns at once (pre-vote), so failover
// does not wait for the election timeout.
//
// The cluster id is a checksum of the sorted member list (id, host, ports, role): it claims the
// data directory and is sent in the peer hello (peer_admission.hpp decides who is admitted,
// since the membership may change by reconfig).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/config/server_config.hpp"
#include "server/replication/types.hpp"

namespace zks::ensemble {

struct Member {
  raft::NodeId id = raft::kNoNode;
  std::string host;
  int quorum_port = 0;
  int election_port = 0;
  bool observer = false;
  int client_port = 0;         // 0: its server line has no `;[addr:]port`
  std::string client_address;  // empty: all interfaces
};

struct Timing {
  int tick_ms = 200;
  int heartbeat_ticks = 5;
  int election_ticks = 50;
  int64_t forward_timeout_ms = 20000;
  int64_t touch_interval_ms = 1000;
};

struct EnsembleConfig {
  std::vector<Member> members;
  raft::NodeId my_id = raft::kNoNode;
  std::string cluster_id;
  Timing timing;

  const Member& self() const;
  const Member* find(raft::NodeId id) const;
  // Voters are the participants, learners the observers.
  raft::ConfState initial_conf() const;
};

// True when zoo.cfg describes an ensemble (more than one server line).
bool is_ensemble(const ServerConfig& config);
// Throws ConfigError naming the file and key when the ensemble settings are unusable.
EnsembleConfig make_ensemble_config(const ServerConfig& config);
Timing timing_for(int tick_time_ms, int init_limit, int sync_limit);
std::vector<Member> sorted_by_id(std::vector<Member> members);
std::string cluster_id_of(const std::vector<Member>& members);
// A zoo.cfg / dynamic-config server line as a member.
Member member_of(const ServerEntry& s);

}  // namespace zks::ensemble
