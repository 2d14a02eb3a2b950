#include <gtest/gtest.h>

#include "orchestrator/transport/ssh_session.hpp"

namespace zkd {
namespace {

// Only a server whose window-adjust rule is known (OpenSSH: once three packets are
// unacknowledged) has a command's input paced; any other gets the whole window, since a cap
// it never returns credit for would stall the command until its timeout.
TEST(InputPacing, OnlyOpenSshServersArePaced) {
  EXPECT_EQ(input_pacing_for("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"), 256u * 1024);
  EXPECT_EQ(input_pacing_for("SSH-2.0-OpenSSH_for_Windows_8.1"), 256u * 1024);
  EXPECT_GT(input_pacing_for("SSH-2.0-OpenSSH_9.2p1"), 3u * 32 * 1024);
  EXPECT_EQ(input_pacing_for("SSH-2.0-dropbear_2022.83"), 0u);
  EXPECT_EQ(input_pacing_for("SSH-2.0-libssh_0.10.4"), 0u);
  EXPECT_EQ(input_pacing_for("SSH-1.99-OpenSSH_3.9"), 0u);
  EXPECT_EQ(input_pacing_for(""), 0u);
  EXPECT_EQ(input_pacing_for(nullptr), 0u);
}

}  // namespace
}  // namespace zkd
