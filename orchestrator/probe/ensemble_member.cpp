#include "orchestrator/probe/ensemble_member.hpp"

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

std::string_view member_role_name(MemberRole role) {
  return role == MemberRole::observer ? "observer" : "participant";
}

namespace {

std::optional<int> parse_port(std::string_view text) {
  auto port = parse_int(text);
  if (!port || *port < 1 || *port > 65535) return std::nullopt;
  return static_cast<int>(*port);
}

// Splits `text` at ':' outside an IPv6 "[...]" address.
std::vector<std::string_view> split_colons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  bool bracketed = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') bracketed = true;
    if (text[i] == ']') bracketed = false;
    if (text[i] == ':' && !bracketed) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

std::optional<EnsembleMember> parse_server_entry(std::string_view key, std::string_view value) {
  key = trim(key);
  if (!key.starts_with("server.")) return std::nullopt;
  auto myid = parse_int(key.substr(7));
  if (!myid || *myid < 0) return std::nullopt;

  EnsembleMember member;
  member.myid = *myid;
  value = trim(value);
  if (size_t semi = value.find(';'); semi != std::string_view::npos) {
    member.client_address = std::string(trim(value.substr(semi + 1)));
    value = value.substr(0, semi);
  }
  auto parts = split_colons(value);
  if (parts.size() < 3 || parts.size() > 4) return std::nullopt;
  std::string_view address = parts[0];
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  auto quorum_port = parse_port(parts[1]);
  auto election_port = parse_port(parts[2]);
  if (address.empty() || !quorum_port || !election_port) return std::nullopt;
  member.address = std::string(address);
  member.quorum_port = *quorum_port;
  member.election_port = *election_port;
  if (parts.size() == 4) {
    if (parts[3] == "observer") {
      member.role = MemberRole::observer;
    } else if (parts[3] != "participant") {
      return std::nullopt;
    }
  }
  return member;
}

std::vector<EnsembleMember> parse_server_lines(std::string_view text) {
  std::vector<EnsembleMember> members;
  for (std::string_view line : split_lines(text)) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    if (auto member = parse_server_entry(line.substr(0, eq), line.substr(eq + 1))) {
      members.push_back(std::move(*member));
    }
  }
  return members;
}

}  // namespace zkd
