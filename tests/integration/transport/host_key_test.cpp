// Host key verification against real sshd host keys.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/harness/test_hosts.hpp"
#include "tests/integration/transport/connect_error.hpp"

namespace zkd {
namespace {

using testing::TestHosts;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// The known_hosts lines, one per host.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// "SHA256:..." of a known_hosts line's key, as ssh-keygen computes it.
std::string fingerprint_of_line(const std::string& line, const std::string& dir) {
  spit(dir + "/one_key", line + "\n");
  FILE* p = ::popen(("ssh-keygen -l -f '" + dir + "/one_key'").c_str(), "r");
  char buf[512] = {};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  std::istringstream f(std::string(buf, n));
  std::string bits, fp;
  f >> bits >> fp;
  return fp;
}

TEST(HostKeys, MismatchIsRefusedNamingHostAndBothFingerprints) {
  TestHosts hosts(2);
  const auto known = lines(slurp(hosts.known_hosts()));
  // h1's entry carries h2's key: as if h1 had been replaced by an impostor.
  const std::string h1_name = known[0].substr(0, known[0].find(' '));
  const std::string h2_key = known[1].substr(known[1].find(' '));
  spit(hosts.known_hosts(), h1_name + h2_key + "\n" + known[1] + "\n");

  const std::string err = connect_error(hosts.target(0));
  EXPECT_NE(err.find("HOST KEY MISMATCH"), std::string::npos) << err;
  EXPECT_NE(err.find("[" + hosts[0].address + "]:2222"), std::string::npos) << err;
  EXPECT_NE(err.find(fingerprint_of_line(known[1], hosts.dir())), std::string::npos)
      << "recorded key: " << err;
  EXPECT_NE(err.find(fingerprint_of_line(known[0], hosts.dir())), std::string::npos)
      << "presented key: " << err;
  auto accept_new = hosts.target(0);
  accept_new.unknown_host_key = UnknownHostKey::accept_new;
  EXPECT_NE(connect_error(accept_new).find("HOST KEY MISMATCH"), std::string::npos);
}

TEST(HostKeys, UnknownHostIsRefusedUnderStrict) {
  TestHosts hosts(1);
  spit(hosts.known_hosts(), "");
  const std::string err = connect_error(hosts.target(0));
  EXPECT_NE(err.find("is not in " + hosts.known_hosts()), std::string::npos) << err;
  EXPECT_NE(err.find("accept-new"), std::string::npos) << err;
  EXPECT_EQ(slurp(hosts.known_hosts()), "") << "strict must not record keys";
}

TEST(HostKeys, AcceptNewRecordsTheKeyWhichStrictThenAccepts) {
  TestHosts hosts(1);
  const std::string original = slurp(hosts.known_hosts());
  std::remove(hosts.known_hosts().c_str());
  auto target = hosts.target(0);
  target.unknown_host_key = UnknownHostKey::accept_new;
  EXPECT_EQ(connect_error(target), "");
  EXPECT_EQ(slurp(hosts.known_hosts()), original);
  EXPECT_EQ(connect_error(hosts.target(0)), "");
}

TEST(HostKeys, HashedKnownHostsMatch) {
  TestHosts hosts(1);
  ASSERT_EQ(
      std::system(("ssh-keygen -q -H -f '" + hosts.known_hosts() + "' >/dev/null 2>&1").c_str()),
      0);
  ASSERT_EQ(slurp(hosts.known_hosts()).find(hosts[0].address), std::string::npos);
  EXPECT_EQ(connect_error(hosts.target(0)), "");
}

}  // namespace
}  // namespace zkd
