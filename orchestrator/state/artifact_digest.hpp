// The identity of a local artifact (the server to ship): its SHA-256, total size and, when
// its name tells, the server version. The digest names the release on the hosts
// (releases/<first 12 hex digits>/, see plan/content_hash.hpp).
//   - a file (zkserver binary, ZooKeeper release tarball): SHA-256 of its bytes, read in
//     1 MiB blocks (never loaded whole);
//   - a directory of jars (apache-zookeeper): SHA-256 of a manifest listing, sorted by name,
//     "<sha256 of the file>  <name>\n" for every file of the release (artifact_file_names),
//     so renaming, adding or changing any of them makes another release.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "orchestrator/state/digest_cache.hpp"

namespace zkd {

struct ArtifactDigest {
  std::string sha256;   // lowercase hex
  uint64_t size = 0;    // bytes (the sum of the files for a directory)
  std::string version;  // e.g. "3.8.0" from zookeeper-3.8.0.jar; empty when unknown
};

// Throws std::runtime_error naming the path when it cannot be read. File digests come from
// `cache` when given (see digest_cache.hpp).
ArtifactDigest digest_artifact(const std::filesystem::path& path, DigestCache* cache = nullptr);

// The files a directory artifact's release consists of, sorted by name (bytewise): every
// regular file directly inside `dir` (symlinks followed) but hidden ones (a leading '.'),
// which the host's check (the shell's `*`) does not see either. Throws std::runtime_error
// naming the directory when it cannot be listed.
std::vector<std::string> artifact_file_names(const std::filesystem::path& dir);

// SHA-256 of a file's bytes, streamed; throws std::runtime_error naming the path.
std::string sha256_file(const std::filesystem::path& path, uint64_t* size = nullptr);

// The version in a ZooKeeper artifact name ("zookeeper-3.8.0.jar",
// "apache-zookeeper-3.8.4-bin.tar.gz"); empty when the name carries none.
std::string version_from_name(const std::string& file_name);

}  // namespace zkd
