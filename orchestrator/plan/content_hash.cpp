#include "orchestrator/plan/content_hash.hpp"

#include <openssl/evp.h>

namespace zkd {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

std::string release_id(std::string_view sha256) {
  return std::string(sha256.substr(0, kReleaseIdLength));
}

std::string release_dir(std::string_view install_root, std::string_view cluster,
                        std::string_view id) {
  std::string root(install_root);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root + "/" + std::string(cluster) + "/releases/" + std::string(id);
}

}  // namespace zkd
