// The switch command (node_switch.hpp) run by a real shell on this machine: the `current`
// link and the staged files go live together, and a rollback puts both back.
#include "orchestrator/apply/node_switch.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/local_shell/local_shell_transport.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;

class NodeSwitch : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch_.path();
    host_.cluster = "c'1 $(touch INJECTED)";
    host_.install_root = root_.string();
    fs::create_directories(host_.conf_dir());
    fs::create_directories(host_.releases_dir() + "/r1");
    fs::create_directories(host_.releases_dir() + "/r 2");
    fs::create_symlink("releases/r1", host_.current_link());
    std::ofstream(host_.zoo_cfg_path()) << "old\n";
    std::ofstream(host_.zoo_cfg_path() + ".next") << "new\n";
    std::ofstream(host_.conf_dir() + "/extra.next") << "extra\n";
    plan_.release = ReleaseChange{};
    plan_.release->from = "r1";
    plan_.release->to = "r 2";
    for (const std::string& path : {host_.zoo_cfg_path(), host_.conf_dir() + "/extra"}) {
      FileChange change;
      change.path = path;
      plan_.files.push_back(change);
    }
  }

  test::ScratchDir scratch_;
  fs::path root_;
  Host host_;
  HostPlan plan_;
  test::LocalShellTransport shell_;
};

TEST_F(NodeSwitch, ActivatesLinkAndFilesThenRollsBothBack) {
  activate_host(shell_, host_, plan_);
  EXPECT_EQ(fs::read_symlink(host_.current_link()), "releases/r 2");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path()), "new\n");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path() + ".prev"), "old\n");
  EXPECT_FALSE(fs::exists(host_.zoo_cfg_path() + ".next"));
  EXPECT_EQ(test::local_bytes(host_.conf_dir() + "/extra"), "extra\n");
  EXPECT_FALSE(fs::exists(host_.conf_dir() + "/extra.prev"));

  roll_back_host(shell_, host_, plan_);
  EXPECT_EQ(fs::read_symlink(host_.current_link()), "releases/r1");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path()), "old\n");
  EXPECT_FALSE(fs::exists(host_.conf_dir() + "/extra")) << "it did not exist before";
  // Nothing left under a temporary name, nothing injected.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(host_.cluster_root())) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"conf", "current", "releases"}));
  EXPECT_FALSE(fs::exists(root_ / "INJECTED"));
  EXPECT_FALSE(fs::exists("INJECTED"));
}

// A step that fails before its switch (the stop failed, the connection dropped) is rolled
// back too: the live files are the previous ones and must stay.
TEST_F(NodeSwitch, ARollbackBeforeTheSwitchKeepsTheLiveFiles) {
  std::ofstream(host_.conf_dir() + "/extra") << "extra before\n";
  roll_back_host(shell_, host_, plan_);
  EXPECT_EQ(fs::read_symlink(host_.current_link()), "releases/r1");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path()), "old\n");
  EXPECT_EQ(test::local_bytes(host_.conf_dir() + "/extra"), "extra before\n");
}

// A switch cut short after its first file (the connection dropped mid-command): the rollback
// restores that file and leaves the one the switch never reached.
TEST_F(NodeSwitch, ARollbackAfterAPartialSwitchRestoresOnlyWhatMoved) {
  std::ofstream(host_.conf_dir() + "/extra") << "extra before\n";
  HostPlan first = plan_;
  first.files.resize(1);
  activate_host(shell_, host_, first);
  ASSERT_EQ(test::local_bytes(host_.zoo_cfg_path()), "new\n");
  roll_back_host(shell_, host_, plan_);
  EXPECT_EQ(fs::read_symlink(host_.current_link()), "releases/r1");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path()), "old\n");
  EXPECT_EQ(test::local_bytes(host_.conf_dir() + "/extra"), "extra before\n");
}

TEST_F(NodeSwitch, AFileNotStagedStopsTheSwitchBeforeItChangesAnything) {
  fs::remove(host_.conf_dir() + "/extra.next");
  try {
    activate_host(shell_, host_, plan_);
    FAIL() << "switched without a staged file";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("extra.next is not staged"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(fs::read_symlink(host_.current_link()), "releases/r1");
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path()), "old\n");
  EXPECT_TRUE(fs::exists(host_.zoo_cfg_path() + ".next"));
}

}  // namespace
}  // namespace zkd
