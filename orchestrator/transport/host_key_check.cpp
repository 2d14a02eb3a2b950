#include "orchestrator/transport/host_key_check.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <memory>
#include <mutex>

#include "orchestrator/transport/transport.hpp"

namespace zkd {
namespace {

std::string base64(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(n);
  return out;
}

std::string unbase64(const std::string& text) {
  std::string out(3 * (text.size() / 4) + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t pad = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

// The key type name at the start of an SSH public key blob ("ssh-ed25519", ...).
std::string key_type_name(const std::string& blob) {
  if (blob.size() < 4) return "unknown";
  uint32_t len = (uint8_t(blob[0]) << 24) | (uint8_t(blob[1]) << 16) | (uint8_t(blob[2]) << 8) |
                 uint8_t(blob[3]);
  if (len > blob.size() - 4) return "unknown";
  return blob.substr(4, len);
}

int known_host_key_bits(int hostkey_type) {
  switch (hostkey_type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
      return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case LIBSSH2_HOSTKEY_TYPE_DSS:
      return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
      return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default:
      return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
  }
}

std::string known_hosts_name(const SshTarget& t) {
  return t.port == 22 ? t.address : "[" + t.address + "]:" + std::to_string(t.port);
}

// Serialises appends by parallel connections in this process; O_APPEND keeps whole lines.
std::mutex append_mutex;

void append_known_host(const SshTarget& t, const std::string& blob) {
  const std::string line =
      known_hosts_name(t) + " " + key_type_name(blob) + " " + base64(blob) + "\n";
  std::lock_guard lock(append_mutex);
  int fd = ::open(t.known_hosts.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  if (fd >= 0) {
    ok = ::fsync(fd) == 0 && ok;
    ::close(fd);
  }
  if (!ok) {
    throw TransportError(t.label() + ": cannot record the host key in " + t.known_hosts);
  }
}

}  // namespace

std::string sha256_fingerprint(const std::string& key_blob) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(key_blob.data(), key_blob.size(), digest, &len, EVP_sha256(), nullptr);
  std::string b64 = base64(std::string(reinterpret_cast<char*>(digest), len));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

void verify_host_key(LIBSSH2_SESSION* session, const SshTarget& target) {
  size_t len = 0;
  int type = 0;
  const char* key = libssh2_session_hostkey(session, &len, &type);
  if (key == nullptr) throw TransportError(target.label() + ": the host sent no host key");
  const std::string blob(key, len);
  const std::string presented = sha256_fingerprint(blob);
  if (target.known_hosts.empty()) {
    throw TransportError(target.label() + ": no known_hosts file configured; refusing to trust " +
                         key_type_name(blob) + " key " + presented);
  }

  std::unique_ptr<LIBSSH2_KNOWNHOSTS, decltype(&libssh2_knownhost_free)> hosts(
      libssh2_knownhost_init(session), &libssh2_knownhost_free);
  if (!hosts) throw TransportError(target.label() + ": cannot allocate known_hosts");
  const bool file_exists = ::access(target.known_hosts.c_str(), F_OK) == 0;
  if (file_exists && libssh2_knownhost_readfile(hosts.get(), target.known_hosts.c_str(),
                                                LIBSSH2_KNOWNHOST_FILE_OPENSSH) < 0) {
    throw TransportError(target.label() + ": cannot read known_hosts file " + target.known_hosts);
  }
  libssh2_knownhost* found = nullptr;
  const int rc = libssh2_knownhost_checkp(
      hosts.get(), target.address.c_str(), target.port, key, len,
      LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | known_host_key_bits(type),
      &found);
  switch (rc) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
      return;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: {
      const std::string recorded =
          found && found->key ? sha256_fingerprint(unbase64(found->key)) : "(unreadable)";
      throw TransportError(target.label() + ": HOST KEY MISMATCH for " + known_hosts_name(target) +
                           ": " + target.known_hosts + " has " + recorded +
                           ", the host presented " + key_type_name(blob) + " " + presented +
                           ". Refusing to connect (the host was reinstalled, or someone is "
                           "intercepting the connection).");
    }
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
      if (target.unknown_host_key == UnknownHostKey::accept_new) {
        append_known_host(target, blob);
        return;
      }
      throw TransportError(target.label() + ": host " + known_hosts_name(target) + " is not in " +
                           target.known_hosts + " (it presented " + key_type_name(blob) + " " +
                           presented + "); add its key, or set host_key_policy: accept-new");
    default:
      throw TransportError(target.label() + ": cannot check the host key against " +
                           target.known_hosts);
  }
}

}  // namespace zkd
