#include "server/net/listener.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace zks {

int open_listener(const std::string& address, int port, int backlog) {
  const std::string where = (address.empty() ? "*" : address) + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  hints.ai_family = address.empty() ? AF_INET6 : AF_UNSPEC;
  addrinfo* res = nullptr;
  const std::string port_text = std::to_string(port);
  if (int rc =
          getaddrinfo(address.empty() ? nullptr : address.c_str(), port_text.c_str(), &hints, &res);
      rc != 0) {
    throw std::runtime_error("cannot listen on " + where + ": " + gai_strerror(rc));
  }
  const int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1, zero = 0;
  if (fd >= 0) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (res->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  }
  if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) < 0 || ::listen(fd, backlog) < 0) {
    const int err = errno;
    freeaddrinfo(res);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot listen on " + where + ": " + std::strerror(err));
  }
  freeaddrinfo(res);
  return fd;
}

}  // namespace zks
