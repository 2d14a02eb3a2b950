// The Raft hard state -- current term, vote, commit index -- kept in the file
// "raft.hardstate" of a directory. SaveHardState() returns only once the new state is durable
// and replaces the old one atomically (see atomic_file.hpp): Raft must persist term and vote
// before answering a vote. The file is checksummed; LoadHardState() returns NotFound when no
// state was ever saved and Corruption (naming the file) when the file is damaged, which the
// caller must not treat as "fresh".
//
// File (44 bytes, little-endian): magic "ZKSHARD1" | u32 version (1) | u32 reserved |
//   u64 term | u64 vote | u64 commit | u32 crc32c of the preceding 40 bytes.
#pragma once

#include <cstdint>
#include <string>

#include "server/storage/env.hpp"

namespace zks::storage {

inline constexpr const char* kHardStateFileName = "raft.hardstate";

struct HardState {
  uint64_t term = 0;
  uint64_t vote = 0;  // 0: voted for nobody in this term
  uint64_t commit = 0;
  bool operator==(const HardState&) const = default;
};

Status SaveHardState(Env* env, const std::string& dir, const HardState& state);
Status LoadHardState(Env* env, const std::string& dir, HardState* state);

}  // namespace zks::storage
