#include "orchestrator/inventory/secret.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace zkd {

bool is_secret_key(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos;
}

}  // namespace zkd
