#include "orchestrator/apply/host_lock.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/local_shell/local_shell_transport.hpp"
#include "tests/unit/apply/scripted_transport.hpp"

namespace zkd {
namespace {

RunIdentity me() {
  RunIdentity id;
  id.user = "root";
  id.machine = "deploy1";
  id.pid = 100;
  id.run_id = "20261204T010203Z-abcdef";
  return id;
}

TEST(HostLock, HolderLineRoundTrips) {
  const RunIdentity id = me();
  const auto holder = parse_lock_holder(id.holder());
  ASSERT_TRUE(holder);
  EXPECT_EQ(holder->user, "root");
  EXPECT_EQ(holder->machine, "deploy1");
  EXPECT_EQ(holder->pid, 100);
  EXPECT_EQ(holder->run_id, id.run_id);
}

TEST(HostLock, RejectsLinesThatAreNotHolders) {
  EXPECT_FALSE(parse_lock_holder(""));
  EXPECT_FALSE(parse_lock_holder("root 100 t r"));
  EXPECT_FALSE(parse_lock_holder("root@m x t r"));
  EXPECT_FALSE(parse_lock_holder("root@m -3 t r"));
  EXPECT_FALSE(parse_lock_holder("root@m 3 t"));
}

TEST(HostLock, DeadProcessOnThisMachineIsStale) {
  const std::string text =
      lock_refusal("ops@deploy1 4242 2026-12-04T00:00:00Z r1", "zk1",
                   "/opt/zkdeploy/east/.zkdeploy/lock", me(), [](long) { return false; });
  EXPECT_NE(text.find("held by ops@deploy1 4242"), std::string::npos) << text;
  EXPECT_NE(text.find("stale"), std::string::npos) << text;
  EXPECT_NE(text.find("rm '/opt/zkdeploy/east/.zkdeploy/lock'"), std::string::npos) << text;
}

TEST(HostLock, LiveOrForeignHolderIsAnotherApply) {
  for (const auto& [line, alive] :
       {std::pair{"ops@deploy1 4242 t r1", true}, std::pair{"ops@elsewhere 4242 t r1", false}}) {
    const bool live = alive;  // clang 14 cannot capture a structured binding
    const std::string text = lock_refusal(line, "zk1", "/l", me(), [live](long) { return live; });
    EXPECT_EQ(text.find("stale"), std::string::npos) << text;
    EXPECT_NE(text.find("another apply is running"), std::string::npos) << text;
  }
}

TEST(HostLock, AcquireReportsTheHolderWhenTaken) {
  test::ScriptedTransport t;
  EXPECT_FALSE(acquire_lock(t, "/opt/zkdeploy/east", "me"));
  ASSERT_EQ(t.commands.size(), 1u);
  EXPECT_EQ(t.commands[0].back(), "me");
  t.results.push_back({75, "", "bob@x 1 t r\n", ""});
  EXPECT_EQ(acquire_lock(t, "/opt/zkdeploy/east", "me"), "bob@x 1 t r");
  t.results.push_back({70, "", "", "mkdir: permission denied"});
  EXPECT_THROW(acquire_lock(t, "/opt/zkdeploy/east", "me"), TransportError);
}

// The lock's scripts on a real shell: one holder at a time, and only the holder removes it.
TEST(HostLock, OneHolderAtATimeOnARealShell) {
  test::ScratchDir scratch;
  test::LocalShellTransport shell;
  const std::string root = (scratch.path() / "east $(touch INJECTED)").string();
  EXPECT_FALSE(acquire_lock(shell, root, "ops@a 1 t r1"));
  EXPECT_EQ(test::local_bytes(lock_path(root)), "ops@a 1 t r1\n");
  EXPECT_EQ(acquire_lock(shell, root, "ops@b 2 t r2"), "ops@a 1 t r1");
  release_lock(shell, root, "ops@b 2 t r2");  // not its lock: stays
  EXPECT_EQ(acquire_lock(shell, root, "ops@b 2 t r2"), "ops@a 1 t r1");
  release_lock(shell, root, "ops@a 1 t r1");
  EXPECT_FALSE(std::filesystem::exists(lock_path(root)));
  EXPECT_FALSE(acquire_lock(shell, root, "ops@b 2 t r2"));
  test::put_local(lock_path(root), "");
  EXPECT_EQ(acquire_lock(shell, root, "ops@c 3 t r3"), "(an empty lock file)");
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "INJECTED"));
}

}  // namespace
}  // namespace zkd
