#include "orchestrator/state/desired_state.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "orchestrator/state/digest_cache.hpp"

namespace zkd {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/zkd-desired-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = tmpl;
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
  }

 private:
  fs::path path_;
};

TEST(ArtifactDigest, FileIsItsStreamedSha256) {
  TempDir dir;
  const std::string bytes(3 * (1 << 20) + 7, 'z');  // spans several read blocks
  dir.write("zkserver", bytes);
  const ArtifactDigest d = digest_artifact(dir.path() / "zkserver");
  EXPECT_EQ(d.sha256, sha256_hex(bytes));
  EXPECT_EQ(d.size, bytes.size());
  EXPECT_EQ(d.version, "");
}

TEST(ArtifactDigest, DirectoryIsItsSortedManifest) {
  TempDir dir;
  dir.write("zookeeper-3.8.0.jar", "zk");
  dir.write("a.jar", "a");
  fs::create_directory(dir.path() / "sub");
  const ArtifactDigest d = digest_artifact(dir.path());
  EXPECT_EQ(d.sha256, sha256_hex(sha256_hex("a") + "  a.jar\n" + sha256_hex("zk") +
                                 "  zookeeper-3.8.0.jar\n"));
  EXPECT_EQ(d.size, 3u);
  EXPECT_EQ(d.version, "3.8.0");
  dir.write(".hidden", "an editor's or a file manager's");  // no part of the release
  EXPECT_EQ(digest_artifact(dir.path()).sha256, d.sha256);
  EXPECT_EQ(artifact_file_names(dir.path()),
            (std::vector<std::string>{"a.jar", "zookeeper-3.8.0.jar"}));
  dir.write("a.jar", "b");  // any change makes another release
  EXPECT_NE(digest_artifact(dir.path()).sha256, d.sha256);
}

TEST(DigestCache, ReusesDigestsUntilTheFileChanges) {
  TempDir dir;
  dir.write("zk.jar", "one");
  const fs::path cache_file = dir.path() / "cache/digests";
  uint64_t size = 0;
  {
    DigestCache cache(cache_file);
    EXPECT_EQ(cache.sha256(dir.path() / "zk.jar", size), sha256_hex("one"));
    cache.save();
  }
  ASSERT_TRUE(fs::exists(cache_file));
  // A stale entry that still matches the file's identity is what the cache answers.
  const std::string fake(64, 'f');
  std::string text;
  {
    std::ifstream in(cache_file);
    std::getline(in, text);
  }
  std::ofstream(cache_file) << fake << text.substr(64) << "\n";
  DigestCache reloaded(cache_file);
  EXPECT_EQ(reloaded.sha256(dir.path() / "zk.jar", size), fake);
  EXPECT_EQ(size, 3u);
  // Once the file changes (size), its digest is computed again.
  dir.write("zk.jar", "three");
  EXPECT_EQ(reloaded.sha256(dir.path() / "zk.jar", size), sha256_hex("three"));
  EXPECT_EQ(size, 5u);
}

TEST(ArtifactDigest, MissingArtifactNamesThePath) {
  try {
    digest_artifact("/nonexistent/zkserver");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/zkserver"), std::string::npos);
  }
}

TEST(ArtifactDigest, VersionsFromNames) {
  EXPECT_EQ(version_from_name("apache-zookeeper-3.8.4-bin.tar.gz"), "3.8.4");
  EXPECT_EQ(version_from_name("zookeeper-3.8.0.jar"), "3.8.0");
  EXPECT_EQ(version_from_name("zookeeper-jute.jar"), "");
  EXPECT_EQ(version_from_name("zookeeper-3.jar"), "");
  EXPECT_EQ(version_from_name("zkserver"), "");
}

TEST(DesiredState, HostsCarryRenderedFilesAndTheRelease) {
  TempDir dir;
  dir.write("zkserver", "binary");
  const std::string yaml =
      "defaults:\n"
      "  ssh: { user: root, identity_file: " +
      (dir.path() / "key").string() + ", known_hosts: " + (dir.path() / "kh").string() +
      " }\n"
      "  install_root: /opt/zk\n"
      "  artifact: { kind: zkserver, path: " +
      (dir.path() / "zkserver").string() +
      " }\n"
      "  config: { ssl.keyStore.password: { value: hunter2, secret: true } }\n"
      "  rollout: { max_zxid_lag: 5 }\n"
      "clusters:\n"
      "  east:\n"
      "    hosts:\n"
      "      - { name: e1, address: 10.0.0.1, myid: 1 }\n"
      "      - { name: e2, address: 10.0.0.2, myid: 2, role: observer }\n";
  dir.write("key", "k");
  dir.write("kh", "");
  const LoadResult loaded = load_inventory_text(yaml, "inline.yaml", dir.path());
  ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message);
  const RenderResult rendered = render_inventory(loaded.inventory);
  ASSERT_TRUE(rendered.ok());
  const auto desired = build_desired_state(rendered, "");
  ASSERT_EQ(desired.size(), 2u);
  const DesiredHost& e1 = desired[0];
  EXPECT_EQ(e1.cluster, "east");
  EXPECT_EQ(e1.name, "e1");
  EXPECT_EQ(e1.myid, 1);
  EXPECT_EQ(e1.install_root, "/opt/zk");
  EXPECT_EQ(e1.role, MemberRole::participant);
  EXPECT_EQ(desired[1].role, MemberRole::observer);
  EXPECT_EQ(e1.rollout.max_zxid_lag, 5u);
  ASSERT_EQ(e1.files.size(), 2u);
  EXPECT_EQ(e1.files[0].path, "/opt/zk/east/conf/zoo.cfg");
  EXPECT_EQ(e1.files[0].role, FileRole::zoo_cfg);
  EXPECT_NE(e1.files[0].content.find("hunter2"), std::string::npos);
  EXPECT_EQ(e1.files[0].display.find("hunter2"), std::string::npos);
  EXPECT_EQ(e1.files[0].mode, 0600u);
  EXPECT_EQ(e1.files[1].role, FileRole::myid);
  EXPECT_EQ(e1.files[1].content, "1\n");
  EXPECT_EQ(e1.release.kind, "zkserver");
  EXPECT_EQ(e1.release.sha256, sha256_hex("binary"));
  EXPECT_EQ(e1.release.size, 6u);
  EXPECT_EQ(e1.release.local_path, (dir.path() / "zkserver").string());
}

}  // namespace
}  // namespace zkd
