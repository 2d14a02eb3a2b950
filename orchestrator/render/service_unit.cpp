#include "orchestrator/render/service_unit.hpp"

#include <cstdio>

namespace zkd {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;

// -Xmx in the largest unit that divides the size exactly (the JVM reads k and m suffixes).
std::string heap_flag(std::uint64_t bytes) {
  if (bytes % kMiB == 0) return "-Xmx" + std::to_string(bytes / kMiB) + "m";
  if (bytes % kKiB == 0) return "-Xmx" + std::to_string(bytes / kKiB) + "k";
  return "-Xmx" + std::to_string(bytes);
}

bool plain_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("._/+@:=,*-").find(c) != std::string_view::npos;
}

std::string systemd_word(const std::string& word) {
  bool plain = !word.empty();
  for (char c : word) plain = plain && plain_word_char(c);
  if (plain) return word;
  std::string out = "\"";
  for (char c : word) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '%':
        out += "%%";
        break;
      case '$':
        out += "$$";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
          out += hex;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string systemd_unit_name(std::string_view cluster) {
  return "zkdeploy-" + std::string(cluster) + ".service";
}

std::string systemd_unit_path(std::string_view install_root, std::string_view cluster) {
  return std::string(install_root) + "/" + std::string(cluster) + "/conf/" +
         systemd_unit_name(cluster);
}

std::vector<std::string> server_command(const Host& host) {
  const std::string current = host.current_link();
  if (host.artifact.kind == ArtifactKind::zkserver) {
    return {current + "/zkserver", host.zoo_cfg_path()};
  }
  std::vector<std::string> argv{host.artifact.java};
  if (host.service.heap_size) argv.push_back(heap_flag(*host.service.heap_size));
  argv.insert(argv.end(),
              {"-XX:+ExitOnOutOfMemoryError", "-Dzookeeper.log.dir=" + host.logs_dir(), "-cp",
               host.conf_dir() + ":" + current + "/*:" + current + "/lib/*",
               "org.apache.zookeeper.server.quorum.QuorumPeerMain", host.zoo_cfg_path()});
  return argv;
}

std::string systemd_command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& word : argv) line += (line.empty() ? "" : " ") + systemd_word(word);
  return line;
}

}  // namespace zkd
