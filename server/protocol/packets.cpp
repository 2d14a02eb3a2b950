#include "server/protocol/packets.hpp"

namespace zks {

ConnectRequest decode_connect(jute::Reader& r) {
  ConnectRequest c;
  c.protocol_version = r.i32();
  c.last_zxid_seen = r.i64();
  c.timeout_ms = r.i32();
  c.session_id = r.i64();
  c.password = r.buffer();
  if (!r.at_end()) c.read_only = r.boolean();  // older clients omit the flag
  return c;
}

std::string connect_response(int32_t timeout_ms, int64_t session_id, const std::string& password) {
  PacketBuilder p;
  p.w.i32(0);
  p.w.i32(timeout_ms);
  p.w.i64(session_id);
  p.w.buffer(password);
  p.w.boolean(false);
  return p.finish();
}

std::string notification(EventType type, const std::string& path) {
  PacketBuilder p(kWatchXid, -1, 0);
  p.w.i32(static_cast<int32_t>(type));
  p.w.i32(kStateSyncConnected);
  p.w.string(path);
  return p.finish();
}

}  // namespace zks
