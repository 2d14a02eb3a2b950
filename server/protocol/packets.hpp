// Framed packets the server sends: the 4-byte length prefix, reply headers, connect
// responses and watch notifications; and the decoder for the connect request.
#pragma once

#include <cstdint>
#include <string>

#include "server/jute/archive.hpp"
#include "server/protocol/opcodes.hpp"

namespace zks {

// Builds one length-prefixed packet: construct, write the body through `w`, then finish().
class PacketBuilder {
 public:
  PacketBuilder() : w(buf_) { w.i32(0); }
  // Starts with a ReplyHeader.
  PacketBuilder(int32_t xid, int64_t zxid, int32_t err) : PacketBuilder() {
    w.i32(xid);
    w.i64(zxid);
    w.i32(err);
  }
  std::string finish() {
    w.patch_i32(0, static_cast<int32_t>(buf_.size() - 4));
    return std::move(buf_);
  }

 private:
  std::string buf_;

 public:
  jute::Writer w;
};

struct ConnectRequest {
  int32_t protocol_version = 0;
  int64_t last_zxid_seen = 0;
  int32_t timeout_ms = 0;
  int64_t session_id = 0;
  std::string password;
  bool read_only = false;
};

ConnectRequest decode_connect(jute::Reader& r);
std::string connect_response(int32_t timeout_ms, int64_t session_id, const std::string& password);
std::string notification(EventType type, const std::string& path);

}  // namespace zks
