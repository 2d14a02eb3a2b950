// Value types shared by the Raft consensus core, its codec and the server shell: node ids,
// terms, log entries, configurations, snapshot metadata and the messages peers exchange.
// Plain data with no behaviour beyond comparison and naming; every field is documented by
// the role it plays in the protocol.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zks::raft {

using NodeId = std::uint64_t;
using Term = std::uint64_t;
using Index = std::uint64_t;

// No node: an unknown leader, no vote cast.
inline constexpr NodeId kNoNode = 0;

enum class EntryType : std::uint8_t {
  kNormal = 0,      // client command; an empty one is the leader's no-op
  kConfChange = 1,  // data holds the complete new ConfState (see codec.hpp)
};

struct Entry {
  Term term = 0;
  Index index = 0;
  EntryType type = EntryType::kNormal;
  std::string data{};

  bool operator==(const Entry&) const = default;
};

// The durable per-node state Raft requires before answering peers.
struct HardState {
  Term term = 0;
  NodeId vote = kNoNode;
  Index commit = 0;

  bool operator==(const HardState&) const = default;
};

// A cluster configuration: voters elect and form quorums; learners (ZooKeeper observers)
// receive the log but neither vote nor count. A node is never in both sets.
struct ConfState {
  std::set<NodeId> voters{};
  std::set<NodeId> learners{};

  bool operator==(const ConfState&) const = default;
  bool contains(NodeId id) const { return voters.contains(id) || learners.contains(id); }
};

// Describes the state-machine image that replaces the log up to `index`.
struct SnapshotMeta {
  Index index = 0;
  Term term = 0;
  ConfState conf{};

  bool operator==(const SnapshotMeta&) const = default;
};

// Vote context marking a campaign started by TimeoutNow: it overrides leader stickiness.
inline constexpr std::uint64_t kTransferContext = 1;

enum class MessageType : std::uint8_t {
  kAppend = 1,         // index/log_term: entry preceding `entries`; commit: leader's commit
  kAppendResp = 2,     // index: last matching index, or the rejected probe index (reject_hint)
  kVote = 3,           // index/log_term: candidate's last entry; context 1 = leadership transfer
  kVoteResp = 4,       // reject: vote refused
  kPreVote = 5,        // term: the term the sender would campaign in
  kPreVoteResp = 6,    // term: the pre-vote's term when granted
  kHeartbeat = 7,      // commit: min(follower match, leader commit); context: read-index round
  kHeartbeatResp = 8,  // context echoed
  kSnapshot = 9,       // snapshot: metadata; snapshot_data filled in and read by the shell
  kTimeoutNow = 10,    // leadership transfer: campaign now, bypassing pre-vote and stickiness
};
inline constexpr std::uint8_t kMaxMessageType = 10;

struct Message {
  MessageType type = MessageType::kAppend;
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  Term term = 0;
  Term log_term = 0;
  Index index = 0;
  Index commit = 0;
  bool reject = false;
  Index reject_hint = 0;
  std::uint64_t context = 0;
  std::vector<Entry> entries{};
  SnapshotMeta snapshot{};
  // Opaque to the core: the transport attaches the sender's snapshot image when sending a
  // kSnapshot message and the receiving shell stores it before stepping the message.
  std::string snapshot_data{};

  bool operator==(const Message&) const = default;
};

std::string_view message_type_name(MessageType type);

}  // namespace zks::raft
