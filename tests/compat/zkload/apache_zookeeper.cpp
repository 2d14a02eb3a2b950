#include "tests/compat/zkload/apache_zookeeper.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
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
  std::ofstream(dir_ + "/log4j.properties")
      << "log4j.rootLogger=WARN, FILE\nlog4j.appender.FILE=org.apache.log4j.FileAppender\n"
      << "log4j.appender.FILE.File=" << dir_ << "/zookeeper.log\n"
      << "log4j.appender.FILE.layout=org.apache.log4j.PatternLayout\n"
      << "log4j.appender.FILE.layout.ConversionPattern=%d %p %c: %m%n\n";
  const std::string log_dir = "-Dzookeeper.log.dir=" + dir_;
  const std::string log_conf = "-Dlog4j.configuration=file:" + dir_ + "/log4j.properties";
  const std::string classpath = dir_ +
                                ":/usr/share/java/zookeeper.jar:/usr/share/java/"
                                "slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar";
  const std::string cfg = dir_ + "/zoo.cfg";
  const std::string out = dir_ + "/stdout.txt";
  pid_ = ::fork();
  if (pid_ == 0) {
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::execlp("java", "java", log_dir.c_str(), log_conf.c_str(), "-cp", classpath.c_str(),
             "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg.c_str(), nullptr);
    ::_exit(127);
  }
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
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port_));
  ::inet_pton(AF_INET, address_.c_str(), &sa.sin_addr);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      ::send(fd, word.data(), word.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(word.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

}  // namespace zks::testing
