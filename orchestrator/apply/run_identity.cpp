#include "orchestrator/apply/run_identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

namespace zkd {
namespace {

std::string format_utc(std::chrono::system_clock::time_point t, const char* format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string user_name() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) return pw->pw_name;
  const char* env = std::getenv("USER");
  return env != nullptr ? env : "unknown";
}

}  // namespace

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return format_utc(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string RunIdentity::holder() const {
  return user + "@" + machine + " " + std::to_string(pid) + " " + iso_utc(started) + " " + run_id;
}

RunIdentity current_run_identity() {
  RunIdentity id;
  id.started = std::chrono::system_clock::now();
  id.user = user_name();
  char host[256] = {};
  id.machine = ::gethostname(host, sizeof host - 1) == 0 ? host : "unknown";
  id.pid = static_cast<long>(::getpid());
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", std::random_device{}() & 0xffffffu);
  id.run_id = format_utc(id.started, "%Y%m%dT%H%M%SZ") + "-" + suffix;
  return id;
}

}  // namespace zkd
