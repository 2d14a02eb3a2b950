// Recording a host's state.json, run by a real shell on this machine: the write and the
// gather that follows it travel as one command (exec_then).
#include "orchestrator/apply/host_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "orchestrator/plan/content_hash.hpp"
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
    test::put_local(host_.zoo_cfg_path(), "tickTime=2000\n");
    spec_.name = host_.name;
    spec_.cluster_root = host_.cluster_root();
    spec_.paths = {host_.zoo_cfg_path(), host_.myid_path()};
  }

  test::ScratchDir scratch_;
  Host host_;
  GatherSpec spec_;
  test::LocalShellTransport shell_;
};

TEST_F(RecordHostState, WritesTheRecordAndReturnsTheFilesGatheredAfterIt) {
  const nlohmann::json state = {{"format_version", 1}, {"host", "zk1"}};
  const ObservedHost observed = record_host_state(shell_, host_, state, spec_);
  EXPECT_EQ(nlohmann::json::parse(test::local_bytes(host_.state_dir() + "/state.json")), state);
  ASSERT_TRUE(observed.reachable);
  EXPECT_EQ(observed.files.at(host_.zoo_cfg_path()).content, "tickTime=2000\n");
  EXPECT_EQ(observed.files.at(host_.zoo_cfg_path()).sha256, sha256_hex("tickTime=2000\n"));
  EXPECT_FALSE(observed.files.at(host_.myid_path()).exists);
  EXPECT_FALSE(fs::exists(scratch_.path() / "INJECTED"));
}

TEST_F(RecordHostState, AFailedWriteStopsBeforeTheGatherAndSaysWhy) {
  fs::remove_all(host_.state_dir());
  test::put_local(host_.state_dir(), "a file where the directory should be");
  try {
    record_host_state(shell_, host_, {{"format_version", 1}}, spec_);
    FAIL() << "recording into a missing directory succeeded";
  } catch (const TransportError& e) {
    // The write's own error (it cannot create its temporary file), not a gather's.
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot create"), std::string::npos) << what;
    EXPECT_NE(what.find(".state.json.zkdeploy-"), std::string::npos) << what;
    EXPECT_EQ(what.find("zkdeploy-gather"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace zkd
