// Recording a host's state.json, run by a real shell on this machine.
#include "orchestrator/apply/host_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/local_shell/local_shell_transport.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;

class RecordHostState : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.name = "zk1";
    host_.cluster = "east";
    // Characters a path may bring to the command line, none of which may run anything.
    host_.install_root = (scratch_.path() / "root $(touch INJECTED) 'q'").string();
    fs::create_directories(host_.state_dir());
    fs::create_directories(host_.conf_dir());
  }

  test::ScratchDir scratch_;
  Host host_;
  test::LocalShellTransport shell_;
};

TEST_F(RecordHostState, WritesTheRecordWithItsMode) {
  const nlohmann::json state = {{"format_version", 1}, {"host", "zk1"}};
  record_host_state(shell_, host_, state);
  const std::string path = host_.state_dir() + "/state.json";
  EXPECT_EQ(nlohmann::json::parse(test::local_bytes(path)), state);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
  EXPECT_FALSE(fs::exists(scratch_.path() / "INJECTED"));
}

TEST_F(RecordHostState, AFailedWriteSaysWhy) {
  fs::remove_all(host_.state_dir());
  test::put_local(host_.state_dir(), "a file where the directory should be");
  try {
    record_host_state(shell_, host_, {{"format_version", 1}});
    FAIL() << "recording into a missing directory succeeded";
  } catch (const TransportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot create"), std::string::npos) << what;
    EXPECT_NE(what.find(".state.json.zkdeploy-"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace zkd
