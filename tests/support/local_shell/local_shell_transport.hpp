// LocalShellTransport: a Transport for unit tests of the shell scripts zkdeploy runs on hosts.
// It runs a command the way sshd does -- the quoted command line (shell_quote.hpp) handed to
// `/bin/sh -c` -- on this machine, with stdin fed and stdout and stderr collected apart. No
// TCP: tcp_exchange throws. ScratchDir and local_bytes() set up and read what a script works
// on.
#pragma once

#include <filesystem>
#include <string>

#include "orchestrator/transport/transport.hpp"

namespace zkd::test {

class LocalShellTransport : public Transport {
 public:
  std::string host_label() const override { return "local (sh)"; }
  ExecResult exec(const ExecRequest& request) override;
  std::string tcp_exchange(const std::string&, uint16_t, std::string_view,
                           std::chrono::milliseconds) override {
    throw TransportError("no TCP in the local shell transport");
  }
};

// A fresh directory under /tmp, removed with everything in it when this goes.
class ScratchDir {
 public:
  ScratchDir();  // throws std::runtime_error when it cannot be made
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The bytes of a file on this machine; "" when it cannot be read.
std::string local_bytes(const std::filesystem::path& path);
// Creates or truncates a file on this machine with exactly `bytes`.
void put_local(const std::filesystem::path& path, const std::string& bytes);

}  // namespace zkd::test
