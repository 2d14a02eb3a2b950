// Authentication and connection failures over real sshd: each one clear and prompt.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "orchestrator/transport/ssh_auth.hpp"
#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/harness/test_hosts.hpp"
#include "tests/integration/transport/connect_error.hpp"

namespace zkd {
namespace {

using testing::TestHosts;

std::string new_key(const TestHosts& hosts, const std::string& name, const std::string& type,
                    const std::string& passphrase = "") {
  const std::string path = hosts.dir() + "/" + name;
  const std::string cmd = "ssh-keygen -q -t " + type + " -N '" + passphrase + "' -f '" + path +
                          "' -C test </dev/null >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return path;
}

void authorize(const TestHosts& hosts, const std::string& key) {
  std::ifstream pub(key + ".pub");
  std::string line;
  std::getline(pub, line);
  std::ofstream(hosts.dir() + "/authorized_keys", std::ios::app) << line << "\n";
}

TEST(SshAuth, UnauthorizedKeyFailsClearlyAndPromptly) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.identity_file = new_key(hosts, "stranger", "ed25519");
  const auto start = std::chrono::steady_clock::now();
  const std::string err = connect_error(target);
  EXPECT_LT(std::chrono::steady_clock::now() - start, target.connect_timeout);
  EXPECT_NE(err.find("authentication failed"), std::string::npos) << err;
  EXPECT_NE(err.find("refused key " + target.identity_file), std::string::npos) << err;
  EXPECT_NE(err.find("h1 (root@" + hosts[0].address + ":2222)"), std::string::npos) << err;
}

TEST(SshAuth, EcdsaKeyWorks) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.identity_file = new_key(hosts, "ecdsa", "ecdsa");
  authorize(hosts, target.identity_file);
  EXPECT_EQ(connect_error(target), "");
}

TEST(SshAuth, PassphraseComesFromTheNamedEnvironmentVariable) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.identity_file = new_key(hosts, "locked", "ed25519 -a 1", "open sesame");
  authorize(hosts, target.identity_file);
  target.passphrase_env = "ZKD_TEST_KEY_PASSPHRASE";
  ::unsetenv("ZKD_TEST_KEY_PASSPHRASE");
  EXPECT_NE(connect_error(target).find("ZKD_TEST_KEY_PASSPHRASE"), std::string::npos);
  ::setenv("ZKD_TEST_KEY_PASSPHRASE", "wrong", 1);
  EXPECT_NE(connect_error(target).find("wrong passphrase"), std::string::npos);
  ::setenv("ZKD_TEST_KEY_PASSPHRASE", "open sesame", 1);
  EXPECT_EQ(connect_error(target), "");
  ::unsetenv("ZKD_TEST_KEY_PASSPHRASE");
}

TEST(SshAuth, RefusedRsaKeyExplainsTheRsaSha2Limitation) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.identity_file = new_key(hosts, "rsa", "rsa -b 1024");
  authorize(hosts, target.identity_file);
  EXPECT_EQ(private_key_type(target.identity_file), "ssh-rsa");
  const std::string err = connect_error(target);
  EXPECT_NE(err.find("rsa-sha2-256"), std::string::npos) << err;
  EXPECT_NE(err.find("ed25519"), std::string::npos) << err;
}

// An ssh-agent child process holding one key, stopped by PID at the end.
class Agent {
 public:
  explicit Agent(const std::string& dir) : socket_(dir + "/agent.sock") {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::execl("/usr/bin/ssh-agent", "ssh-agent", "-D", "-a", socket_.c_str(), nullptr);
      ::_exit(127);
    }
  }
  ~Agent() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  const std::string& socket() const { return socket_; }
  bool ready() const { return ::access(socket_.c_str(), F_OK) == 0; }

 private:
  std::string socket_;
  pid_t pid_;
};

TEST(SshAuth, AgentKeysAreUsedWithoutAKeyFile) {
  TestHosts hosts(1);
  Agent agent(hosts.dir());
  ASSERT_TRUE(testing::wait_until([&] { return agent.ready(); }, std::chrono::seconds(10)));
  const std::string key = new_key(hosts, "agent_key", "ed25519");
  authorize(hosts, key);
  const std::string add =
      "SSH_AUTH_SOCK='" + agent.socket() + "' ssh-add -q '" + key + "' 2>/dev/null";
  ASSERT_EQ(std::system(add.c_str()), 0);
  const char* sock = std::getenv("SSH_AUTH_SOCK");
  const std::string saved = sock ? sock : "";
  ::setenv("SSH_AUTH_SOCK", agent.socket().c_str(), 1);
  auto target = hosts.target(0);
  target.identity_file.clear();
  const std::string err = connect_error(target);
  sock ? ::setenv("SSH_AUTH_SOCK", saved.c_str(), 1) : ::unsetenv("SSH_AUTH_SOCK");
  EXPECT_EQ(err, "");
}

TEST(SshAuth, NoKeyAndNoAgentIsExplained) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.identity_file.clear();
  const char* sock = std::getenv("SSH_AUTH_SOCK");
  const std::string saved = sock ? sock : "";
  ::unsetenv("SSH_AUTH_SOCK");
  EXPECT_NE(connect_error(target).find("SSH_AUTH_SOCK"), std::string::npos);
  if (sock) ::setenv("SSH_AUTH_SOCK", saved.c_str(), 1);
}

TEST(SshConnect, UnreachableHostFailsPromptly) {
  TestHosts hosts(1);
  auto target = hosts.target(0);
  target.address = hosts.unused_address();
  const std::string err = connect_error(target);
  EXPECT_NE(err.find("cannot connect to " + target.address + ":2222"), std::string::npos) << err;
  EXPECT_NE(err.find("refused"), std::string::npos) << err;
}

TEST(SshConnect, SilentHostTimesOutWithinTheConnectTimeout) {
  TestHosts hosts(1);
  // A listener that completes TCP handshakes but never speaks SSH.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int reuse = 1;  // connections of an earlier test on this address may be in TIME_WAIT
  ASSERT_EQ(::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse), 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(2222);
  ::inet_pton(AF_INET, hosts.unused_address().c_str(), &sa.sin_addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  auto target = hosts.target(0);
  target.address = hosts.unused_address();
  target.connect_timeout = std::chrono::milliseconds(500);
  const auto start = std::chrono::steady_clock::now();
  const std::string err = connect_error(target);
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_NE(err.find("timed out after 500ms"), std::string::npos) << err;
  EXPECT_GE(took, std::chrono::milliseconds(500));
  EXPECT_LT(took, std::chrono::seconds(3));
}

}  // namespace
}  // namespace zkd
