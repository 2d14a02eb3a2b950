#include "server/storage/file_names.hpp"

#include <cstdio>

namespace zks::storage {

std::string IndexedFileName(std::string_view prefix, uint64_t index) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(index));
  return std::string(prefix) + "." + hex;
}

bool ParseIndexedFileName(std::string_view name, std::string_view prefix, uint64_t* index) {
  if (name.size() != prefix.size() + 17 || name.substr(0, prefix.size()) != prefix ||
      name[prefix.size()] != '.') {
    return false;
  }
  uint64_t v = 0;
  for (char c : name.substr(prefix.size() + 1)) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    v = v << 4 | static_cast<uint64_t>(d);
  }
  *index = v;
  return true;
}

}  // namespace zks::storage
