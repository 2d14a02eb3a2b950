// Verbatim admin-word replies captured from Apache ZooKeeper 3.8 (tests/unit/probe/fixtures).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace zkd::test {

inline std::string fixture(const std::string& name) {
  const std::string path = std::string(ZKD_SOURCE_DIR) + "/tests/unit/probe/fixtures/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace zkd::test
