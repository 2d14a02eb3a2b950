#include "tests/compat/zkload/apache_zookeeper.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/harness/zookeeper_process.hpp"

namespace zks::testing {
namespace {

// A port nobody listens on right now at address (bind to port 0, read it back, release it).
int FreePort(const std::string& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  socklen_t len = sizeof sa;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) == 0) {
    port = ntohs(sa.sin_port);
  }
  ::close(fd);
  return port;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace

ApacheZooKeeper::~ApacheZooKeeper() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

bool ApacheZooKeeper::Start(double timeout_seconds, std::string* error) {
  std::string tmpl = std::filesystem::temp_directory_path() / "zks-apache-zk-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    *error = "mkdtemp failed";
    return false;
  }
  dir_ = tmpl;
  port_ = FreePort(address_);
  if (port_ == 0) {
    *error = "no free port on " + address_;
    return false;
  }
  std::filesystem::create_directories(dir_ + "/data");
  std::ofstream(dir_ + "/zoo.cfg")
      << "tickTime=2000\ndataDir=" << dir_ << "/data\nclientPort=" << port_
      << "\nclientPortAddress=" << address_
      << "\nadmin.enableServer=false\nmaxClientCnxns=0\n"
         "4lw.commands.whitelist=srvr,ruok\n";
  const std::string out = dir_ + "/zookeeper.out";
  pid_ = zkd::testing::start_zookeeper(dir_ + "/zoo.cfg", dir_,
                                       zkd::testing::JvmProfile::kFastStart, "WARN");
  // Poll `srvr` until the server reports it is serving, or the deadline passes.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (FourLetterWord("srvr").find("Mode: standalone") != std::string::npos) return true;
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      *error = "Apache ZooKeeper exited at start:\n" + Tail(out) + Tail(dir_ + "/zookeeper.log");
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval
  }
  *error = "Apache ZooKeeper not serving on " + connect() + " after " +
           std::to_string(timeout_seconds) + " s:\n" + Tail(out) + Tail(dir_ + "/zookeeper.log");
  return false;
}

std::string ApacheZooKeeper::FourLetterWord(const std::string& word) const {
  return zkd::testing::four_letter_word(address_, port_, word);
}

}  // namespace zks::testing
