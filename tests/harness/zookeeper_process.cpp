#include "tests/harness/zookeeper_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "tests/harness/child_process.hpp"

namespace zkd::testing {
namespace {

constexpr const char* kClasspath =
    "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-api.jar:"
    "/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar";

void write_log4j(const std::string& log_dir, const std::string& level) {
  const std::string path = log_dir + "/log4j.properties";
  std::ofstream out(path, std::ios::trunc);
  out << "log4j.rootLogger=" << level
      << ", F\nlog4j.appender.F=org.apache.log4j.FileAppender\n"
         "log4j.appender.F.File=${zookeeper.log.dir}/zookeeper.log\n"
         "log4j.appender.F.layout=org.apache.log4j.PatternLayout\n"
         "log4j.appender.F.layout.ConversionPattern=%d %p [%t] %c{1}: %m%n\n"
         // One line per four-letter word drowns everything else: harnesses poll them.
         "log4j.logger.org.apache.zookeeper.server.NIOServerCnxn=WARN\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

std::vector<std::string> zookeeper_command(const std::string& zoo_cfg, const std::string& log_dir,
                                           JvmProfile profile) {
  std::vector<std::string> args = {"/usr/bin/java"};
  if (profile == JvmProfile::kFastStart) {
    // A JVM that serves within about a second and stays small: tests start many of them.
    args.insert(args.end(),
                {"-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"});
  } else {
    // What a production deployment would run; the heap is fixed so GC resizing does not
    // show up in the figures.
    args.insert(args.end(), {"-Xms512m", "-Xmx512m"});
  }
  args.insert(args.end(),
              {"-Dzookeeper.log.dir=" + log_dir,
               "-Dlog4j.configuration=file:" + log_dir + "/log4j.properties", "-cp", kClasspath,
               "org.apache.zookeeper.server.quorum.QuorumPeerMain", zoo_cfg});
  return args;
}

pid_t start_zookeeper(const std::string& zoo_cfg, const std::string& log_dir, JvmProfile profile,
                      const std::string& log_level, const std::vector<std::string>& env) {
  write_log4j(log_dir, log_level);
  return spawn_child(zookeeper_command(zoo_cfg, log_dir, profile), env, log_dir + "/zookeeper.out");
}

std::string four_letter_word(const std::string& host, int port, const std::string& word,
                             std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  const auto ms = timeout.count();
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, word.data(), word.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(word.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      reply.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return reply;
}

std::string srvr_mode(const std::string& reply) {
  const size_t at = reply.find("Mode: ");
  if (at == std::string::npos) return "";
  const size_t end = reply.find('\n', at);
  return reply.substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6);
}

std::string server_mode(const std::string& host, int port) {
  return srvr_mode(four_letter_word(host, port, "srvr"));
}

}  // namespace zkd::testing
