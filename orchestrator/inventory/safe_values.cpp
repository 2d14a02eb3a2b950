#include "orchestrator/inventory/safe_values.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace zkd {
namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}

bool looks_like_ipv4(std::string_view s) {
  return !s.empty() && all_of(s, [](char c) { return is_digit(c) || c == '.'; });
}

std::string check_hostname(std::string_view s) {
  if (s.size() > 253) return "host name longer than 253 characters";
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view label = s.substr(start, end - start);
    if (label.empty()) return "empty label in host name (two dots, or a leading or trailing dot)";
    if (label.size() > 63) return "host name label longer than 63 characters";
    if (!all_of(label, [](char c) { return is_alnum(c) || c == '-'; })) {
      return "not a host name or IP address: only letters, digits, '-' and '.' are allowed";
    }
    if (label.front() == '-' || label.back() == '-') {
      return "host name labels may not start or end with '-'";
    }
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string check_name(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name.size() > 64) return "name longer than 64 characters";
  if (!is_alnum(name.front())) return "a name must start with a letter or digit";
  if (!all_of(name, [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return "a name may contain only letters, digits, '.', '_' and '-' (it becomes part of remote "
           "paths and commands)";
  }
  return {};
}

bool is_ipv6_literal(std::string_view address) {
  if (address.find(':') == std::string_view::npos || address.size() > 45) return false;
  const std::string copy(address);
  in6_addr out{};
  return inet_pton(AF_INET6, copy.c_str(), &out) == 1;
}

std::string check_address(std::string_view address) {
  if (address.empty()) return "empty address";
  if (address.find(':') != std::string_view::npos) {
    return is_ipv6_literal(address) ? std::string() : "not a valid IPv6 address";
  }
  if (looks_like_ipv4(address)) {
    const std::string copy(address);
    in_addr out{};
    return inet_pton(AF_INET, copy.c_str(), &out) == 1 ? std::string() : "not a valid IPv4 address";
  }
  return check_hostname(address);
}

std::string check_remote_path(std::string_view path) {
  if (path.empty()) return "empty path";
  if (path.front() != '/') return "a remote path must be absolute (start with '/')";
  if (path.size() > 4096) return "path longer than 4096 characters";
  if (!all_of(path, [](char c) {
        return is_alnum(c) || c == '.' || c == '_' || c == '/' || c == '+' || c == '@' || c == '-';
      })) {
    return "a remote path may contain only letters, digits and . _ / + @ - (it is used in remote "
           "shell commands)";
  }
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return "a remote path may not contain '..'";
    start = end + 1;
  }
  return {};
}

std::string check_user(std::string_view user) {
  if (user.empty()) return "empty user name";
  if (user.size() > 32) return "user name longer than 32 characters";
  const char first = user.front();
  if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_')) {
    return "a user name must start with a letter or '_'";
  }
  if (!all_of(user, [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return "a user name may contain only letters, digits, '.', '_' and '-'";
  }
  return {};
}

std::string check_config_key(std::string_view key) {
  if (key.empty()) return "empty key";
  if (!all_of(key, [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return "a zoo.cfg key may contain only letters, digits, '.', '_' and '-'";
  }
  return {};
}

std::string check_config_value(std::string_view value) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return "value contains a line break or NUL, which would inject lines into zoo.cfg";
  }
  if (value.find('\\') != std::string_view::npos) {
    return "value contains a backslash, which zoo.cfg (a Java properties file) treats as an "
           "escape";
  }
  return {};
}

}  // namespace zkd
