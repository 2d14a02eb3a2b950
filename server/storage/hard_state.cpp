#include "server/storage/hard_state.hpp"

#include "server/storage/atomic_file.hpp"
#include "server/storage/coding.hpp"
#include "server/storage/crc32c.hpp"

namespace zks::storage {
namespace {

constexpr std::string_view kMagic = "ZKSHARD1";
constexpr uint32_t kVersion = 1;
constexpr size_t kFileSize = 44;

}  // namespace

Status SaveHardState(Env* env, const std::string& dir, const HardState& state) {
  std::string bytes(kMagic);
  PutFixed32(&bytes, kVersion);
  PutFixed32(&bytes, 0);
  PutFixed64(&bytes, state.term);
  PutFixed64(&bytes, state.vote);
  PutFixed64(&bytes, state.commit);
  PutFixed32(&bytes, crc32c::Value(bytes));
  return WriteFileAtomically(env, dir, kHardStateFileName, bytes);
}

Status LoadHardState(Env* env, const std::string& dir, HardState* state) {
  const std::string path = JoinPath(dir, kHardStateFileName);
  std::string bytes;
  Status s = env->ReadFileToString(path, &bytes);
  if (!s.ok()) return s;
  if (bytes.size() != kFileSize) {
    return Status::Corruption(path + ": " + std::to_string(bytes.size()) + " bytes, expected " +
                              std::to_string(kFileSize));
  }
  if (bytes.substr(0, kMagic.size()) != kMagic) return Status::Corruption(path + ": bad magic");
  if (crc32c::Value(bytes.data(), kFileSize - 4) != DecodeFixed32(bytes.data() + kFileSize - 4)) {
    return Status::Corruption(path + ": checksum mismatch");
  }
  if (DecodeFixed32(bytes.data() + 8) != kVersion) {
    return Status::Corruption(path + ": unsupported version");
  }
  state->term = DecodeFixed64(bytes.data() + 16);
  state->vote = DecodeFixed64(bytes.data() + 24);
  state->commit = DecodeFixed64(bytes.data() + 32);
  return Status::Ok();
}

}  // namespace zks::storage
