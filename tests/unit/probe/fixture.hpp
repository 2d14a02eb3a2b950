// Verbatim admin-word replies of Apache ZooKeeper 3.8.0 (tests/unit/probe/fixtures): leader-*,
// follower-* from a 3-node ensemble, no-quorum-* from a lone node of an ensemble, standalone-*
// from a 1-server configuration, whitelist-refusal.txt from a word outside the whitelist.
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
