// What a replicated log entry holds, and the zxid it gets. A normal entry's data is
//   u64 origin server id | u64 origin incarnation | u64 origin sequence | encoded Txn
// so the server that took the request recognises its own transaction when it commits (the
// incarnation, a number fixed at each start, keeps a restarted server from mistaking an old
// entry for a new request). An empty entry is a leader's no-op.
//
// zxid = (term << 32) | counter within the term: the n-th transaction of a term gets counter
// n. Every replica applies the same entries in the same order, so computing it at apply time
// from the previous zxid gives every replica the same numbers, and zxids grow monotonically
// (a term never exceeds 2^31 and a term never holds 2^32 transactions in practice).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/ensemble/peer_frame.hpp"

namespace zks::ensemble {

struct EntryPayload {
  uint64_t origin = 0;
  RequestRef ref;
  std::string txn;  // encode_txn bytes
};

std::string encode_entry_payload(const EntryPayload& payload);
std::optional<EntryPayload> decode_entry_payload(std::string_view data);

int64_t next_zxid(int64_t last_zxid, uint64_t term);

}  // namespace zks::ensemble
