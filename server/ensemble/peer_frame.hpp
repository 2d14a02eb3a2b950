// The peer protocol's framing. Every connection between two ensemble members starts with a
// hello frame from the connecting side; after that each frame is
//   u32 length (of what follows, little-endian) | u8 type | body
// Raft messages travel as the core's codec bytes; the other types carry what the core does
// not: writes forwarded to the leader, read-index (sync) requests and answers, and session
// touches. Decoding never trusts the input: oversized or malformed frames are errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zks::ensemble {

enum class FrameType : uint8_t {
  kHello = 1,           // HelloBody
  kRaft = 2,            // raft::encode_message bytes
  kForward = 3,         // an entry payload (see entry_payload.hpp) for the leader to propose
  kForwardRefused = 4,  // RequestRef: the leader could not propose it
  kReadIndex = 5,       // RequestRef: a sync, asked of the leader
  kReadIndexReply = 6,  // ReadIndexReply
  kTouch = 7,           // session ids heard from since the last touch
  kReconfig = 8,        // ReconfigForward: a client's reconfig, for the leader to propose
  kReconfigReply = 9,   // ReconfigReply
  kRemoved = 10,        // the committed configuration text that no longer lists the receiver
};

// Which of a member's two ports a connection reached.
enum class Channel : uint8_t { kQuorum = 1, kElection = 2 };

inline constexpr uint32_t kMaxFrameBytes = 256u << 20;

struct Frame {
  FrameType type = FrameType::kRaft;
  std::string body;
};

std::string encode_frame(FrameType type, std::string_view body);

// Splits a byte stream into frames.
class FrameSplitter {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete frame, or nothing (need more bytes, or *error is set for a bad frame).
  std::optional<Frame> next(std::string* error);

 private:
  std::string buffer_;
  size_t pos_ = 0;
};

// `members`: the sender's configuration in force as dynamic-config server lines (see
// peer_admission.hpp); encoded after the cluster id and a newline, and empty in the hello of
// an older server, which ends with the cluster id.
struct HelloBody {
  uint64_t server_id = 0;
  Channel channel = Channel::kQuorum;
  std::string cluster_id;
  std::string members{};
};
std::string encode_hello(const HelloBody& hello);
std::optional<HelloBody> decode_hello(std::string_view body);

// Names one forwarded write or sync of a server's current run.
struct RequestRef {
  uint64_t incarnation = 0;
  uint64_t seq = 0;
};
std::string encode_request_ref(const RequestRef& ref);
std::optional<RequestRef> decode_request_ref(std::string_view body);

struct ReadIndexReply {
  RequestRef ref;
  uint64_t index = 0;  // answer once the local state machine applied this index
  bool ok = false;     // false: the leader lost leadership; the sync's outcome is unknown
};
std::string encode_read_index_reply(const ReadIndexReply& reply);
std::optional<ReadIndexReply> decode_read_index_reply(std::string_view body);

// A reconfig taken by a follower, forwarded to the leader (fields of ReconfigRequest).
struct ReconfigForward {
  RequestRef ref;
  int64_t from_config = -1;
  std::string joining;
  std::string leaving;
  std::string new_members;
};
std::string encode_reconfig_forward(const ReconfigForward& r);
std::optional<ReconfigForward> decode_reconfig_forward(std::string_view body);

// The leader's answer: a refusal (ZooKeeper error code), or the Raft index and term of the
// configuration entry it appended (the change is committed when that entry is applied with
// that term).
struct ReconfigReply {
  RequestRef ref;
  int32_t error = 0;
  uint64_t index = 0;
  uint64_t term = 0;
};
std::string encode_reconfig_reply(const ReconfigReply& r);
std::optional<ReconfigReply> decode_reconfig_reply(std::string_view body);

std::string encode_touch(const std::vector<int64_t>& sessions);
std::optional<std::vector<int64_t>> decode_touch(std::string_view body);

}  // namespace zks::ensemble
