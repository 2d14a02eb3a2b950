#include "server/storage/data_dir_identity.hpp"

#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "server/storage/atomic_file.hpp"
#include "server/storage/crc32c.hpp"

namespace zks::storage {
namespace {

constexpr std::string_view kFirstLine = "zkserver data directory v1\n";

std::string Body(const DataDirIdentity& id) {
  return std::string(kFirstLine) + "cluster " + id.cluster_id + "\nserver " +
         std::to_string(id.server_id) + "\n";
}

std::string Describe(const DataDirIdentity& id) {
  return "cluster " + id.cluster_id + " server " + std::to_string(id.server_id);
}

bool ValidClusterId(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return false;
  }
  return true;
}

// Files that may sit in a data directory before the server first runs there.
bool IsHarmless(const std::string& name) {
  return name == "myid" || name == "zookeeper_server.pid" || name == "zkserver.pid" ||
         name == kLockFileName || name == TempFileName(kIdentityFileName);
}

}  // namespace

Status ReadDataDirIdentity(Env* env, const std::string& dir, DataDirIdentity* identity) {
  const std::string path = JoinPath(dir, kIdentityFileName);
  std::string text;
  Status s = env->ReadFileToString(path, &text);
  if (!s.ok()) return s;
  size_t crc_at = text.rfind("crc32c ");
  unsigned crc = 0;
  DataDirIdentity id;
  std::string cluster_word, server_word, extra;
  if (crc_at == std::string::npos || text.compare(0, kFirstLine.size(), kFirstLine) != 0 ||
      std::sscanf(text.c_str() + crc_at, "crc32c %8x", &crc) != 1 || text.size() != crc_at + 16 ||
      text.back() != '\n') {
    return Status::Corruption(path + ": not a zkserver identity file");
  }
  if (crc32c::Value(text.data(), crc_at) != crc) {
    return Status::Corruption(path + ": checksum mismatch");
  }
  std::istringstream in(text.substr(kFirstLine.size(), crc_at - kFirstLine.size()));
  if (!(in >> cluster_word >> id.cluster_id >> server_word >> id.server_id) ||
      cluster_word != "cluster" || server_word != "server" || (in >> extra)) {
    return Status::Corruption(path + ": malformed identity");
  }
  *identity = id;
  return Status::Ok();
}

Status CreateDataDirIdentity(Env* env, const std::string& dir, const DataDirIdentity& identity) {
  if (!ValidClusterId(identity.cluster_id)) {
    return Status::InvalidArgument("cluster id '" + identity.cluster_id +
                                   "' must be non-empty and contain no whitespace");
  }
  std::string text = Body(identity);
  char crc[32];
  std::snprintf(crc, sizeof crc, "crc32c %08" PRIx32 "\n", crc32c::Value(text));
  Status s = env->CreateDirs(dir);
  if (s.ok()) s = CreateFileOnce(env, dir, kIdentityFileName, text + crc);
  return s;
}

Status LockDataDir(Env* env, const std::string& dir, std::unique_ptr<FileLock>* lock) {
  Status s = env->CreateDirs(dir);
  if (s.ok()) s = env->LockFile(JoinPath(dir, kLockFileName), lock);
  return s;
}

Status ClaimDataDir(Env* env, const std::string& dir, const DataDirIdentity& expected,
                    bool* created) {
  if (created != nullptr) *created = false;
  DataDirIdentity found;
  Status s = ReadDataDirIdentity(env, dir, &found);
  if (s.IsNotFound()) {
    std::vector<std::string> names;
    Status listed = env->GetChildren(dir, &names);
    if (!listed.ok() && !listed.IsNotFound()) return listed;
    for (const std::string& name : names) {
      if (!IsHarmless(name)) {
        return Status::InvalidArgument("data directory " + dir + " already holds state (" + name +
                                       ") but no " + kIdentityFileName +
                                       "; refusing to start fresh over it");
      }
    }
    s = CreateDataDirIdentity(env, dir, expected);
    if (s.ok() && created != nullptr) *created = true;
    if (!s.IsAlreadyExists()) return s;
    s = ReadDataDirIdentity(env, dir, &found);  // lost a race: check the winner's identity
  }
  if (!s.ok()) return s;
  if (!(found == expected)) {
    return Status::InvalidArgument("data directory " + dir + " belongs to " + Describe(found) +
                                   ", not " + Describe(expected));
  }
  return Status::Ok();
}

}  // namespace zks::storage
