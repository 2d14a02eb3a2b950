// Atomic writes over real SSH (the hosts' directories are visible locally, where the results
// are checked): content and mode, rewrites, hostile names, and an upload cut off midway.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "orchestrator/transport/remote_files.hpp"
#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/harness/test_hosts.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;
using testing::TestHosts;

std::string local(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string pattern(size_t size, unsigned seed) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 2654435761u + seed) >> 13);
  return s;
}

// Names of the files in dir (the host's directory is visible locally).
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

unsigned mode_of(const std::string& path) {
  return static_cast<unsigned>(fs::status(path).permissions()) & 07777u;
}

TEST(RemoteFiles, WriteLeavesExactlyTheBytesAndMode) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  const std::string root = hosts[0].install_root;
  const std::string content = pattern(1 << 20, 1);
  write_file_atomic(t, root + "/blob", content, {.mode = 0640, .on_progress = {}});
  EXPECT_EQ(local(root + "/blob"), content);
  EXPECT_EQ(mode_of(root + "/blob"), 0640u);
  EXPECT_EQ(entries(root), std::vector<std::string>{"blob"}) << "temporary file left behind";
  EXPECT_THROW(write_file_atomic(t, root + "/missing/blob", "x"), TransportError);
}

TEST(RemoteFiles, RewriteReplacesContentAndModeAndEmptyFilesWork) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  const std::string path = hosts[0].install_root + "/zoo.cfg";
  write_file_atomic(t, path, "tickTime=2000\n");
  write_file_atomic(t, path, "tickTime=3000\n", {.mode = 0600, .on_progress = {}});
  EXPECT_EQ(local(path), "tickTime=3000\n");
  EXPECT_EQ(mode_of(path), 0600u);
  write_file_atomic(t, path, "");
  EXPECT_EQ(fs::file_size(path), 0u);
}

TEST(RemoteFiles, HostilePathNamesAreFilesNotCommands) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  const std::string name = "it's; $(touch pwned) `id`\n\xff.cfg";
  const std::string path = hosts[0].install_root + "/" + name;
  write_file_atomic(t, path, "x");
  EXPECT_EQ(local(path), "x");
  EXPECT_EQ(entries(hosts[0].install_root), std::vector<std::string>{name});
}

TEST(RemoteFiles, UploadCutOffMidwayLeavesTheOldFileIntact) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  const std::string root = hosts[0].install_root;
  const std::string path = root + "/zkserver";
  write_file_atomic(t, path, "old release", {.mode = 0755, .on_progress = {}});

  bool cut = false;
  WriteOptions options;
  options.on_progress = [&](uint64_t sent) {
    if (!cut && sent >= (4u << 20)) {
      cut = true;
      hosts.kill_sessions(0);  // the connection dies mid-upload
    }
  };
  EXPECT_THROW(write_file_atomic(t, path, pattern(20 << 20, 2), options), TransportError);
  ASSERT_TRUE(cut);
  EXPECT_EQ(local(path), "old release");
  EXPECT_EQ(mode_of(path), 0755u);
  write_file_atomic(t, path, "new release", {.mode = 0755, .on_progress = {}});
  EXPECT_EQ(local(path), "new release") << "the transport reconnects after the cut";
}

}  // namespace
}  // namespace zkd
