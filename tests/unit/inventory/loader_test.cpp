#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "orchestrator/inventory/inventory.hpp"

namespace zkd {
namespace {

using std::chrono::milliseconds;

LoadResult load(const std::string& text) {
  return load_inventory_text(text, "inv.yaml", "/base/dir");
}

std::string all_messages(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += format_diagnostic(d) + "\n";
  return out;
}

const char* kLayered = R"(
defaults:
  ssh: { user: ops, port: 2200, connect_timeout: 3s, identity_file: keys/id }
  install_root: /opt/zk
  artifact: { kind: zkserver, path: bin/zkserver }
  config: { tickTime: 2000, initLimit: 10, quorumPort: 2888 }
  rollout: { health_timeout: 30s }
clusters:
  east:
    ssh: { port: 2300 }
    config: { tickTime: 3s }
    rollout: { max_zxid_lag: 7 }
    hosts:
      - { name: e3, address: 10.0.0.3, myid: 3, ssh: { port: 2400 }, config: { quorumPort: 2999 } }
      - { name: e1, address: 10.0.0.1, myid: 1, install_root: /srv/one }
      - { name: e2, address: 10.0.0.2, myid: 2, role: observer }
      - { name: e4, address: 10.0.0.4, myid: 4 }
      - { name: e5, address: 10.0.0.5, myid: 5 }
)";

TEST(Loader, HostOverridesClusterOverridesDefaultsOverridesBuiltins) {
  const LoadResult r = load(kLayered);
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const Inventory& inv = r.inventory;
  const Host& e3 = *inv.find_host("e3");
  const Host& e1 = *inv.find_host("e1");
  EXPECT_EQ(e3.ssh.port, 2400);                              // host
  EXPECT_EQ(e1.ssh.port, 2300);                              // cluster
  EXPECT_EQ(e1.ssh.user, "ops");                             // defaults
  EXPECT_EQ(e1.ssh.command_timeout, milliseconds(300'000));  // built-in
  EXPECT_EQ(e1.ssh.connect_timeout, milliseconds(3'000));
  EXPECT_EQ(e1.ssh.host_key_policy, HostKeyPolicy::strict);
  EXPECT_EQ(e1.config.at("tickTime").value, "3000");  // cluster, duration converted
  EXPECT_EQ(e1.config.at("syncLimit").value, "5");    // built-in
  EXPECT_EQ(e1.install_root, "/srv/one");
  EXPECT_EQ(e3.install_root, "/opt/zk");
  EXPECT_EQ(e3.quorum_port, 2999);
  EXPECT_EQ(e1.quorum_port, 2888);
  EXPECT_EQ(e1.election_port, 3888);
  EXPECT_EQ(e1.client_port, 2181);
  EXPECT_EQ(e1.rollout.health_timeout, milliseconds(30'000));
  EXPECT_EQ(e1.rollout.max_zxid_lag, 7u);
  EXPECT_EQ(e1.service.stop_timeout, milliseconds(30'000));
  EXPECT_EQ(e1.artifact.path, "/base/dir/bin/zkserver");
  EXPECT_EQ(e1.ssh.identity_file, "/base/dir/keys/id");
  EXPECT_EQ(e1.cluster, "east");
}

TEST(Loader, MyidIsExplicitNotListPosition) {
  const LoadResult r = load(kLayered);
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const Cluster& c = r.inventory.clusters.at(0);
  EXPECT_EQ(c.hosts[0].name, "e3");
  EXPECT_EQ(c.hosts[0].myid, 3);
  std::vector<int> ids;
  for (const Host* h : c.hosts_by_myid()) ids.push_back(h->myid);
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(c.voter_count(), 4u);
  EXPECT_EQ(r.inventory.find_host("e2")->role, Role::observer);
}

TEST(Loader, QuorumPortsAreNotZooCfgKeysAndDirectoriesDefault) {
  const LoadResult r = load(kLayered);
  ASSERT_TRUE(r.ok());
  const Host& h = *r.inventory.find_host("e1");
  EXPECT_EQ(h.config.count("quorumPort"), 0u);
  EXPECT_EQ(h.config.count("electionPort"), 0u);
  EXPECT_EQ(h.config.at("clientPort").value, "2181");
  EXPECT_EQ(h.config.at("dataDir").value, "/srv/one/east/data");
  EXPECT_EQ(h.config.at("dataLogDir").value, "/srv/one/east/data");
  EXPECT_EQ(h.config.at("admin.enableServer").value, "false");
  EXPECT_EQ(h.myid_path(), "/srv/one/east/data/myid");
  EXPECT_EQ(h.zoo_cfg_path(), "/srv/one/east/conf/zoo.cfg");
  EXPECT_EQ(h.releases_dir(), "/srv/one/east/releases");
  EXPECT_EQ(h.current_link(), "/srv/one/east/current");
  EXPECT_EQ(h.logs_dir(), "/srv/one/east/logs");
  EXPECT_EQ(h.run_dir(), "/srv/one/east/run");
}

TEST(Loader, ExplicitDataDirMovesMyidAndDataLogDirFollows) {
  const LoadResult r = load(R"(
defaults: { artifact: { path: /bin/true }, config: { dataDir: /var/lib/zk } }
clusters:
  c:
    hosts: [ { name: a, address: a.example, myid: 9 } ]
)");
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const Host& h = r.inventory.clusters[0].hosts[0];
  EXPECT_EQ(h.myid_path(), "/var/lib/zk/myid");
  EXPECT_EQ(h.data_log_dir(), "/var/lib/zk");
}

TEST(Loader, FourLetterWordsAlwaysIncludeWhatProbesNeed) {
  const LoadResult r = load(R"(
defaults: { artifact: { path: /bin/true } }
clusters:
  c:
    config: { 4lw.commands.whitelist: [wchs, ruok] }
    hosts: [ { name: a, address: a.example, myid: 1 } ]
  d:
    config: { 4lw.commands.whitelist: "*" }
    hosts: [ { name: b, address: b.example, myid: 1 } ]
)");
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(r.inventory.find_host("a")->config.at("4lw.commands.whitelist").value,
            "conf,cons,envi,isro,mntr,ruok,srvr,stat,wchs");
  EXPECT_EQ(r.inventory.find_host("b")->config.at("4lw.commands.whitelist").value, "*");
}

TEST(Loader, SecretsByFlagAndByNameAndTheFlagSticks) {
  const LoadResult r = load(R"(
defaults:
  artifact: { path: /bin/true }
  config:
    digest.token: { value: abc, secret: true }
    ssl.keyStore.password: s3cret
clusters:
  c:
    config: { digest.token: override }
    hosts: [ { name: a, address: a.example, myid: 1 } ]
)");
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const Host& h = r.inventory.clusters[0].hosts[0];
  EXPECT_TRUE(h.config.at("digest.token").secret);
  EXPECT_EQ(h.config.at("digest.token").value, "override");
  EXPECT_TRUE(h.config.at("ssl.keyStore.password").secret);
  EXPECT_FALSE(h.config.at("tickTime").secret);
}

TEST(Loader, SecretValuesNeverAppearInDiagnostics) {
  const LoadResult r = load(R"(
clusters:
  c:
    config:
      ssl.keyStore.password: "hunter2\nserver.9=x:1:2"
      other: { value: [hunter3], secret: true }
    hosts: [ { name: a, address: a.example, myid: 1 } ]
)");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(all_messages(r).find("hunter"), std::string::npos) << all_messages(r);
}

TEST(Loader, SizesDurationsAndJumpHost) {
  const LoadResult r = load(R"(
defaults:
  artifact: { kind: apache-zookeeper, path: /usr/share/java }
  service: { manager: systemd, stop_timeout: 1m30s, heap_size: 512MiB }
  ssh: { user: deploy, jump: { address: bastion.example } }
clusters:
  c:
    hosts: [ { name: a, address: "::1", myid: 1, ssh: { jump: { port: 2022 } } } ]
)");
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const Host& h = r.inventory.clusters[0].hosts[0];
  EXPECT_EQ(h.service.manager, ServiceManager::systemd);
  EXPECT_EQ(h.service.stop_timeout, milliseconds(90'000));
  EXPECT_EQ(h.service.heap_size, 512ull << 20);
  EXPECT_EQ(h.artifact.kind, ArtifactKind::apache_zookeeper);
  EXPECT_EQ(h.artifact.java, "/usr/bin/java");
  ASSERT_TRUE(h.ssh.jump.has_value());
  EXPECT_EQ(h.ssh.jump->address, "bastion.example");
  EXPECT_EQ(h.ssh.jump->port, 2022);
  EXPECT_EQ(h.ssh.jump->user, "deploy");
}

TEST(Loader, ServiceUserDefaultsToTheSshUser) {
  const LoadResult r = load(R"(
defaults:
  artifact: { path: /bin/true }
  ssh: { user: deploy }
  service: { manager: systemd }
clusters:
  c:
    hosts:
      - { name: a, address: a.example, myid: 1 }
      - { name: b, address: b.example, myid: 2, service: { user: zookeeper } }
      - { name: c, address: c.example, myid: 3 }
)");
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(r.inventory.find_host("a")->service.user, "deploy");
  EXPECT_EQ(r.inventory.find_host("b")->service.user, "zookeeper");
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
}

TEST(Loader, ServiceUserMustBeAPortableUserName) {
  const LoadResult r = load(R"(
defaults: { artifact: { path: /bin/true }, service: { manager: systemd, user: "zk;reboot" } }
clusters: { c: { hosts: [ { name: a, address: a.example, myid: 1 } ] } }
)");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(all_messages(r).find("inv.yaml:2:79: error: defaults.service.user:"), std::string::npos)
      << all_messages(r);
}

TEST(Loader, ServiceUserWithoutSystemdIsAWarning) {
  const LoadResult r = load(R"(
defaults: { artifact: { path: /bin/true }, service: { user: zookeeper } }
clusters: { c: { hosts: [ { name: a, address: a.example, myid: 1 } ] } }
)");
  EXPECT_TRUE(r.ok()) << all_messages(r);
  EXPECT_NE(all_messages(r).find(
                "inv.yaml:2:61: warning: defaults.service.user: service.user 'zookeeper' has no "
                "effect with service.manager: direct, which runs the server as ssh.user 'root'"),
            std::string::npos)
      << all_messages(r);
}

TEST(Loader, SystemdServersOfOneClusterNeedTheirOwnMachine) {
  const char* text = R"(
defaults: { artifact: { path: /bin/true }, service: { manager: systemd } }
clusters:
  c:
    hosts:
      - { name: a, address: 10.0.0.1, myid: 1 }
      - { name: b, address: 10.0.0.1, myid: 2, config: { clientPort: 2182, quorumPort: 2889, electionPort: 3889 } }
  d:
    hosts: [ { name: x, address: 10.0.0.1, myid: 1, config: { clientPort: 2183, quorumPort: 2890, electionPort: 3890 } } ]
)";
  const LoadResult r = load(text);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(all_messages(r).find("clusters.c.hosts[1].address: with service.manager: systemd, "
                                 "hosts 'a' and 'b' of cluster 'c' share address 10.0.0.1"),
            std::string::npos)
      << all_messages(r);
  const auto errors =
      std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::error; });
  EXPECT_EQ(errors, 1) << all_messages(r);  // cluster d has a unit of its own
  std::string direct = text;
  direct.replace(direct.find("systemd"), 7, "direct");
  EXPECT_TRUE(load(direct).ok());
}

TEST(Loader, HomeExpandsInLocalPaths) {
  const char* home = std::getenv("HOME");
  ASSERT_NE(home, nullptr);
  const LoadResult r = load(R"(
defaults: { artifact: { path: ~/zkserver }, ssh: { known_hosts: ~/kh } }
clusters: { c: { hosts: [ { name: a, address: a.example, myid: 1 } ] } }
)");
  ASSERT_FALSE(has_errors(r.diagnostics)) << all_messages(r);
  const Host& h = r.inventory.clusters[0].hosts[0];
  EXPECT_EQ(h.artifact.path, std::filesystem::path(home) / "zkserver");
  EXPECT_EQ(h.ssh.known_hosts, std::filesystem::path(home) / "kh");
}

TEST(Loader, ReportsEveryProblemAtOnceWithPositions) {
  const LoadResult r = load(R"(defaults:
  ssh: { port: 0, user: "a b" }
clusters:
  c:
    hosts:
      - { name: a, address: x.example, myid: 300 }
      - { name: a, addres: y.example, myid: 2 }
)");
  EXPECT_FALSE(r.ok());
  const std::string all = all_messages(r);
  EXPECT_NE(all.find("inv.yaml:2:16: error: defaults.ssh.port: value 0 is out of range 1..65535"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("inv.yaml:2:25: error: defaults.ssh.user:"), std::string::npos) << all;
  EXPECT_NE(all.find("inv.yaml:6:46: error: clusters.c.hosts[0].myid: value 300"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("clusters.c.hosts[1].addres: unknown key 'addres' (did you mean 'address'?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("clusters.c.hosts[1].address: missing required key"), std::string::npos);
  EXPECT_NE(all.find("duplicate host name 'a'"), std::string::npos) << all;
}

TEST(Loader, MissingFileIsAnErrorNotACrash) {
  const LoadResult r = load_inventory("/nonexistent/inventory.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(format_diagnostic(r.diagnostics[0]),
            "/nonexistent/inventory.yaml: error: cannot read the inventory: no such file");
}

TEST(Diagnostic, FormatsOnOneLineWithPositionAndKey) {
  Diagnostic d{Severity::error, "inv.yaml", 3, 7, "clusters.a.hosts[0].name", "bad 'x\ny'"};
  EXPECT_EQ(format_diagnostic(d), "inv.yaml:3:7: error: clusters.a.hosts[0].name: bad 'x\\ny'");
  d.line = 0;
  d.key.clear();
  d.severity = Severity::warning;
  EXPECT_EQ(format_diagnostic(d), "inv.yaml: warning: bad 'x\\ny'");
}

// inventories/local.yaml is what the local test hosts are built from; keep it to contract.
TEST(Loader, LocalExampleMatchesTheTestHostContract) {
  const LoadResult r =
      load_inventory(std::filesystem::path(ZKD_SOURCE_DIR) / "inventories" / "local.yaml");
  ASSERT_FALSE(has_errors(r.diagnostics)) << all_messages(r);
  ASSERT_EQ(r.inventory.clusters.size(), 1u);
  const Cluster& c = r.inventory.clusters[0];
  EXPECT_EQ(c.name, "local");
  ASSERT_EQ(c.hosts.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const Host& h = c.hosts[static_cast<size_t>(i)];
    const std::string n = std::to_string(i + 1);
    EXPECT_EQ(h.name, "zk" + n);
    EXPECT_EQ(h.address, "127.0.0.1" + n);
    EXPECT_EQ(h.myid, i + 1);
    EXPECT_EQ(h.ssh.port, 2222);
    EXPECT_EQ(h.ssh.user, "root");
    EXPECT_EQ(h.ssh.identity_file, "/tmp/zkdeploy-local/id_ed25519");
    EXPECT_EQ(h.ssh.known_hosts, "/tmp/zkdeploy-local/known_hosts");
    EXPECT_EQ(h.ssh.host_key_policy, HostKeyPolicy::strict);
    EXPECT_EQ(h.install_root, "/tmp/zkdeploy-local/hosts/zk" + n);
    EXPECT_EQ(h.config.at("clientPortAddress").value, h.address);
    EXPECT_EQ(h.client_port, 2181);
    EXPECT_EQ(h.quorum_port, 2888);
    EXPECT_EQ(h.election_port, 3888);
    EXPECT_EQ(h.artifact.kind, ArtifactKind::zkserver);
    EXPECT_EQ(h.artifact.path, std::filesystem::path(ZKD_SOURCE_DIR) / "build/bin/zkserver");
    EXPECT_EQ(h.config.at("admin.serverAddress").value, h.address);
  }
}

// Template files are read in chunks up to their limit (1 MiB): one that spans several chunks
// arrives whole, one byte over the limit is refused naming the limit.
TEST(Loader, TemplateFilesAreReadWholeUpToTheirLimit) {
  char dir_template[] = "/tmp/zkd-loader-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::filesystem::path dir(dir_template);
  const auto load_with_template = [&](size_t size) {
    std::ofstream(dir / "zoo.cfg.mustache", std::ios::trunc) << std::string(size - 1, '#') << '\n';
    std::ofstream(dir / "inv.yaml", std::ios::trunc)
        << "defaults:\n  artifact: { kind: zkserver, path: /bin/true }\nclusters:\n  main:\n"
           "    template: { zoo.cfg: zoo.cfg.mustache }\n    hosts:\n"
           "      - { name: zk1, address: 10.0.0.1, myid: 1 }\n";
    return load_inventory(dir / "inv.yaml");
  };
  const LoadResult whole = load_with_template(200'000);
  ASSERT_TRUE(whole.ok()) << all_messages(whole);
  EXPECT_EQ(whole.inventory.clusters.at(0).templates.zoo_cfg.size(), 200'000u);
  EXPECT_TRUE(load_with_template(1 << 20).ok());
  const LoadResult over = load_with_template((1 << 20) + 1);
  EXPECT_NE(all_messages(over).find("zoo.cfg.mustache: larger than 1048576 bytes"),
            std::string::npos)
      << all_messages(over);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zkd
