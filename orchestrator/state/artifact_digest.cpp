#include "orchestrator/state/artifact_digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "orchestrator/plan/content_hash.hpp"

namespace zkd {
namespace fs = std::filesystem;

std::string sha256_file(const fs::path& path, uint64_t* size) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw std::runtime_error("cannot read artifact " + path.string());
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("sha256 unavailable");
  }
  std::vector<unsigned char> block(1 << 20);
  uint64_t total = 0;
  size_t n = 0;
  while ((n = std::fread(block.data(), 1, block.size(), file.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), block.data(), n);
    total += n;
  }
  if (std::ferror(file.get())) throw std::runtime_error("cannot read artifact " + path.string());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  if (size) *size = total;
  return hex;
}

std::string version_from_name(const std::string& file_name) {
  for (const std::string prefix : {"apache-zookeeper-", "zookeeper-"}) {
    if (!file_name.starts_with(prefix)) continue;
    const std::string rest = file_name.substr(prefix.size());
    size_t end = 0;
    while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) ||
                                 (rest[end] == '.' && end + 1 < rest.size() &&
                                  std::isdigit(static_cast<unsigned char>(rest[end + 1]))))) {
      ++end;
    }
    if (end > 0 && rest.find('.') < end) return rest.substr(0, end);
  }
  return "";
}

std::vector<std::string> artifact_file_names(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with('.') && entry.is_regular_file()) names.push_back(std::move(name));
  }
  if (ec) throw std::runtime_error("cannot list artifact " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

ArtifactDigest digest_artifact(const fs::path& path, DigestCache* cache) {
  DigestCache uncached{fs::path()};
  DigestCache& digests = cache ? *cache : uncached;
  std::error_code ec;
  ArtifactDigest result;
  if (!fs::is_directory(path, ec)) {
    result.sha256 = digests.sha256(path, result.size);
    result.version = version_from_name(path.filename().string());
    return result;
  }
  std::string manifest;
  for (const auto& name : artifact_file_names(path)) {
    // Names linking to one file (zookeeper.jar -> zookeeper-3.8.0.jar) hit the same entry.
    uint64_t size = 0;
    manifest += digests.sha256(path / name, size) + "  " + name + "\n";
    result.size += size;
    if (result.version.empty() && name.ends_with(".jar")) result.version = version_from_name(name);
  }
  result.sha256 = sha256_hex(manifest);
  return result;
}

}  // namespace zkd
