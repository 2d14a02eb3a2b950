// Message and configuration codec: round trips, and rejection of malformed input.
#include "server/replication/codec.hpp"

#include <gtest/gtest.h>

#include "server/replication/random.hpp"

namespace zks::raft {
namespace {

Message sample() {
  Message m{.type = MessageType::kAppend,
            .from = 1,
            .to = 2,
            .term = 7,
            .log_term = 6,
            .index = 41,
            .commit = 40,
            .reject = true,
            .reject_hint = 39,
            .context = 5};
  m.entries = {{7, 42, EntryType::kNormal, "hello"},
               {7, 43, EntryType::kConfChange, encode_conf_state({{1, 2}, {3}})}};
  m.snapshot = {30, 5, {{1, 2, 3}, {4}}};
  m.snapshot_data = std::string("image\0bytes", 11);
  return m;
}

TEST(RaftCodec, MessagesRoundTrip) {
  Message m = sample();
  auto decoded = decode_message(encode_message(m));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, m);
  Message empty{.type = MessageType::kHeartbeat, .from = 3, .to = 1};
  EXPECT_EQ(decode_message(encode_message(empty)), empty);
}

TEST(RaftCodec, EveryTruncationIsRejected) {
  std::string bytes = encode_message(sample());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::string error;
    EXPECT_FALSE(decode_message(bytes.substr(0, n), &error)) << n;
    EXPECT_FALSE(error.empty());
  }
}

TEST(RaftCodec, MalformedFieldsAreNamed) {
  std::string bytes = encode_message(sample());
  std::string error;
  std::string bad_version = bytes;
  bad_version[0] = 9;
  EXPECT_FALSE(decode_message(bad_version, &error));
  EXPECT_NE(error.find("version 9"), std::string::npos) << error;
  std::string bad_type = bytes;
  bad_type[1] = 99;
  EXPECT_FALSE(decode_message(bad_type, &error));
  EXPECT_NE(error.find("message type 99"), std::string::npos) << error;
  EXPECT_FALSE(decode_message(bytes + "x", &error));
  EXPECT_NE(error.find("trailing"), std::string::npos) << error;
}

TEST(RaftCodec, HugeCountsFailWithoutAllocating) {
  // A header claiming 2^60 entries in a tiny message.
  std::string bytes = encode_message({.type = MessageType::kAppend, .from = 1, .to = 2});
  std::size_t count_at = 2 + 8 * 6 + 1 + 8 * 2;
  for (int i = 0; i < 8; ++i) bytes[count_at + i] = i == 7 ? 0x10 : 0;
  std::string error;
  EXPECT_FALSE(decode_message(bytes, &error));
  EXPECT_NE(error.find("entries count"), std::string::npos) << error;
}

TEST(RaftCodec, RandomBytesNeverDecodeWrongly) {
  Random random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes = encode_message(sample());
    bytes[random.below(bytes.size())] ^= static_cast<char>(1 + random.below(255));
    if (auto m = decode_message(bytes)) {
      EXPECT_EQ(encode_message(*m), bytes);
    }
  }
}

TEST(RaftCodec, ConfigurationsRoundTripAndRejectOverlap) {
  ConfState conf{{1, 2, 3}, {9}};
  EXPECT_EQ(decode_conf_state(encode_conf_state(conf)), conf);
  std::string error;
  EXPECT_FALSE(decode_conf_state(encode_conf_state({{1, 2}, {2}}), &error));
  EXPECT_NE(error.find("voter and learner"), std::string::npos) << error;
}

}  // namespace
}  // namespace zks::raft
