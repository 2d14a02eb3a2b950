#include "orchestrator/transport/tcp_rtt.hpp"

// The kernel's struct tcp_info (glibc's <netinet/tcp.h> lacks tcpi_min_rtt); this file must
// not include <netinet/tcp.h>, which defines the same names.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>

namespace zkd {

std::optional<uint32_t> tcp_min_rtt_us(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return std::nullopt;
  // An older kernel fills less of the struct: without the field there is no answer.
  if (len < offsetof(tcp_info, tcpi_min_rtt) + sizeof info.tcpi_min_rtt) return std::nullopt;
  if (info.tcpi_min_rtt == ~0U) return std::nullopt;  // no sample yet
  return info.tcpi_min_rtt;
}

}  // namespace zkd
