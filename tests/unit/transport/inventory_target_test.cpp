#include "orchestrator/transport/inventory_target.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace zkd {
namespace {

Host sample_host() {
  Host h;
  h.name = "zk-e1";
  h.address = "10.0.2.11";
  h.install_root = "/opt/zkdeploy";
  h.ssh.user = "deploy";
  h.ssh.port = 2222;
  h.ssh.identity_file = "/keys/id_ed25519";
  h.ssh.known_hosts = "/keys/known_hosts";
  h.ssh.host_key_policy = HostKeyPolicy::accept_new;
  h.ssh.connect_timeout = std::chrono::seconds(3);
  h.ssh.command_timeout = std::chrono::seconds(90);
  return h;
}

TEST(InventoryTarget, CarriesEveryMergedSshSetting) {
  ::unsetenv(kPassphraseEnv);
  const PingTarget p = ping_target_for(sample_host());
  const SshTarget& t = p.ssh;
  EXPECT_EQ(t.label(), "zk-e1 (deploy@10.0.2.11:2222)");
  EXPECT_EQ(t.identity_file, "/keys/id_ed25519");
  EXPECT_EQ(t.known_hosts, "/keys/known_hosts");
  EXPECT_EQ(t.unknown_host_key, UnknownHostKey::accept_new);
  EXPECT_EQ(t.connect_timeout, std::chrono::seconds(3));
  EXPECT_EQ(t.command_timeout, std::chrono::seconds(90));
  EXPECT_EQ(t.passphrase_env, "");
  EXPECT_EQ(t.jump, nullptr);
  EXPECT_EQ(p.install_root, "/opt/zkdeploy");
}

TEST(InventoryTarget, StrictPolicyRefusesUnknownHosts) {
  Host h = sample_host();
  h.ssh.host_key_policy = HostKeyPolicy::strict;
  EXPECT_EQ(ssh_target_for(h).unknown_host_key, UnknownHostKey::refuse);
}

TEST(InventoryTarget, JumpHostUsesTheHostsKeyAndKnownHosts) {
  Host h = sample_host();
  h.ssh.jump = JumpHost{"10.0.0.1", 22, "bastion"};
  const SshTarget t = ssh_target_for(h);
  ASSERT_NE(t.jump, nullptr);
  EXPECT_EQ(t.jump->address, "10.0.0.1");
  EXPECT_EQ(t.jump->port, 22);
  EXPECT_EQ(t.jump->user, "bastion");
  EXPECT_EQ(t.jump->identity_file, "/keys/id_ed25519");
  EXPECT_EQ(t.jump->known_hosts, "/keys/known_hosts");
  EXPECT_EQ(t.jump->jump, nullptr);
  EXPECT_EQ(t.address, "10.0.2.11") << "the target is still the host";
}

TEST(InventoryTarget, PassphraseVariableIsUsedOnlyWhenSet) {
  ::setenv(kPassphraseEnv, "secret", 1);
  EXPECT_EQ(ssh_target_for(sample_host()).passphrase_env, kPassphraseEnv);
  ::unsetenv(kPassphraseEnv);
}

}  // namespace
}  // namespace zkd
