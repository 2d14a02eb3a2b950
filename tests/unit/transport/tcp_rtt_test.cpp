#include "orchestrator/transport/tcp_rtt.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orchestrator/transport/ssh_session.hpp"

namespace zkd {
namespace {

// A loopback connection's minimum round trip is the handshake's (microseconds), not the
// milliseconds a peer's processing adds to the smoothed RTT: short enough to be paced.
TEST(TcpRtt, ALoopbackConnectionHasAShortMinimumRoundTrip) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);

  const std::optional<uint32_t> rtt = tcp_min_rtt_us(client);
  ASSERT_TRUE(rtt);
  EXPECT_GT(input_pacing_for("SSH-2.0-OpenSSH_9.2p1", rtt), 0u) << *rtt << " us";
  for (int fd : {client, server, listener}) ::close(fd);
}

TEST(TcpRtt, IsUnknownForAnythingButATcpConnection) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  EXPECT_FALSE(tcp_min_rtt_us(pair[0]));
  ::close(pair[0]);
  ::close(pair[1]);
  EXPECT_FALSE(tcp_min_rtt_us(-1));
}

}  // namespace
}  // namespace zkd
