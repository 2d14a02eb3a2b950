// The gather script itself, run by the local `sh` on a scratch cluster root that holds every
// awkward case at once: file bytes of any kind, a missing and a large file, a path with
// quotes and spaces, odd release names, a live pid and a held lock. Its output must parse
// back into exactly what is on disk, and the script must leave the directory as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "orchestrator/gather/host_report.hpp"
#include "orchestrator/util/sha256.hpp"
#include "tests/support/local_shell/local_shell_transport.hpp"

namespace zkd {
namespace {
namespace fs = std::filesystem;

// The script's output, run the way sshd runs it; fails the test on a non-zero exit.
std::string run(const std::vector<std::string>& argv) {
  test::LocalShellTransport shell;
  ExecRequest request;
  request.argv = argv;
  const ExecResult result = shell.exec(request);
  EXPECT_TRUE(result.ok()) << result.err;
  return result.out;
}

std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(root)) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(GatherScript, ReportsWhatIsOnDiskAndChangesNothing) {
  const test::ScratchDir scratch;
  const fs::path root = scratch.path() / "it's a \"root\" $(x)";
  for (const char* dir : {"conf", "data", "run", "releases/0a1b2c3d4e5f", "releases/new\nline",
                          "releases/sp ace", ".zkdeploy"}) {
    fs::create_directories(root / dir);
  }
  const std::string odd("tick=1\n\0\xff end\r\nfile 9 -\nend\n", 26);
  test::put_local(root / "conf/zoo.cfg", odd);
  fs::permissions(root / "conf/zoo.cfg", fs::perms(0600));
  test::put_local(root / "data/myid", "");
  const std::string big(kMaxGatheredBytes + 1, 'z');
  test::put_local(root / "data/big", big);
  test::put_local(root / "run/zkserver.pid", std::to_string(::getpid()) + "\n");
  test::put_local(root / ".zkdeploy/lock", "apply by ops@deploy 17\n");
  fs::create_symlink("releases/0a1b2c3d4e5f", root / "current");
  const std::vector<std::string> paths = {
      (root / "conf/zoo.cfg").string(), (root / "missing").string(), (root / "data/myid").string(),
      (root / "data/big").string()};
  const auto before = listing(root);

  const HostReport r = parse_host_report(run(gather_argv(root.string(), "", paths)), paths.size());

  EXPECT_EQ(listing(root), before);
  EXPECT_EQ(r.files[0].content, odd);
  EXPECT_EQ(r.files[0].mode, 0600u);
  EXPECT_FALSE(r.files[1].exists);
  EXPECT_EQ(r.files[2].content, "");
  EXPECT_FALSE(r.files[3].content);
  EXPECT_EQ(r.files[3].size, big.size());
  EXPECT_EQ(r.files[3].sha256, sha256_hex(big));
  EXPECT_EQ(r.current_target, "0a1b2c3d4e5f");  // the directory the link resolves to
  auto releases = r.releases;
  std::sort(releases.begin(), releases.end());
  EXPECT_EQ(releases, (std::vector<std::string>{"0a1b2c3d4e5f", "new\nline", "sp ace"}));
  EXPECT_EQ(r.pid, ::getpid());
  EXPECT_TRUE(r.pid_alive);
  EXPECT_TRUE(r.free_bytes);
  EXPECT_EQ(r.lock_holder, "apply by ops@deploy 17\n");
}

// A `current` that resolves to no directory is reported by its text, so the plan sees that
// it names a release that is not there.
TEST(GatherScript, ReportsADanglingCurrentLinkByItsText) {
  const test::ScratchDir scratch;
  const fs::path root = scratch.path() / "c1";
  fs::create_directories(root / "releases/0a1b2c3d4e5f");
  fs::create_symlink("releases/gone", root / "current");
  const std::string out = run(gather_argv(root.string(), "", {(root / "zoo.cfg").string()}));
  const HostReport r = parse_host_report(out, 1);
  EXPECT_EQ(r.current_target, "releases/gone");
  EXPECT_EQ(release_of_link(*r.current_target), "gone");
  EXPECT_EQ(r.releases, std::vector<std::string>{"0a1b2c3d4e5f"});
}

// Free disk matters only for an upload: it is asked (stat -f) only when the desired
// release is not on the host.
TEST(GatherScript, ReportsFreeDiskOnlyWhenTheDesiredReleaseIsMissing) {
  const test::ScratchDir scratch;
  const fs::path root = scratch.path() / "c1";
  fs::create_directories(root / "releases/0a1b2c3d4e5f");
  const auto free_of = [&](const std::string& release) {
    return parse_host_report(run(gather_argv(root.string(), release, {})), 0).free_bytes;
  };
  EXPECT_FALSE(free_of("0a1b2c3d4e5f"));
  EXPECT_TRUE(free_of("ffffffffffff"));
  EXPECT_TRUE(free_of(""));
}

TEST(GatherScript, ReportsAHostWithNothingInstalled) {
  const HostReport r =
      parse_host_report(run(gather_argv("/nonexistent/zkd/c1", "", {"/nonexistent/zkd/c1/x"})), 1);
  EXPECT_FALSE(r.files[0].exists);
  EXPECT_FALSE(r.current_target);
  EXPECT_TRUE(r.releases.empty());
  EXPECT_FALSE(r.pid);
  EXPECT_TRUE(r.free_bytes);
  EXPECT_FALSE(r.lock_holder);
}

}  // namespace
}  // namespace zkd
