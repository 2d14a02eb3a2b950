#include "server/ensemble/entry_payload.hpp"

#include "server/storage/coding.hpp"

namespace zks::ensemble {

std::string encode_entry_payload(const EntryPayload& payload) {
  std::string out;
  out.reserve(24 + payload.txn.size());
  storage::PutFixed64(&out, payload.origin);
  out += encode_request_ref(payload.ref);
  out += payload.txn;
  return out;
}

std::optional<EntryPayload> decode_entry_payload(std::string_view data) {
  if (data.size() < 24) return std::nullopt;
  EntryPayload p;
  p.origin = storage::DecodeFixed64(data.data());
  p.ref = *decode_request_ref(data.substr(8, 16));
  p.txn = std::string(data.substr(24));
  return p;
}

int64_t next_zxid(int64_t last_zxid, uint64_t term) {
  const uint64_t last = static_cast<uint64_t>(last_zxid);
  const uint64_t counter = (last >> 32) == term ? (last & 0xffffffffu) + 1 : 1;
  return static_cast<int64_t>((term << 32) | counter);
}

}  // namespace zks::ensemble
