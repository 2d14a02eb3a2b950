#include "orchestrator/transport/ssh_auth.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "orchestrator/transport/transport.hpp"

namespace zkd {
namespace {

constexpr const char* kRsaNote =
    " This is an RSA key: libssh2 1.10 lacks the rsa-sha2-256/rsa-sha2-512 signature "
    "algorithms and signs only with ssh-rsa (SHA-1), which OpenSSH 8.8 and later refuse by "
    "default. Use an ed25519 or ecdsa key, or allow ssh-rsa on the host "
    "(PubkeyAcceptedAlgorithms +ssh-rsa).";

std::string last_error(LIBSSH2_SESSION* session) {
  char* msg = nullptr;
  libssh2_session_last_error(session, &msg, nullptr, 0);
  return msg ? msg : "unknown error";
}

// Reads an SSH string (uint32 length + bytes) at pos; "" and pos = npos on a short buffer.
std::string read_ssh_string(const std::string& buf, size_t& pos) {
  if (pos == std::string::npos || pos + 4 > buf.size()) {
    pos = std::string::npos;
    return {};
  }
  uint32_t len = (uint8_t(buf[pos]) << 24) | (uint8_t(buf[pos + 1]) << 16) |
                 (uint8_t(buf[pos + 2]) << 8) | uint8_t(buf[pos + 3]);
  pos += 4;
  if (len > buf.size() - pos) {
    pos = std::string::npos;
    return {};
  }
  std::string s = buf.substr(pos, len);
  pos += len;
  return s;
}

void auth_with_key_file(LIBSSH2_SESSION* session, const SshTarget& target, const SshRetry& retry) {
  const char* passphrase = nullptr;
  if (!target.passphrase_env.empty()) {
    passphrase = std::getenv(target.passphrase_env.c_str());
    if (passphrase == nullptr) {
      throw TransportError(target.label() + ": environment variable " + target.passphrase_env +
                           " (passphrase for " + target.identity_file + ") is not set");
    }
  }
  const int rc = retry([&] {
    return libssh2_userauth_publickey_fromfile_ex(
        session, target.user.c_str(), static_cast<unsigned>(target.user.size()), nullptr,
        target.identity_file.c_str(), passphrase);
  });
  if (rc == 0) return;
  const std::string type = private_key_type(target.identity_file);
  std::string why;
  if (rc == LIBSSH2_ERROR_FILE) {
    why = "cannot use key file " + target.identity_file +
          (passphrase ? " (unreadable, or wrong passphrase)"
                      : " (unreadable, or encrypted: set ssh.passphrase_env)");
  } else {
    why = "the host refused key " + target.identity_file + " for user " + target.user + " (" +
          last_error(session) + ")";
  }
  throw TransportError(target.label() + ": authentication failed: " + why + "." +
                       (type == "ssh-rsa" ? kRsaNote : ""));
}

void auth_with_agent(LIBSSH2_SESSION* session, const SshTarget& target, const SshRetry& retry) {
  if (std::getenv("SSH_AUTH_SOCK") == nullptr) {
    throw TransportError(target.label() +
                         ": authentication failed: no identity_file configured and no "
                         "ssh-agent (SSH_AUTH_SOCK is not set)");
  }
  std::unique_ptr<LIBSSH2_AGENT, decltype(&libssh2_agent_free)> agent(libssh2_agent_init(session),
                                                                      &libssh2_agent_free);
  if (!agent || libssh2_agent_connect(agent.get()) != 0 ||
      libssh2_agent_list_identities(agent.get()) != 0) {
    throw TransportError(target.label() +
                         ": authentication failed: cannot use ssh-agent: " + last_error(session));
  }
  libssh2_agent_publickey* identity = nullptr;
  libssh2_agent_publickey* previous = nullptr;
  bool tried_rsa = false;
  int tried = 0;
  while (libssh2_agent_get_identity(agent.get(), &identity, previous) == 0) {
    previous = identity;
    ++tried;
    size_t pos = 0;
    const std::string blob(reinterpret_cast<const char*>(identity->blob), identity->blob_len);
    if (read_ssh_string(blob, pos) == "ssh-rsa") tried_rsa = true;
    const int rc =
        retry([&] { return libssh2_agent_userauth(agent.get(), target.user.c_str(), identity); });
    if (rc == 0) {
      libssh2_agent_disconnect(agent.get());
      return;
    }
  }
  libssh2_agent_disconnect(agent.get());
  throw TransportError(target.label() + ": authentication failed: the host refused all " +
                       std::to_string(tried) + " ssh-agent key(s) for user " + target.user + "." +
                       (tried_rsa ? kRsaNote : ""));
}

}  // namespace

std::string private_key_type(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  if (text.find("BEGIN RSA PRIVATE KEY") != std::string::npos) return "ssh-rsa";
  if (text.find("BEGIN EC PRIVATE KEY") != std::string::npos) return "ecdsa";
  const std::string begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  const auto b = text.find(begin);
  const auto e = text.find("-----END OPENSSH PRIVATE KEY-----");
  if (b == std::string::npos || e == std::string::npos || e < b) return {};
  std::string body;
  for (char c : text.substr(b + begin.size(), e - b - begin.size())) {
    if (!std::isspace(static_cast<unsigned char>(c))) body += c;
  }
  std::string raw(3 * (body.size() / 4) + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw.data()),
                                reinterpret_cast<const unsigned char*>(body.data()),
                                static_cast<int>(body.size()));
  if (n < 0) return {};
  raw.resize(n);
  // openssh-key-v1\0, cipher, kdf, kdf options, key count, then the first public key.
  const std::string magic("openssh-key-v1\0", 15);
  if (raw.compare(0, magic.size(), magic) != 0) return {};
  size_t pos = magic.size();
  read_ssh_string(raw, pos);
  read_ssh_string(raw, pos);
  read_ssh_string(raw, pos);
  if (pos == std::string::npos || pos + 4 > raw.size()) return {};
  pos += 4;
  const std::string pub = read_ssh_string(raw, pos);
  size_t p = 0;
  return read_ssh_string(pub, p);
}

void authenticate(LIBSSH2_SESSION* session, const SshTarget& target, const SshRetry& retry) {
  if (!target.identity_file.empty()) {
    auth_with_key_file(session, target, retry);
  } else {
    auth_with_agent(session, target, retry);
  }
}

}  // namespace zkd
