#include "tests/harness/address_block.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace zkd::testing {

namespace {
const char* kLockDir = "/tmp/zkdeploy-test-blocks";
}  // namespace

bool address_free(const std::string& address, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  ::close(fd);
  return ok;
}

ClaimedBlock claim_loopback_block(int first, int last,
                                  const std::function<void(const std::string&)>& on_claim,
                                  const std::function<bool(const std::string&)>& usable) {
  std::filesystem::create_directories(kLockDir);
  for (int x = first; x <= last; ++x) {
    const std::string block = "127.0." + std::to_string(x);
    const int fd = ::open((std::string(kLockDir) + "/" + block + ".lock").c_str(),
                          O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      continue;
    }
    on_claim(block);  // the lock is ours: whatever a crashed earlier holder left goes now
    if (usable(block)) return {block, fd};
    ::close(fd);
  }
  throw std::runtime_error("no free loopback block in 127.0." + std::to_string(first) +
                           ".0-127.0." + std::to_string(last) + ".255");
}

}  // namespace zkd::testing
