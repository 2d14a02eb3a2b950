#include <gtest/gtest.h>

#include "orchestrator/transport/ssh_session.hpp"

namespace zkd {
namespace {

constexpr const char* kDebianSshd = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10";

// Only a server whose window-adjust rule is known (OpenSSH: once three packets are
// unacknowledged) has a command's input paced; any other gets the whole window, since a cap
// it never returns credit for would stall the command until its timeout.
TEST(InputPacing, OnlyOpenSshServersArePaced) {
  EXPECT_EQ(input_pacing_for(kDebianSshd, 50), 256u * 1024);
  EXPECT_EQ(input_pacing_for("SSH-2.0-OpenSSH_for_Windows_8.1", 50), 256u * 1024);
  EXPECT_GT(input_pacing_for(kDebianSshd, 50), 3u * 32 * 1024);
  EXPECT_EQ(input_pacing_for("SSH-2.0-dropbear_2022.83", 50), 0u);
  EXPECT_EQ(input_pacing_for("SSH-2.0-libssh_0.10.4", 50), 0u);
  EXPECT_EQ(input_pacing_for("SSH-1.99-OpenSSH_3.9", 50), 0u);
  EXPECT_EQ(input_pacing_for("", 50), 0u);
  EXPECT_EQ(input_pacing_for(nullptr, 50), 0u);
}

// The cap bounds the rate to cap / round trip: a connection too slow to carry 100 MB/s with
// it, or one whose round trip is unknown (a jump host's tunnel), is not paced.
TEST(InputPacing, OnlyConnectionsWithAShortRoundTripArePaced) {
  EXPECT_EQ(input_pacing_for(kDebianSshd, 0), 256u * 1024);
  EXPECT_EQ(input_pacing_for(kDebianSshd, 2'000), 256u * 1024);  // a LAN
  EXPECT_EQ(input_pacing_for(kDebianSshd, 2'621), 256u * 1024);  // 100 MB/s exactly
  EXPECT_EQ(input_pacing_for(kDebianSshd, 2'622), 0u);
  EXPECT_EQ(input_pacing_for(kDebianSshd, 80'000), 0u);  // across a continent
  EXPECT_EQ(input_pacing_for(kDebianSshd, std::nullopt), 0u);
}

}  // namespace
}  // namespace zkd
