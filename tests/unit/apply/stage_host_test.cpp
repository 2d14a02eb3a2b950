// The staging command (stage_host.hpp) run by a real shell on this machine: what it creates,
// what it checks, and that no path can inject a command.
#include "orchestrator/apply/stage_host.hpp"

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "orchestrator/state/artifact_digest.hpp"
#include "tests/support/local_shell/local_shell_transport.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class StageHost : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch_.path();
    // Every kind of character a path may bring to the command line.
    host_.name = "zk1";
    host_.cluster = "east";
    host_.install_root = (root_ / "in stall $(touch INJECTED) `touch INJECTED` 'q' \"d\"").string();
    host_.artifact.kind = ArtifactKind::apache_zookeeper;
    jars_ = root_ / "jars";
    fs::create_directories(jars_);
    test::put_local(jars_ / "a.jar", "first jar");
    test::put_local(jars_ / "b.jar", std::string(100000, 'b'));
  }

  HostPlan plan_with_release(const std::string& sha256) {
    HostPlan plan;
    plan.name = host_.name;
    ReleaseChange release;
    release.to = "r1";
    release.upload = true;
    release.local_path = jars_.string();
    release.sha256 = sha256;
    release.remote_dir = host_.releases_dir() + "/r1";
    plan.release = release;
    return plan;
  }

  void add_file(HostPlan& plan, DesiredHost& desired, const std::string& path,
                const std::string& content, unsigned mode) {
    FileChange change;
    change.path = path;
    plan.files.push_back(change);
    ManagedFile file;
    file.path = path;
    file.content = content;
    file.mode = mode;
    desired.files.push_back(file);
  }

  test::ScratchDir scratch_;
  fs::path root_, jars_;
  Host host_;
  test::LocalShellTransport shell_;
  ReleaseUploads uploads_;
};

TEST_F(StageHost, UploadsTheReleaseAndStagesEveryFileInOneCommand) {
  HostPlan plan = plan_with_release(digest_artifact(jars_).sha256);
  DesiredHost desired;
  add_file(plan, desired, host_.zoo_cfg_path(), "tickTime=2000\n", 0640);
  add_file(plan, desired, host_.myid_path(), "1\n", 0644);
  fs::create_directories(host_.conf_dir());
  test::put_local(host_.zoo_cfg_path() + ".prev", "an earlier run's");
  stage_host(shell_, host_, plan, desired, uploads_);

  EXPECT_EQ(test::local_bytes(host_.releases_dir() + "/r1/a.jar"), "first jar");
  EXPECT_EQ(test::local_bytes(host_.releases_dir() + "/r1/b.jar"), std::string(100000, 'b'));
  EXPECT_FALSE(fs::exists(host_.releases_dir() + "/.r1.partial"));
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path() + ".next"), "tickTime=2000\n");
  EXPECT_EQ(mode_of(host_.zoo_cfg_path() + ".next"), 0640u);
  EXPECT_EQ(test::local_bytes(host_.myid_path() + ".next"), "1\n");
  EXPECT_FALSE(fs::exists(host_.zoo_cfg_path() + ".prev"));
  for (const std::string& dir : {host_.logs_dir(), host_.run_dir(), host_.state_dir()}) {
    EXPECT_TRUE(fs::is_directory(dir)) << dir;
  }
  // Nothing beside the staged names: no temporary file left, no command injected.
  EXPECT_EQ(std::distance(fs::directory_iterator(host_.conf_dir()), fs::directory_iterator()), 1);
  EXPECT_FALSE(fs::exists(root_ / "INJECTED"));
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 2);
}

// One archive for every host the release goes to: built at the first staging, sent as it is
// to the next (the artifact is not read again), beside each host's own files.
TEST_F(StageHost, AReleaseIsBuiltOnceForEveryHostThatStagesIt) {
  HostPlan plan = plan_with_release(digest_artifact(jars_).sha256);
  DesiredHost desired;
  add_file(plan, desired, host_.myid_path(), "1\n", 0644);
  stage_host(shell_, host_, plan, desired, uploads_);
  const ReleaseUpload& built = uploads_.of(host_, *plan.release);
  test::put_local(jars_ / "a.jar", "changed after the first staging");

  Host second = host_;
  second.name = "zk2";
  second.install_root = (root_ / "second").string();
  HostPlan plan2 = plan_with_release(plan.release->sha256);
  plan2.release->remote_dir = second.releases_dir() + "/r1";
  DesiredHost desired2;
  add_file(plan2, desired2, second.myid_path(), "2\n", 0644);
  stage_host(shell_, second, plan2, desired2, uploads_);
  EXPECT_EQ(&uploads_.of(second, *plan2.release), &built);
  EXPECT_EQ(test::local_bytes(second.releases_dir() + "/r1/a.jar"), "first jar");
  EXPECT_EQ(test::local_bytes(second.myid_path() + ".next"), "2\n");
  EXPECT_EQ(test::local_bytes(host_.myid_path() + ".next"), "1\n");
}

TEST_F(StageHost, AnUnreadableArtifactFailsNamingItAndTouchesNothing) {
  HostPlan plan = plan_with_release(std::string(64, '0'));
  plan.release->local_path = (root_ / "missing.tar.gz").string();
  try {
    stage_host(shell_, host_, plan, DesiredHost{}, uploads_);
    FAIL() << "staging a missing artifact succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read artifact " + plan.release->local_path),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(host_.install_root));
}

// A hidden file beside the jars is no part of the release: the host's check sees the same
// files as the digest that names the release.
TEST_F(StageHost, AHiddenFileInTheArtifactIsLeftOut) {
  test::put_local(jars_ / ".cache", "not a jar");
  stage_host(shell_, host_, plan_with_release(digest_artifact(jars_).sha256), DesiredHost{},
             uploads_);
  EXPECT_EQ(test::local_bytes(host_.releases_dir() + "/r1/a.jar"), "first jar");
  EXPECT_FALSE(fs::exists(host_.releases_dir() + "/r1/.cache"));
}

TEST_F(StageHost, AReleaseThatDoesNotMatchItsDigestIsNeverRenamedIntoPlace) {
  HostPlan plan = plan_with_release(std::string(64, '0'));
  DesiredHost desired;
  add_file(plan, desired, host_.zoo_cfg_path(), "tickTime=2000\n", 0644);
  try {
    stage_host(shell_, host_, plan, desired, uploads_);
    FAIL() << "staging a release with the wrong digest succeeded";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("release digest mismatch"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(host_.releases_dir() + "/r1"));
  EXPECT_FALSE(fs::exists(host_.zoo_cfg_path() + ".next"));
}

TEST_F(StageHost, AnInterruptedUploadsLeftoverIsReplaced) {
  const std::string partial = host_.releases_dir() + "/.r1.partial";
  fs::create_directories(partial);
  test::put_local(partial + "/stale.jar", "from an upload that was cut off");
  stage_host(shell_, host_, plan_with_release(digest_artifact(jars_).sha256), DesiredHost{},
             uploads_);
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_FALSE(fs::exists(host_.releases_dir() + "/r1/stale.jar"));
  EXPECT_EQ(test::local_bytes(host_.releases_dir() + "/r1/a.jar"), "first jar");
}

// Staging the host activated first also gathers it, in the same command: the report shows
// what staging left (the new release) and the live files; a failed staging gathers nothing.
TEST_F(StageHost, StagingThenGatheringReportsTheStagedHost) {
  HostPlan plan = plan_with_release(digest_artifact(jars_).sha256);
  DesiredHost desired;
  add_file(plan, desired, host_.zoo_cfg_path(), "tickTime=2000\n", 0644);
  fs::create_directories(host_.conf_dir());
  test::put_local(host_.zoo_cfg_path(), "tickTime=3000\n");
  GatherSpec spec;
  spec.name = host_.name;
  spec.cluster_root = host_.cluster_root();
  spec.paths = {host_.zoo_cfg_path()};
  const std::optional<ObservedHost> observed =
      stage_host(shell_, host_, plan, desired, uploads_, &spec);
  ASSERT_TRUE(observed);
  EXPECT_EQ(observed->releases, std::vector<std::string>{"r1"});
  ASSERT_EQ(observed->files.count(host_.zoo_cfg_path()), 1u);
  EXPECT_EQ(observed->files.at(host_.zoo_cfg_path()).content, "tickTime=3000\n");  // not .next
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path() + ".next"), "tickTime=2000\n");

  HostPlan wrong = plan_with_release(std::string(64, '0'));
  wrong.release->to = "r2";
  wrong.release->remote_dir = host_.releases_dir() + "/r2";
  try {
    stage_host(shell_, host_, wrong, DesiredHost{}, uploads_, &spec);
    FAIL() << "staging a release with the wrong digest succeeded";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("release digest mismatch"), std::string::npos) << e.what();
  }
}

TEST_F(StageHost, FilesAloneWhenTheReleaseIsThere) {
  HostPlan plan;
  plan.name = host_.name;
  DesiredHost desired;
  add_file(plan, desired, host_.zoo_cfg_path(), "", 0600);
  add_file(plan, desired, host_.conf_dir() + "/odd name 'x'", "x\n", 0644);
  stage_host(shell_, host_, plan, desired, uploads_);
  EXPECT_EQ(test::local_bytes(host_.zoo_cfg_path() + ".next"), "");
  EXPECT_EQ(mode_of(host_.zoo_cfg_path() + ".next"), 0600u);
  EXPECT_EQ(test::local_bytes(host_.conf_dir() + "/odd name 'x'.next"), "x\n");
  EXPECT_FALSE(fs::exists(host_.releases_dir() + "/r1"));
}

TEST_F(StageHost, DataDirectoriesBelongToTheSystemdServiceUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "changing owners needs root";
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  host_.ssh.user = "root";
  host_.service.manager = ServiceManager::systemd;
  host_.service.user = "nobody";
  host_.config["dataLogDir"].value = host_.cluster_root() + "/txnlog";
  HostPlan plan;
  plan.name = host_.name;
  DesiredHost desired;
  add_file(plan, desired, host_.myid_path(), "1\n", 0644);
  stage_host(shell_, host_, plan, desired, uploads_);
  struct stat st {};
  for (const std::string& dir : {host_.data_dir(), host_.data_log_dir(), host_.logs_dir()}) {
    ASSERT_EQ(::stat(dir.c_str(), &st), 0) << dir;
    EXPECT_EQ(st.st_uid, nobody->pw_uid) << dir;
  }
  ASSERT_EQ(::stat(host_.conf_dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u);  // what the server only reads stays the SSH user's
  // Under direct service control the server runs as the SSH user: nothing changes hands.
  host_.service.manager = ServiceManager::direct;
  host_.config["dataLogDir"].value = host_.cluster_root() + "/txnlog2";
  stage_host(shell_, host_, plan, desired, uploads_);
  ASSERT_EQ(::stat(host_.data_log_dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u);
}

}  // namespace
}  // namespace zkd
