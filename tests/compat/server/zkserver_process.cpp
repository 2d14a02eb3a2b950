#include "tests/compat/server/zkserver_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "tests/harness/child_process.hpp"

namespace zks::testing {
namespace {

sockaddr_in address(const std::string& host, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  return a;
}

}  // namespace

std::string test_host() {
  std::random_device rd;
  return "127.0." + std::to_string(2 + rd() % 8) + "." + std::to_string(1 + rd() % 254);
}

int free_port(const std::string& host) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = address(host, 0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind " + host);
  }
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

ZkServerProcess::ZkServerProcess(std::string binary, std::string extra_config)
    : binary_(std::move(binary)), host_(test_host()) {
  char tmpl[] = "/tmp/zkserver-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  port_ = free_port(host_);
  std::filesystem::create_directories(dir_ + "/data");
  std::ofstream cfg(dir_ + "/zoo.cfg");
  cfg << "tickTime=2000\ndataDir=" << dir_ << "/data\nclientPort=" << port_
      << "\nclientPortAddress=" << host_ << "\n4lw.commands.whitelist=*\nmaxClientCnxns=0\n"
      << "admin.enableServer=false\n"
      << extra_config;
}

ZkServerProcess::~ZkServerProcess() {
  if (pid_ > 0) stop(SIGKILL);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ZkServerProcess::start(int deadline_ms) {
  const std::string cfg = dir_ + "/zoo.cfg";
  // Apache ZooKeeper runs here only as the benchmarks' reference: at full speed.
  pid_ = binary_ == "apache" ? zkd::testing::start_zookeeper(
                                   cfg, dir_, zkd::testing::JvmProfile::kFullSpeed, "WARN")
                             : zkd::testing::spawn_child({binary_, cfg}, {}, dir_ + "/server.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited during start; see the logs in " + dir_);
    }
    if (four_letter_word(host_, port_, "ruok") == "imok") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // polling interval, not a wait
  }
  throw std::runtime_error("server did not start within the deadline");
}

int ZkServerProcess::stop(int signal_number) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  return status;
}

}  // namespace zks::testing
