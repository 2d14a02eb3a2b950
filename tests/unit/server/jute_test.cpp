#include <gtest/gtest.h>

#include "server/jute/archive.hpp"
#include "server/protocol/packets.hpp"
#include "server/protocol/requests.hpp"

namespace zks {
namespace {

TEST(Jute, RoundTripsBigEndianFields) {
  std::string buf;
  jute::Writer w(buf);
  w.i32(-2);
  w.i64(0x0102030405060708);
  w.boolean(true);
  w.string("path");
  w.strings({"a", "bc"});
  EXPECT_EQ(buf.substr(0, 4), std::string("\xff\xff\xff\xfe", 4));
  EXPECT_EQ(buf.substr(4, 8), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  jute::Reader r(buf);
  EXPECT_EQ(r.i32(), -2);
  EXPECT_EQ(r.i64(), 0x0102030405060708);
  EXPECT_TRUE(r.boolean());
  EXPECT_EQ(r.string(), "path");
  EXPECT_EQ(r.strings(), (std::vector<std::string>{"a", "bc"}));
  EXPECT_TRUE(r.at_end());
}

TEST(Jute, NullBufferDecodesEmpty) {
  std::string buf("\xff\xff\xff\xff", 4);
  jute::Reader r(buf);
  EXPECT_EQ(r.buffer(), "");
}

TEST(Jute, RejectsTruncatedNegativeAndOversizedFields) {
  EXPECT_THROW(jute::Reader(std::string("\x00\x00", 2)).i32(), jute::DecodeError);
  EXPECT_THROW(jute::Reader(std::string("\x00\x00\x00\x09"
                                        "abc",
                                        7))
                   .string(),
               jute::DecodeError);
  EXPECT_THROW(jute::Reader(std::string("\xff\xff\xff\xf0", 4)).buffer(), jute::DecodeError);
  EXPECT_THROW(jute::Reader(std::string("\x7f\xff\xff\xff", 4)).strings(), jute::DecodeError);
}

TEST(Jute, ConnectRequestWithAndWithoutReadOnlyFlag) {
  std::string buf;
  jute::Writer w(buf);
  w.i32(0);
  w.i64(5);
  w.i32(30000);
  w.i64(0x42);
  w.buffer(std::string(16, 'p'));
  jute::Reader old_client(buf);
  ConnectRequest c = decode_connect(old_client);
  EXPECT_EQ(c.timeout_ms, 30000);
  EXPECT_EQ(c.session_id, 0x42);
  EXPECT_FALSE(c.read_only);
  w.boolean(true);
  jute::Reader new_client(buf);
  EXPECT_TRUE(decode_connect(new_client).read_only);
}

TEST(Jute, ConnectResponseIs37BytesAfterTheLength) {
  std::string p = connect_response(4000, 7, std::string(16, 'x'));
  EXPECT_EQ(p.size(), 4u + 37u);
  EXPECT_EQ(p.substr(0, 4), std::string("\x00\x00\x00\x25", 4));
}

TEST(Jute, DecodesMultiRequest) {
  std::string buf;
  jute::Writer w(buf);
  w.i32(static_cast<int32_t>(OpCode::kCreate));
  w.boolean(false);
  w.i32(-1);
  write_op(w, CreateOp{OpCode::kCreate, "/a", "d", {Acl{31, {"world", "anyone"}}}, 0, 0});
  w.i32(static_cast<int32_t>(OpCode::kCheck));
  w.boolean(false);
  w.i32(-1);
  write_op(w, CheckOp{"/a", 3});
  w.i32(-1);
  w.boolean(true);
  w.i32(-1);
  jute::Reader r(buf);
  auto body = decode_body(OpCode::kMulti, r);
  auto& m = std::get<MultiOp>(body);
  ASSERT_EQ(m.ops.size(), 2u);
  EXPECT_EQ(std::get<CreateOp>(m.ops[0]).data, "d");
  EXPECT_EQ(std::get<CheckOp>(m.ops[1]).version, 3);
}

// The bytes ZooKeeper's SetDataRequest and CreateTTLRequest put on the wire, field by field,
// decode to the operation and encode back to the same bytes.
TEST(Jute, WriteOperationsDecodeAndEncodeTheWireLayout) {
  std::string set_data;
  jute::Writer w(set_data);
  w.string("/a");
  w.buffer("payload");
  w.i32(7);
  jute::Reader r(set_data);
  const WriteOp decoded = read_op(OpCode::kSetData, r);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(std::get<SetDataOp>(decoded).data, "payload");
  EXPECT_EQ(std::get<SetDataOp>(decoded).version, 7);
  std::string again;
  jute::Writer w2(again);
  write_op(w2, decoded);
  EXPECT_EQ(again, set_data);

  std::string ttl;
  jute::Writer w3(ttl);
  w3.string("/t");
  w3.buffer("");
  write_acls(w3, {Acl{31, {"world", "anyone"}}});
  w3.i32(5);
  w3.i64(60000);
  jute::Reader r3(ttl);
  const WriteOp create = read_op(OpCode::kCreateTtl, r3);
  EXPECT_TRUE(r3.at_end());
  EXPECT_EQ(std::get<CreateOp>(create).ttl, 60000);
  EXPECT_EQ(std::get<CreateOp>(create).flags, 5);
  std::string ttl_again;
  jute::Writer w4(ttl_again);
  write_op(w4, create);
  EXPECT_EQ(ttl_again, ttl);
}

TEST(Jute, MultiRejectsReadOperations) {
  std::string buf;
  jute::Writer w(buf);
  w.i32(static_cast<int32_t>(OpCode::kGetData));
  w.boolean(false);
  w.i32(-1);
  jute::Reader r(buf);
  EXPECT_THROW(decode_body(OpCode::kMulti, r), jute::DecodeError);
}

}  // namespace
}  // namespace zks
