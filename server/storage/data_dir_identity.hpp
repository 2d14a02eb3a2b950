// The data-directory guard: a small file, "zkserver.identity", written once, that says which
// cluster and which server a data directory belongs to. A node claims its directory at start:
//   - identity present and equal to the expected one: Ok;
//   - identity present but different (another cluster or server id): InvalidArgument, naming
//     both -- a misconfigured node must not serve, or overwrite, someone else's state;
//   - identity absent and the directory holds no state: the identity is created (durably,
//     create-once: two racing claimers cannot both win);
//   - identity absent but the directory already holds state (anything other than myid and
//     pid files -- our logs, snapshots, hard state, or Apache ZooKeeper's version-2):
//     InvalidArgument, so a node never bootstraps fresh state over existing data by accident.
// A damaged identity file is Corruption naming the file.
// LockDataDir() takes an exclusive lock ("zkserver.lock") so two servers never run on one
// directory; take it before claiming and hold it while the server runs.
//
// File format (text): "zkserver data directory v1\ncluster <id>\nserver <n>\ncrc32c <8 hex>\n"
// where the checksum covers the three lines before it. cluster ids are non-empty and contain
// no whitespace.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/storage/env.hpp"

namespace zks::storage {

inline constexpr const char* kIdentityFileName = "zkserver.identity";
inline constexpr const char* kLockFileName = "zkserver.lock";

struct DataDirIdentity {
  std::string cluster_id;
  uint64_t server_id = 0;
  bool operator==(const DataDirIdentity&) const = default;
};

Status ReadDataDirIdentity(Env* env, const std::string& dir, DataDirIdentity* identity);
// Creates the identity file; AlreadyExists if the directory already has one.
Status CreateDataDirIdentity(Env* env, const std::string& dir, const DataDirIdentity& identity);
// Creates dir if needed and locks it; fails if another process holds the lock.
Status LockDataDir(Env* env, const std::string& dir, std::unique_ptr<FileLock>* lock);
// Applies the rules above. *created says whether this call wrote the identity.
Status ClaimDataDir(Env* env, const std::string& dir, const DataDirIdentity& expected,
                    bool* created = nullptr);

}  // namespace zks::storage
