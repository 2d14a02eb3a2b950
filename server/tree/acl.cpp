#include "server/tree/acl.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace zks {
namespace {

// Parses "a.b.c.d" or "a.b.c.d/bits" into address and prefix length.
bool parse_ip(std::string_view text, uint32_t& addr, int& bits) {
  std::string s(text);
  bits = 32;
  if (auto slash = s.find('/'); slash != std::string::npos) {
    try {
      bits = std::stoi(s.substr(slash + 1));
    } catch (...) {
      return false;
    }
    if (bits < 0 || bits > 32) return false;
    s.resize(slash);
  }
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return false;
  addr = ntohl(a.s_addr);
  return true;
}

bool ip_matches(std::string_view pattern, std::string_view client) {
  uint32_t p = 0, c = 0;
  int pbits = 0, cbits = 0;
  if (!parse_ip(pattern, p, pbits) || !parse_ip(client, c, cbits)) return false;
  uint32_t mask = pbits == 0 ? 0 : ~uint32_t(0) << (32 - pbits);
  return (p & mask) == (c & mask);
}

bool id_matches(const Id& acl_id, const Id& held) {
  if (acl_id.scheme != held.scheme) return false;
  if (held.scheme == "ip") return ip_matches(acl_id.id, held.id);
  return acl_id.id == held.id;
}

}  // namespace

std::string digest_id(std::string_view credential) {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(credential.data(), credential.size(), hash, &len, EVP_sha1(), nullptr);
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  EVP_EncodeBlock(b64, hash, static_cast<int>(len));
  std::string_view user = credential.substr(0, credential.find(':'));
  return std::string(user) + ":" + reinterpret_cast<const char*>(b64);
}

bool acl_allows(const AclList& acl, int32_t wanted, const std::vector<Id>& auth) {
  if (acl.empty()) return true;
  for (const auto& held : auth) {
    if (held.scheme == "super") return true;
  }
  for (const auto& a : acl) {
    if ((a.perms & wanted) == 0) continue;
    if (a.id.scheme == "world" && a.id.id == "anyone") return true;
    for (const auto& held : auth) {
      if (id_matches(a.id, held)) return true;
    }
  }
  return false;
}

std::optional<AclList> fixup_acl(const AclList& acl, const std::vector<Id>& auth) {
  if (acl.empty()) return std::nullopt;
  AclList out;
  for (const auto& a : acl) {
    if (a.perms & ~perm::kAll) return std::nullopt;
    const auto& scheme = a.id.scheme;
    if (scheme == "world") {
      if (a.id.id != "anyone") return std::nullopt;
      out.push_back(a);
    } else if (scheme == "auth") {
      size_t before = out.size();
      for (const auto& held : auth) {
        if (held.scheme == "digest" || held.scheme == "super") out.push_back({a.perms, held});
      }
      if (out.size() == before) return std::nullopt;
    } else if (scheme == "digest") {
      if (a.id.id.find(':') == std::string::npos) return std::nullopt;
      out.push_back(a);
    } else if (scheme == "ip") {
      uint32_t addr = 0;
      int bits = 0;
      if (!parse_ip(a.id.id, addr, bits)) return std::nullopt;
      out.push_back(a);
    } else {
      return std::nullopt;
    }
  }
  // Duplicates are dropped, as ZooKeeper does.
  AclList unique;
  for (auto& a : out) {
    if (std::find(unique.begin(), unique.end(), a) == unique.end()) unique.push_back(a);
  }
  return unique;
}

}  // namespace zks
