#include "server/tree/path.hpp"

namespace zks {

bool valid_path(std::string_view path, bool sequential) {
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return !sequential;
  if (path.back() == '/' && !sequential) return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    bool last = end == path.size();
    if (part.empty() && !(last && sequential)) return false;
    if (part == "." || part == "..") return false;
    for (unsigned char c : part) {
      if (c == 0 || (c > 0 && c < 0x20) || (c >= 0x7f && c <= 0x9f)) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string_view parent_path(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

bool path_within(std::string_view path, std::string_view prefix) {
  if (prefix == "/") return true;
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace zks
