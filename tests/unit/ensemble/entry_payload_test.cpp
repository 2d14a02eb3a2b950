#include "server/ensemble/entry_payload.hpp"

#include <gtest/gtest.h>

namespace zks::ensemble {
namespace {

TEST(EntryPayload, RoundTripsAndRejectsShortData) {
  std::string bytes = encode_entry_payload({3, {100, 7}, "txn"});
  auto p = decode_entry_payload(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->origin, 3u);
  EXPECT_EQ(p->ref.incarnation, 100u);
  EXPECT_EQ(p->ref.seq, 7u);
  EXPECT_EQ(p->txn, "txn");
  EXPECT_FALSE(decode_entry_payload(bytes.substr(0, 23)));
}

TEST(EntryPayload, ZxidIsTermAndCounterWithinTheTerm) {
  EXPECT_EQ(next_zxid(0, 2), 0x200000001);
  EXPECT_EQ(next_zxid(0x200000001, 2), 0x200000002);
  EXPECT_EQ(next_zxid(0x200000002, 5), 0x500000001);  // a new term restarts the counter
  EXPECT_GT(next_zxid(0x2ffffffff, 3), 0x2ffffffff);  // monotonic across terms
}

}  // namespace
}  // namespace zks::ensemble
