#include "orchestrator/gather/host_report.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "orchestrator/gather/host_gather.hpp"
#include "orchestrator/plan/content_hash.hpp"

namespace zkd {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {kHex[c >> 4], kHex[c & 15]};
  return out;
}

std::string tail(std::string_view pid = "pid none") {
  return "current -\n" + std::string(pid) + "\nfree 2048 1024\nlock -\nend\n";
}

// A data block of `bytes`.
std::string data_block(std::string_view bytes) {
  return "data " + std::to_string(bytes.size()) + "\n" + std::string(bytes) + "\n";
}

TEST(HostReport, ReadsFilesWithAnyBytes) {
  const std::string odd("tick=1\n\0\xff\xfe end\r\nfile 9 -\nend\n", 30);
  const std::string out = "zkdeploy-gather 3\nfile 0 600 raw 30\nfile 1 -\nfile 2 644 raw 0\n" +
                          data_block(odd) + tail();
  const HostReport r = parse_host_report(out, 3);
  ASSERT_EQ(r.files.size(), 3u);
  EXPECT_TRUE(r.files[0].exists);
  EXPECT_EQ(r.files[0].mode, 0600u);
  EXPECT_EQ(r.files[0].content, odd);
  EXPECT_EQ(r.files[0].sha256, sha256_hex(odd));
  EXPECT_EQ(r.files[0].size, odd.size());
  EXPECT_FALSE(r.files[1].exists);
  EXPECT_TRUE(r.files[2].exists);
  EXPECT_EQ(r.files[2].content, "");
  EXPECT_EQ(r.free_bytes, 2048u * 1024);
  EXPECT_FALSE(r.pid);
  EXPECT_FALSE(r.lock_holder);
  EXPECT_FALSE(r.current_target);
}

TEST(HostReport, ReadsReleasesPidAndLock) {
  const std::string holder = "apply by ops@deploy 1700000000";
  const std::string out = "zkdeploy-gather 3\nfile 0 644 raw 2\nlock raw " +
                          std::to_string(holder.size()) + "\ncurrent " +
                          hex("releases/0123456789ab") + "\nrelease " + hex("0123456789ab") +
                          "\nrelease " + hex("new\nline") + "\npid 4242 alive\nfree 1 4096\n" +
                          data_block("1\n" + holder) + "end\n";
  const HostReport r = parse_host_report(out, 1);
  EXPECT_EQ(r.files[0].content, "1\n");
  EXPECT_EQ(r.current_target, "releases/0123456789ab");
  EXPECT_EQ(release_of_link(*r.current_target), "0123456789ab");
  ASSERT_EQ(r.releases.size(), 2u);
  EXPECT_EQ(r.releases[1], "new\nline");
  EXPECT_EQ(r.pid, 4242);
  EXPECT_TRUE(r.pid_alive);
  EXPECT_EQ(r.free_bytes, 4096u);
  EXPECT_EQ(r.lock_holder, holder);
}

TEST(HostReport, ReadsDeadAndBadPidFilesBigFilesAndBigLocks) {
  const std::string sha(64, 'a');
  HostReport r = parse_host_report(
      "zkdeploy-gather 3\nfile 0 644 big 5000000 " + sha + "\n" + tail("pid 17 dead"), 1);
  EXPECT_EQ(r.pid, 17);
  EXPECT_FALSE(r.pid_alive);
  EXPECT_FALSE(r.files[0].content);
  EXPECT_EQ(r.files[0].sha256, sha);
  EXPECT_EQ(r.files[0].size, 5000000u);
  r = parse_host_report("zkdeploy-gather 3\nlock big 9000\ncurrent -\npid bad\nfree \nend\n", 0);
  EXPECT_TRUE(r.pid_file_bad);
  EXPECT_FALSE(r.pid);
  EXPECT_FALSE(r.free_bytes);
  EXPECT_EQ(r.lock_holder, "(a lock file of 9000 bytes)");
}

TEST(HostReport, RejectsTruncatedOrForeignOutput) {
  const std::string good = "zkdeploy-gather 3\nfile 0 644 raw 3\n" + data_block("abc") + tail();
  EXPECT_NO_THROW(parse_host_report(good, 1));
  for (size_t cut = 0; cut + 1 < good.size(); cut += 3) {
    EXPECT_THROW(parse_host_report(good.substr(0, cut), 1), std::runtime_error) << cut;
  }
  const std::string bad[] = {
      "hello\n" + tail(),                                                   // no header
      "zkdeploy-gather 2\nfile 0 -\n" + tail(),                             // an older script
      "zkdeploy-gather 3\n" + tail(),                                       // file record missing
      "zkdeploy-gather 3\nfile 0 -\nfile 0 -\n" + tail(),                   // twice
      "zkdeploy-gather 3\nfile 1 -\n" + tail(),                             // index out of range
      "zkdeploy-gather 3\nfile 0 9z9 raw 1\n" + data_block("a") + tail(),   // bad mode
      "zkdeploy-gather 3\nfile 0 644 raw 3\n" + tail(),                     // no data block
      "zkdeploy-gather 3\nfile 0 644 raw 3\n" + data_block("ab") + tail(),  // data size differs
      "zkdeploy-gather 3\nfile 0 644 raw 3\ndata 3\nabcd\n" + tail(),       // the file grew
      "zkdeploy-gather 3\nfile 0 644 raw 3\ndata 3\nab\n" + tail(),         // the file shrank
      "zkdeploy-gather 3\nfile 0 644 raw 2000000\n" + tail(),               // too large to be raw
      "zkdeploy-gather 3\nfile 0 -\nlock raw 5000\n" + data_block(std::string(5000, 'x')) +
          "current -\npid none\nfree 1 1\nend\n",          // lock too large
      "zkdeploy-gather 3\nfile 0 -\nwhat 1\n" + tail(),    // unknown record
      "zkdeploy-gather 3\nfile 0 -\nfree x 1\n" + tail(),  // bad free
      "zkdeploy-gather 3\nfile 0 -\npid x alive\nfree 1 1\nlock -\ncurrent -\nend\n",
      "zkdeploy-gather 3\nfile 0 -\ncurrent -\npid none\nfree 1 1\nend\n",  // no lock
  };
  for (const auto& out : bad) EXPECT_THROW(parse_host_report(out, 1), std::runtime_error) << out;
}

TEST(HostReport, ReadsPlainValuesAndSpacedHex) {
  const std::string out =
      "zkdeploy-gather 3\nfile 0 644 raw 3\nfile 1 600 raw 0\nlock raw 0\ncurrent =releases/0a1b\n"
      "release =0a1b\nrelease 6e 65 77 0a\npid none\nfree 1 1\n" +
      data_block(std::string("a\n\0", 3)) + "end\n";
  const HostReport r = parse_host_report(out, 2);
  EXPECT_EQ(r.files[0].content, std::string("a\n\0", 3));
  EXPECT_EQ(r.files[1].content, "");
  EXPECT_EQ(r.current_target, "releases/0a1b");
  EXPECT_EQ(r.releases, (std::vector<std::string>{"0a1b", "new\n"}));
  EXPECT_EQ(r.lock_holder, "");
  for (const std::string record : {"current =a$b", "current =a =b", "release =x\\y"}) {
    EXPECT_THROW(parse_host_report("zkdeploy-gather 3\n" + record + "\n" + tail(), 0),
                 std::runtime_error)
        << record;
  }
}

TEST(HostReport, ScriptTakesPathsAsArgumentsOnly) {
  const std::string evil = "/tmp/x'; rm -rf / #$(reboot)";
  const auto argv = gather_argv("/opt/zk/c1", "0a1b2c3d4e5f", {evil, "/opt/zk/c1/data/myid"});
  ASSERT_EQ(argv.size(), 8u);
  EXPECT_EQ(argv[0], "sh");
  EXPECT_EQ(argv[1], "-c");
  EXPECT_EQ(argv[2].find("/opt/zk"), std::string::npos);
  EXPECT_EQ(argv[4], "/opt/zk/c1");
  EXPECT_EQ(argv[5], "0a1b2c3d4e5f");
  EXPECT_EQ(argv[6], evil);
}

TEST(HostReport, LinkTargetsNameTheirRelease) {
  EXPECT_EQ(release_of_link("/opt/zk/c1/releases/abc/"), "abc");
  EXPECT_EQ(release_of_link("abc"), "abc");
}

TEST(ObservedFromReport, MasksSecretsAndKeepsOnlyLiveServers) {
  GatherSpec spec;
  spec.name = "zk1";
  spec.paths = {"/c/conf/zoo.cfg", "/c/data/myid"};
  spec.secret_keys = {"ssl.keyStore.password"};
  const std::string cfg = "tickTime=2000\nssl.keyStore.password=hunter2\n";
  const std::string out = "zkdeploy-gather 3\nfile 0 600 raw " + std::to_string(cfg.size()) +
                          "\nfile 1 -\nlock -\ncurrent " + hex("releases/r1") + "\nrelease " +
                          hex("r1") + "\npid 99 dead\nfree 4 1024\n" + data_block(cfg) + "end\n";
  const ObservedHost host = observed_from_report(spec, parse_host_report(out, 2));
  EXPECT_TRUE(host.reachable);
  EXPECT_EQ(host.name, "zk1");
  const ObservedFile& zoo = host.files.at("/c/conf/zoo.cfg");
  EXPECT_EQ(zoo.content, cfg);
  EXPECT_EQ(zoo.display, "tickTime=2000\nssl.keyStore.password=<redacted>\n");
  EXPECT_EQ(zoo.mode, 0600u);
  EXPECT_FALSE(host.files.at("/c/data/myid").exists);
  EXPECT_EQ(host.current_release, "r1");
  EXPECT_FALSE(host.server_pid);  // the pid file names a dead process
  EXPECT_EQ(host.free_bytes, 4096u);
}

}  // namespace
}  // namespace zkd
