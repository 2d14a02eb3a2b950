#include "server/ensemble/peer_frame.hpp"

#include <gtest/gtest.h>

namespace zks::ensemble {
namespace {

TEST(PeerFrame, SplitsAStreamFedByteByByte) {
  std::string stream = encode_frame(FrameType::kHello, encode_hello({7, Channel::kElection, "c"})) +
                       encode_frame(FrameType::kTouch, encode_touch({1, -2, 3}));
  FrameSplitter s;
  std::vector<Frame> frames;
  std::string error;
  for (char ch : stream) {
    s.feed(std::string_view(&ch, 1));
    while (auto f = s.next(&error)) frames.push_back(*f);
  }
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(frames.size(), 2u);
  auto hello = decode_hello(frames[0].body);
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->server_id, 7u);
  EXPECT_EQ(hello->channel, Channel::kElection);
  EXPECT_EQ(hello->cluster_id, "c");
  EXPECT_EQ(frames[1].type, FrameType::kTouch);
  EXPECT_EQ(*decode_touch(frames[1].body), (std::vector<int64_t>{1, -2, 3}));
}

TEST(PeerFrame, RejectsOversizedAndUnknownFrames) {
  std::string error;
  FrameSplitter big;
  big.feed(std::string("\xff\xff\xff\x7f\x02", 5));
  EXPECT_FALSE(big.next(&error));
  EXPECT_NE(error.find("out of range"), std::string::npos);
  error.clear();
  FrameSplitter unknown;
  unknown.feed(std::string("\x01\x00\x00\x00\x63", 5));
  EXPECT_FALSE(unknown.next(&error));
  EXPECT_NE(error.find("unknown frame type 99"), std::string::npos);
}

TEST(PeerFrame, BodiesRoundTripAndRejectTruncation) {
  ReadIndexReply r{{11, 12}, 13, true};
  std::string bytes = encode_read_index_reply(r);
  auto back = decode_read_index_reply(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ref.incarnation, 11u);
  EXPECT_EQ(back->ref.seq, 12u);
  EXPECT_EQ(back->index, 13u);
  EXPECT_TRUE(back->ok);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_read_index_reply(bytes.substr(0, n))) << n;
  }
  EXPECT_FALSE(decode_hello("ZKSPEER1"));
  EXPECT_FALSE(decode_hello(encode_hello({0, Channel::kQuorum, "c"})));  // server id 0
  std::string touch = encode_touch({5});
  EXPECT_FALSE(decode_touch(touch + "x"));
}

}  // namespace
}  // namespace zks::ensemble
