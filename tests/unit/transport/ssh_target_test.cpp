#include "orchestrator/transport/ssh_target.hpp"

#include <gtest/gtest.h>

namespace zkd {
namespace {

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
