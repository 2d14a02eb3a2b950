// Tuning and identity of one Raft node. Times are in ticks: the shell calls Node::tick() at a
// fixed interval from a monotonic clock (ZooKeeper's tickTime maps onto it).
#pragma once

#include <cstdint>
#include <string>

#include "server/replication/types.hpp"

namespace zks::raft {

struct Config {
  NodeId id = kNoNode;
  // A follower campaigns after a random timeout in [election_tick, 2*election_tick).
  int election_tick = 10;
  // The leader sends heartbeats this often; must be smaller than election_tick.
  int heartbeat_tick = 1;
  // Seeds the only source of randomness in the core (randomised election timeouts).
  std::uint64_t seed = 1;
  // Flow control: AppendEntries messages in flight per follower while replicating...
  int max_inflight = 256;
  // ...and the payload bytes per message (at least one entry is always sent).
  std::uint64_t max_message_bytes = 1 << 20;
  // Pre-vote phase before a real election (a rejoining node cannot raise everyone's term).
  bool pre_vote = true;
  // Leader steps down without a live majority; followers with a live leader refuse votes.
  bool check_quorum = true;
  // A follower counts as synced (ZooKeeper's zk_synced_followers) while the leader heard from
  // it within an election timeout, its log is known to match (replicate state), and it is at
  // most this many entries behind the commit index: under load a healthy follower trails by
  // the entries in flight.
  Index synced_max_lag = 1024;
};

// Empty when valid; otherwise names the offending field.
std::string validate_config(const Config& config);

}  // namespace zks::raft
