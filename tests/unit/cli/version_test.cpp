#include "orchestrator/version.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

TEST(Version, IsSemantic) {
  const std::string v(zkd::version());
  EXPECT_EQ(std::count(v.begin(), v.end(), '.'), 2) << v;
}
