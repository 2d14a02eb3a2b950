// libFuzzer target: decoding arbitrary bytes as a Raft message or configuration never
// crashes, and whatever decodes re-encodes to the same bytes (the encoding is canonical).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/replication/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto message = zks::raft::decode_message(bytes)) {
    if (zks::raft::encode_message(*message) != bytes) std::abort();
  }
  if (auto entry = zks::raft::decode_conf_entry(bytes)) {
    if (zks::raft::encode_conf_state(entry->conf, entry->context) != bytes) std::abort();
  }
  return 0;
}
