// Golden-file comparison for printer output (tests/unit/plan/golden/<name>). Run a test with
// ZKD_UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace zkd::test {

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(ZKD_SOURCE_DIR) + "/tests/unit/plan/golden/" + name;
  if (std::getenv("ZKD_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path;
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

}  // namespace zkd::test
