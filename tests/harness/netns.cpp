#include "tests/harness/netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "tests/harness/child_process.hpp"

namespace zkd::testing {
namespace {

constexpr const char* kIp = "/usr/sbin/ip";

std::string hub(const std::string& name) {
  return name + "-hub";
}

}  // namespace

NetnsScope::NetnsScope(const std::string& name) {
  saved_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  const int target = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  const bool entered = saved_ >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
  if (target >= 0) ::close(target);
  if (!entered) {
    if (saved_ >= 0) ::close(saved_);
    throw std::runtime_error("cannot enter network namespace " + name);
  }
}

NetnsScope::~NetnsScope() {
  ::setns(saved_, CLONE_NEWNET);
  ::close(saved_);
}

NamespaceNetwork::NamespaceNetwork(std::string name, int subnet, size_t members)
    : name_(std::move(name)), subnet_(subnet), members_(members) {
  remove_network(name_);
  try {
    run_command({kIp, "netns", "add", hub(name_)});
    run_command({kIp, "-n", hub(name_), "link", "add", "br0", "type", "bridge"});
    run_command({kIp, "-n", hub(name_), "link", "set", "br0", "up"});
    for (size_t i = 0; i < members_; ++i) {
      const std::string veth = "h" + std::to_string(i);
      run_command({kIp, "netns", "add", ns(i)});
      run_command({kIp, "-n", hub(name_), "link", "add", veth, "type", "veth", "peer", "name",
                   "eth0", "netns", ns(i)});
      run_command({kIp, "-n", hub(name_), "link", "set", veth, "master", "br0", "up"});
      run_command({kIp, "-n", ns(i), "addr", "add", address(i) + "/24", "dev", "eth0"});
      run_command({kIp, "-n", ns(i), "link", "set", "eth0", "up"});
      run_command({kIp, "-n", ns(i), "link", "set", "lo", "up"});
    }
  } catch (...) {
    remove_network(name_);
    throw;
  }
}

NamespaceNetwork::~NamespaceNetwork() {
  try {
    remove_network(name_);
  } catch (const std::exception&) {
    // Best effort: the next network of this name removes what is left.
  }
}

std::string NamespaceNetwork::ns(size_t i) const {
  return name_ + "-m" + std::to_string(i);
}

std::string NamespaceNetwork::address(size_t i) const {
  return "10.231." + std::to_string(subnet_) + "." + std::to_string(i + 1);
}

void NamespaceNetwork::cut(size_t i) {
  run_command({kIp, "-n", hub(name_), "link", "set", "h" + std::to_string(i), "down"});
}

void NamespaceNetwork::heal(size_t i) {
  run_command({kIp, "-n", hub(name_), "link", "set", "h" + std::to_string(i), "up"});
}

void remove_network(const std::string& name) {
  std::error_code ec;
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    const std::string ns = entry.path().filename();
    if (ns == hub(name) || ns.starts_with(name + "-m")) found.push_back(ns);
  }
  for (const std::string& ns : found) run_command({kIp, "netns", "del", ns});
}

}  // namespace zkd::testing
