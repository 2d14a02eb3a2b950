// The network latency of a TCP connection as the kernel has measured it.
#pragma once

#include <cstdint>
#include <optional>

namespace zkd {

// The smallest round-trip time (microseconds) the kernel has seen on the connection `fd`:
// the path's own latency. The smoothed RTT is no measure of it on request/response traffic
// such as SSH, where the peer's processing time before it answers (and acknowledges)
// inflates every sample to milliseconds even on loopback. nullopt when `fd` is not a TCP
// socket (the local end of a jump host's tunnel) or the kernel does not say.
std::optional<uint32_t> tcp_min_rtt_us(int fd);

}  // namespace zkd
