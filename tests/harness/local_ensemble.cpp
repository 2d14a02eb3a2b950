#include "tests/harness/local_ensemble.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/harness/address_block.hpp"
#include "tests/harness/child_process.hpp"
#include "tests/harness/process_tree.hpp"
#include "tests/harness/test_hosts.hpp"
#include "tests/harness/text_file.hpp"

namespace zkd::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = "ZKD_LOCAL_ENSEMBLE";
constexpr int kQuorumPort = 2888;
constexpr int kElectionPort = 3888;
// Four-letter words to a node that may be stopped must not hold a poll loop up for long.
constexpr std::chrono::milliseconds kProbeTimeout{1000};

// The value of `key` in a `mntr` reply (tab-separated lines); "" when absent.
std::string mntr_value(const std::string& mntr, const std::string& key) {
  std::istringstream in(mntr);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "\t", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

// Polls pred every 20 ms (each poll costs a few four-letter words) until it holds; false
// at the deadline.
bool poll_until(const std::function<bool()>& pred, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Every thread of pid is in stopped state: SIGSTOP has taken effect (kill() returns before).
bool all_threads_stopped(pid_t pid) {
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    const std::string stat = read_text_file(task.path().string() + "/stat");
    const size_t close = stat.rfind(')');  // the command name may hold spaces and parens
    if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'T') {
      return false;
    }
  }
  return !ec;
}

// The namespace network of the ensemble in block 127.0.X: "zkdens-X".
std::string network_name(const std::string& block) {
  return "zkdens-" + block.substr(block.rfind('.') + 1);
}

void kill_block(const std::string& block) {
  kill_and_reap(processes_with_env(std::string(kMarker) + "=" + block), std::chrono::seconds(10));
  remove_network(network_name(block));
}

}  // namespace

const char* to_string(ServerKind kind) {
  return kind == ServerKind::kZkServer ? "zkserver" : "ApacheZooKeeper";
}

LocalEnsemble::LocalEnsemble(LocalEnsembleOptions options) : options_(std::move(options)) {
  const size_t n = options_.voters + options_.observers;
  if (n < 1 || n > 250) throw std::invalid_argument("LocalEnsemble: 1..250 nodes");
  char tmpl[] = "/tmp/zkd-ensemble-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  try {
    const ClaimedBlock claimed =
        claim_loopback_block(20, 29, kill_block, [n](const std::string& b) {
          for (size_t i = 1; i <= n; ++i) {
            const std::string a = b + "." + std::to_string(i);
            for (int port : {kClientPort, kQuorumPort, kElectionPort, kAdminPort}) {
              if (!address_free(a, static_cast<uint16_t>(port))) return false;
            }
          }
          return true;
        });
    block_ = claimed.prefix;
    lock_fd_ = claimed.lock_fd;
    if (options_.network_namespaces) {
      const int subnet = std::stoi(block_.substr(block_.rfind('.') + 1));
      net_ = std::make_unique<NamespaceNetwork>(network_name(block_), subnet, n + 1);
      for (size_t i = 0; i < n; ++i) addresses_.push_back(net_->address(i));
      client_scope_ = std::make_unique<NetnsScope>(net_->ns(n));
    } else {
      for (size_t i = 0; i < n; ++i) addresses_.push_back(block_ + "." + std::to_string(i + 1));
    }
    for (size_t i = 0; i < n; ++i) {
      fs::create_directories(node_dir(i) + "/data");
      fs::create_directories(node_dir(i) + "/logs");
      write_text_file(node_dir(i) + "/data/myid", std::to_string(i + 1) + "\n");
      write_config(i);
    }
  } catch (...) {
    release();
    throw;
  }
  pids_.assign(n, -1);
  paused_.assign(n, false);
  isolated_.assign(n, false);
}

LocalEnsemble::~LocalEnsemble() {
  kill_all();
  release();
}

void LocalEnsemble::release() {
  client_scope_.reset();
  net_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the block
  lock_fd_ = -1;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string LocalEnsemble::node_dir(size_t i) const {
  return dir_ + "/n" + std::to_string(i + 1);
}

void LocalEnsemble::write_config(size_t i) const {
  const bool zkserver = options_.kind == ServerKind::kZkServer;
  std::string cfg =
      "tickTime=" + std::to_string(options_.tick_ms) +
      "\ninitLimit=" + std::to_string(options_.init_limit) +
      "\nsyncLimit=" + std::to_string(options_.sync_limit) + "\ndataDir=" + node_dir(i) +
      "/data\nclientPort=" + std::to_string(kClientPort) + "\nclientPortAddress=" + addresses_[i] +
      "\n4lw.commands.whitelist=*\nmaxClientCnxns=0\n"
      // Apache ZooKeeper's Jetty admin server only slows its start down.
      "admin.enableServer=" +
      (zkserver ? "true" : "false") + "\nadmin.serverAddress=" + addresses_[i] +
      "\nadmin.serverPort=" + std::to_string(kAdminPort) + "\n";
  if (observer(i)) cfg += "peerType=observer\n";
  for (size_t k = 0; k < addresses_.size(); ++k) {
    cfg += "server." + std::to_string(k + 1) + "=" + addresses_[k] + ":" +
           std::to_string(kQuorumPort) + ":" + std::to_string(kElectionPort) +
           (observer(k) ? ":observer" : "") + "\n";
  }
  write_text_file(node_dir(i) + "/zoo.cfg", cfg + options_.extra_config);
}

std::string LocalEnsemble::connect_string() const {
  std::vector<size_t> all;
  for (size_t i = 0; i < size(); ++i) all.push_back(i);
  return connect_string(all);
}

std::string LocalEnsemble::connect_string(const std::vector<size_t>& nodes) const {
  std::string out;
  for (size_t i : nodes) {
    if (!out.empty()) out += ",";
    out += addresses_.at(i) + ":" + std::to_string(kClientPort);
  }
  return out;
}

void LocalEnsemble::start(size_t i) {
  if (pids_.at(i) > 0) return;
  const std::string marker = std::string(kMarker) + "=" + block_;
  const std::string cfg = node_dir(i) + "/zoo.cfg";
  const std::string logs = node_dir(i) + "/logs";
  // A child inherits the network namespace of the thread that forks it.
  std::optional<NetnsScope> in;
  if (net_) in.emplace(net_->ns(i));
  if (options_.kind == ServerKind::kZkServer) {
    pids_[i] = spawn_child({options_.zkserver_binary, cfg}, {marker}, logs + "/zkserver.out");
  } else {
    pids_[i] = start_zookeeper(cfg, logs, options_.jvm, "INFO", {marker});
  }
  paused_[i] = false;
}

void LocalEnsemble::start_all() {
  for (size_t i = 0; i < size(); ++i) start(i);
}

void LocalEnsemble::kill9(size_t i) {
  if (pids_.at(i) <= 0) return;
  ::kill(pids_[i], SIGKILL);
  ::waitpid(pids_[i], nullptr, 0);
  pids_[i] = -1;
  paused_[i] = false;
}

void LocalEnsemble::stop(size_t i, std::chrono::milliseconds grace) {
  if (pids_.at(i) <= 0) return;
  if (paused_[i]) resume(i);  // a stopped process cannot act on SIGTERM
  ::kill(pids_[i], SIGTERM);
  const pid_t pid = pids_[i];
  const bool exited = wait_until([pid] { return ::waitpid(pid, nullptr, WNOHANG) == pid; }, grace);
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  pids_[i] = -1;
}

void LocalEnsemble::restart(size_t i) {
  stop(i);
  start(i);
}

void LocalEnsemble::pause(size_t i) {
  if (pids_.at(i) <= 0) throw std::logic_error("pause: node " + std::to_string(i) + " not running");
  ::kill(pids_[i], SIGSTOP);
  const pid_t pid = pids_[i];
  if (!wait_until([pid] { return all_threads_stopped(pid); }, std::chrono::seconds(10))) {
    throw std::runtime_error("pause: node " + std::to_string(i) + " did not stop");
  }
  paused_[i] = true;
}

void LocalEnsemble::resume(size_t i) {
  if (pids_.at(i) <= 0) return;
  ::kill(pids_[i], SIGCONT);
  paused_[i] = false;
}

void LocalEnsemble::isolate(size_t i) {
  if (!net_) throw std::logic_error("isolate: the ensemble has no network namespaces");
  net_->cut(i);
  isolated_.at(i) = true;
}

void LocalEnsemble::heal(size_t i) {
  if (!net_) throw std::logic_error("heal: the ensemble has no network namespaces");
  net_->heal(i);
  isolated_.at(i) = false;
}

void LocalEnsemble::kill_all() {
  std::set<pid_t> pids;
  for (pid_t p : pids_) {
    if (p > 0) pids.insert(p);
  }
  kill_and_reap(pids, std::chrono::seconds(10));
  pids_.assign(pids_.size(), -1);
}

std::string LocalEnsemble::four_letter_word(size_t i, const std::string& word) const {
  std::optional<NetnsScope> in;  // node i reaches itself even when isolated
  if (net_) in.emplace(net_->ns(i));
  return zkd::testing::four_letter_word(addresses_.at(i), kClientPort, word, kProbeTimeout);
}

std::string LocalEnsemble::mode(size_t i) const {
  return srvr_mode(four_letter_word(i, "srvr"));
}

std::optional<size_t> LocalEnsemble::leader() const {
  std::optional<size_t> found;
  for (size_t i = 0; i < size(); ++i) {
    if (!reachable(i) || mode(i) != "leader") continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

std::optional<size_t> LocalEnsemble::wait_for_leader(std::chrono::milliseconds deadline) const {
  std::optional<size_t> found;
  const bool settled = poll_until(
      [&] {
        found.reset();
        for (size_t i = 0; i < size(); ++i) {
          if (!reachable(i)) continue;
          const std::string m = mode(i);
          if (m == "leader") {
            if (found) return false;
            found = i;
          } else if (m != "follower" && m != "observer") {
            return false;
          }
        }
        return found.has_value();
      },
      deadline);
  return settled ? found : std::nullopt;
}

bool LocalEnsemble::wait_synced(size_t i, std::chrono::milliseconds deadline) const {
  return poll_until(
      [&] {
        const std::optional<size_t> lead = leader();
        if (!lead) return false;
        if (*lead == i) return true;
        const std::string m = mode(i);
        if (m != "follower" && m != "observer") return false;
        size_t followers = 0;
        for (size_t k = 0; k < size(); ++k) {
          followers += k != *lead && !observer(k) && reachable(k);
        }
        const std::string synced =
            mntr_value(four_letter_word(*lead, "mntr"), "zk_synced_followers");
        return !synced.empty() && std::stoul(synced) >= followers;
      },
      deadline);
}

std::optional<std::string> LocalEnsemble::admin_get(size_t i, const std::string& path) const {
  std::optional<NetnsScope> in;
  if (net_) in.emplace(net_->ns(i));
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(kAdminPort);
  ::inet_pton(AF_INET, addresses_.at(i).c_str(), &addr.sin_addr);
  const std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: " + addresses_[i] + "\r\nConnection: close\r\n\r\n";
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  std::string reply;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      reply.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  const size_t body = reply.find("\r\n\r\n");
  return body == std::string::npos ? "" : reply.substr(body + 4);
}

std::string LocalEnsemble::logs(size_t i) const {
  const std::string logs = node_dir(i) + "/logs/";
  std::string out;
  for (const char* name : {"zkserver.out", "zookeeper.out", "zookeeper.log"}) {
    if (fs::exists(logs + name)) out += "--- " + logs + name + "\n" + read_text_file(logs + name);
  }
  return out.size() > 20000 ? out.substr(out.size() - 20000) : out;
}

}  // namespace zkd::testing
