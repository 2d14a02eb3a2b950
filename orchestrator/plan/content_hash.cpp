#include "orchestrator/plan/content_hash.hpp"

namespace zkd {

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
