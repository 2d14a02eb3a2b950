#include "orchestrator/transport/ssh_target.hpp"

#include <gtest/gtest.h>

namespace zkd {
namespace {

TEST(SshTarget, HostKeyPolicyParsesBothSpellingsAndRejectsOthers) {
  EXPECT_EQ(parse_host_key_policy("strict"), HostKeyPolicy::strict);
  EXPECT_EQ(parse_host_key_policy("accept-new"), HostKeyPolicy::accept_new);
  try {
    parse_host_key_policy("yes");
    FAIL() << "accepted 'yes'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'yes'"), std::string::npos);
  }
}

TEST(SshTarget, LabelNamesHostAndEndpoint) {
  SshTarget t;
  t.name = "zk1";
  t.address = "10.0.0.1";
  t.port = 2222;
  EXPECT_EQ(t.label(), "zk1 (root@10.0.0.1:2222)");
  t.name.clear();
  EXPECT_EQ(t.label(), "root@10.0.0.1:2222");
}

}  // namespace
}  // namespace zkd
