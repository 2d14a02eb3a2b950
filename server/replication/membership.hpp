// Single-server membership changes. A change adds one voter, adds one learner (ZooKeeper
// observer), promotes a learner, demotes a voter to learner, or removes one node; the
// resulting configuration is carried whole in a configuration entry (see codec.hpp) and takes
// effect on each node as soon as the entry is in its log, committed or not. Changing one voter
// at a time keeps every old majority and every new majority overlapping.
#pragma once

#include <optional>
#include <string>

#include "server/replication/types.hpp"

namespace zks::raft {

enum class ConfChangeType : std::uint8_t {
  kAddVoter,    // new node, or promotion of a learner
  kAddLearner,  // new node, or demotion of a voter
  kRemoveNode,
};

struct ConfChange {
  ConfChangeType type = ConfChangeType::kAddVoter;
  NodeId node = kNoNode;
  // Opaque to the core, stored with the configuration in the entry (codec.hpp): the shell
  // carries what it needs to reach the members (their addresses).
  std::string context{};
};

// The configuration after applying `change` to `conf`, or nothing with the reason when the
// change is a no-op or would leave no voter.
std::optional<ConfState> apply_conf_change(const ConfState& conf, const ConfChange& change,
                                           std::string& why);

}  // namespace zks::raft
