// Fuzzes the jute decoders of everything a client or a data file can feed zkserver: request
// bodies of every opcode, connect requests, logged transactions and snapshots. Any input must
// either decode or raise jute::DecodeError, and what decodes must re-encode consistently.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/processor/state_machine.hpp"
#include "server/processor/txn.hpp"
#include "server/protocol/packets.hpp"
#include "server/protocol/requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 4) {
      case 0: {
        zks::jute::Reader r(in);
        auto op = static_cast<zks::OpCode>(r.i32());
        zks::decode_body(op, r);
        break;
      }
      case 1: {
        zks::jute::Reader r(in);
        zks::decode_connect(r);
        break;
      }
      case 2: {
        zks::Txn t = zks::decode_txn(in);
        if (zks::encode_txn(zks::decode_txn(zks::encode_txn(t))) != zks::encode_txn(t)) {
          __builtin_trap();
        }
        break;
      }
      default: {
        zks::StateMachine sm(1, 4000, 40000);
        sm.restore(in, 0);
        break;
      }
    }
  } catch (const zks::jute::DecodeError&) {
  }
  return 0;
}
