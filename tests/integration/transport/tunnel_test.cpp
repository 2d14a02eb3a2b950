// TCP through the SSH connection (the four-letter-word probe path) and jump hosts.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "orchestrator/transport/ssh_transport.hpp"
#include "orchestrator/util/sha256.hpp"
#include "tests/harness/test_hosts.hpp"

namespace zkd {
namespace {

using testing::TestHosts;

// A four-letter-word server on address:2181 for `connections` connections: reads the word,
// answers, closes (as ZooKeeper's admin port does).
class FourLetterServer {
 public:
  FourLetterServer(const std::string& address, int connections) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(2181);
    ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd_, 8) != 0) {
      throw std::runtime_error("cannot listen on " + address + ":2181");
    }
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        char word[4];
        size_t got = 0;
        while (got < 4) {
          const ssize_t n = ::read(c, word + got, 4 - got);
          if (n <= 0) break;
          got += static_cast<size_t>(n);
        }
        const std::string w(word, got);
        const std::string reply = w == "ruok"   ? "imok"
                                  : w == "mntr" ? std::string(100000, 'm')
                                                : "";
        [[maybe_unused]] auto n = ::write(c, reply.data(), reply.size());
        ::close(c);
      }
    });
  }
  ~FourLetterServer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }

 private:
  int fd_;
  std::thread thread_;
};

TEST(TcpThroughSsh, FourLetterWordsReachThePortOnTheHost) {
  TestHosts hosts(1);
  FourLetterServer server(hosts[0].address, 2);
  SshTransport t(hosts.target(0));
  EXPECT_EQ(t.tcp_exchange(hosts[0].address, 2181, "ruok", std::chrono::seconds(5)), "imok");
  EXPECT_EQ(t.tcp_exchange(hosts[0].address, 2181, "mntr", std::chrono::seconds(5)),
            std::string(100000, 'm'));
  EXPECT_EQ(t.connections_opened(), 1);
}

TEST(TcpThroughSsh, ClosedPortIsAClearError) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  try {
    t.tcp_exchange(hosts[0].address, 2181, "ruok", std::chrono::seconds(5));
    FAIL() << "nothing listens on 2181";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("TCP channel to " + hosts[0].address + ":2181"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(
      t.exec({.argv = {"true"}, .stdin_data = {}, .on_stdin_progress = {}, .timeout = {}}).ok());
}

TEST(JumpHost, ConnectsThroughTheBastion) {
  testing::TestHostsOptions options;
  options.log_level = "DEBUG1";  // the bastion logs the forwarding it performs
  TestHosts hosts(2, options);
  auto target = hosts.target(1);
  target.jump = std::make_shared<SshTarget>(hosts.target(0));
  SshTransport t(target);
  ExecRequest r;
  r.argv = {"sh", "-c", "echo $ZKD_INSTALL_ROOT"};
  EXPECT_EQ(t.exec(r).out, hosts[1].install_root + "\n") << "the command ran on the target";
  EXPECT_NE(hosts.sshd_log(0).find("target " + hosts[1].address + " port 2222"), std::string::npos)
      << "the bastion did not forward the connection:\n"
      << hosts.sshd_log(0);
  // Large transfers and repeated commands work over the tunnel, input too (paced: the
  // connection to the bastion is a loopback one).
  r.argv = {"head", "-c", "3000000", "/dev/zero"};
  EXPECT_EQ(t.exec(r).out.size(), 3000000u);
  std::string input(4'000'000, '\0');
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<char>(i * 131 % 251);
  r.argv = {"sha256sum"};
  r.stdin_data = {input};
  EXPECT_EQ(t.exec(r).out.substr(0, 64), sha256_hex(input));
  EXPECT_EQ(t.connections_opened(), 1);
}

TEST(JumpHost, TargetHostKeyIsStillCheckedEndToEnd) {
  TestHosts hosts(2);
  auto target = hosts.target(1);
  target.jump = std::make_shared<SshTarget>(hosts.target(0));
  target.known_hosts = hosts.dir() + "/empty_known_hosts";
  SshTransport t(target);
  try {
    t.connect();
    FAIL() << "unknown target accepted through the bastion";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("is not in"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("h2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zkd
