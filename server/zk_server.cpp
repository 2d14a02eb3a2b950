#include "server/zk_server.hpp"

#include <pwd.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <vector>

#include "server/ensemble/admin_http.hpp"
#include "server/ensemble/replicated_txn_log.hpp"
#include "server/net/client_port.hpp"
#include "server/net/event_loop.hpp"
#include "server/persistence/disk_txn_log.hpp"
#include "server/persistence/recovery.hpp"
#include "server/processor/request_processor.hpp"
#include "server/processor/state_machine.hpp"
#include "server/processor/txn_log.hpp"
#include "server/util/clock.hpp"

namespace zks {
namespace {

int64_t dir_size(const std::string& dir) {
  std::error_code ec;
  int64_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += static_cast<int64_t>(it->file_size(ec));
  }
  return total;
}

int64_t open_fd_count() {
  std::error_code ec;
  int64_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

std::vector<std::pair<std::string, std::string>> environment() {
  std::vector<std::pair<std::string, std::string>> env{{"zookeeper.version", server_version()}};
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  env.emplace_back("host.name", host);
  utsname u{};
  uname(&u);
  std::string arch = u.machine;
  env.emplace_back("os.name", u.sysname);
  env.emplace_back("os.arch", arch == "x86_64" ? "amd64" : arch);
  env.emplace_back("os.version", u.release);
  if (passwd* pw = getpwuid(getuid())) {
    env.emplace_back("user.name", pw->pw_name);
    env.emplace_back("user.home", pw->pw_dir);
  }
  std::error_code ec;
  env.emplace_back("user.dir", std::filesystem::current_path(ec).string());
  env.emplace_back("process.id", std::to_string(getpid()));
  return env;
}

}  // namespace

const char* server_version() {
  return "3.8.0-zkserver-" ZKS_VERSION ", built on " ZKS_BUILD_DATE;
}

struct ZkServer::Impl {
  explicit Impl(ServerConfig c)
      : config(std::move(c)),
        sm(config.my_id, config.min_session_timeout, config.max_session_timeout),
        log(make_log()),
        last_snapshot_zxid(sm.last_zxid()),
        port(loop, ClientPortOptions{config.client_port_address, config.client_port,
                                     config.max_client_cnxns, config.jute_max_buffer,
                                     config.four_letter_words}),
        processor(sm, *log, port, config.reconfig_enabled) {}

  // Standalone: the disk log over what recovery found. Ensemble: the replicated log, which
  // recovers the Raft state itself.
  std::unique_ptr<TxnLog> make_log() {
    if (ensemble::is_ensemble(config)) {
      auto r = std::make_unique<ensemble::ReplicatedTxnLog>(
          loop, config, ensemble::make_ensemble_config(config), sm);
      replicated = r.get();
      return r;
    }
    Recovered recovered = recover(config, sm, steady_ms());
    data_dir_lock = std::move(recovered.lock);
    auto d = std::make_unique<DiskTxnLog>(
        std::move(recovered.log), std::move(recovered.snapshots), loop, sm.last_zxid(),
        PurgePolicy{static_cast<size_t>(config.snap_retain_count),
                    int64_t(config.purge_interval_hours) * 3600 * 1000});
    disk = d.get();
    return d;
  }

  ServerStats stats(uint64_t asking) const {
    ServerStats s;
    s.version = server_version();
    const auto& lat = processor.latency();
    s.min_latency_ms = lat.min_ms;
    s.max_latency_ms = lat.max_ms;
    s.avg_latency_ms = lat.count ? double(lat.total_ms) / double(lat.count) : 0.0;
    s.received = port.packets_received();
    s.sent = port.packets_sent();
    s.outstanding = processor.outstanding();
    s.zxid = processor.last_zxid();
    s.node_count = sm.tree.node_count() + 1;  // ZooKeeper counts the root twice ("" and "/")
    s.ephemerals = sm.tree.ephemeral_count();
    s.sessions = sm.sessions.all().size();
    s.data_size = sm.tree.approximate_data_size();
    s.watches = processor.watches().watch_count();
    s.watch_paths = processor.watches().path_count();
    s.watchers = processor.watches().watcher_count();
    s.uptime_ms = steady_ms() - started_ms;
    s.open_fds = open_fd_count();
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    s.max_fds = static_cast<int64_t>(rl.rlim_cur);
    s.data_dir_size = dir_size(config.data_dir);
    s.log_dir_size = dir_size(config.data_log_dir);
    s.connections = port.connection_stats(asking);
    s.client_port = config.client_port;
    s.tick_time = config.tick_time;
    s.max_client_cnxns = config.max_client_cnxns;
    s.min_session_timeout = config.min_session_timeout;
    s.max_session_timeout = config.max_session_timeout;
    s.server_id = config.my_id;
    s.data_dir = config.data_dir;
    s.data_log_dir = config.data_log_dir;
    s.environment = environment();
    if (replicated) {
      const ensemble::ReplicationStatus r = replicated->status();
      s.mode = r.mode;
      s.serving = r.serving;
      s.replication = ReplicationStats{r.quorum_size, r.learners, r.synced_followers,
                                       r.synced_observers, r.pending_syncs};
      const ensemble::EnsembleConfig& e = replicated->ensemble();
      s.ensemble_conf =
          EnsembleConf{config.init_limit,    config.sync_limit, e.self().election_port,
                       e.self().quorum_port, e.self().observer, replicated->dynamic_config()};
    }
    return s;
  }

  ServerConfig config;
  int64_t started_ms = steady_ms();
  EventLoop loop;
  StateMachine sm;
  std::unique_ptr<storage::FileLock> data_dir_lock;
  DiskTxnLog* disk = nullptr;
  ensemble::ReplicatedTxnLog* replicated = nullptr;
  std::unique_ptr<TxnLog> log;
  int64_t last_snapshot_zxid;
  ClientPort port;
  RequestProcessor processor;
};

ZkServer::ZkServer(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
ZkServer::~ZkServer() = default;

void ZkServer::block_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int ZkServer::run() {
  Impl& s = *impl_;
  s.port.attach(s.processor, [&s](uint64_t asking) { return s.stats(asking); });
  s.port.listen();

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  bool stopping = false;
  s.loop.add(sfd, EPOLLIN, [&](uint32_t) {
    signalfd_siginfo info{};
    if (read(sfd, &info, sizeof info) == sizeof info) {
      spdlog::info("received signal {}, shutting down", info.ssi_signo);
      stopping = true;
      s.loop.stop();
    }
  });
  std::vector<int> timers;
  auto every = [&](int period_ms, std::function<void()> fn) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    itimerspec its{};
    its.it_interval.tv_sec = its.it_value.tv_sec = period_ms / 1000;
    its.it_interval.tv_nsec = its.it_value.tv_nsec = long(period_ms % 1000) * 1000 * 1000;
    timerfd_settime(fd, 0, &its, nullptr);
    s.loop.add(fd, EPOLLIN, [fd, fn = std::move(fn)](uint32_t) {
      uint64_t expirations;
      if (read(fd, &expirations, sizeof expirations) > 0) fn();
    });
    timers.push_back(fd);
  };
  every(100, [&s] { s.processor.tick(steady_ms()); });
  std::unique_ptr<ensemble::AdminHttp> admin;
  if (s.replicated) {
    s.replicated->start();
    // Like ZooKeeper, a member without a leader for an election timeout drops its clients so
    // they move to a member that serves (four-letter words still answer).
    const auto& timing = s.replicated->ensemble().timing;
    const int64_t leaderless_limit_ms = int64_t(timing.election_ticks) * timing.tick_ms;
    every(timing.tick_ms, [&s, leaderless_limit_ms, since = int64_t{-1}]() mutable {
      const int64_t now = steady_ms();
      s.replicated->tick(now);
      if (s.replicated->serving()) {
        since = -1;
      } else if (since < 0) {
        since = now;
      } else if (now - since >= leaderless_limit_ms) {
        if (const size_t n = s.port.close_sessions()) {
          spdlog::info("no leader for {} ms: closed {} client connection(s)", now - since, n);
        }
      }
    });
    if (s.config.admin_server_port > 0) {
      admin = std::make_unique<ensemble::AdminHttp>(
          s.loop, *s.replicated, s.config.admin_server_address, s.config.admin_server_port);
      admin->listen();
      s.loop.at_turn_end([&admin] { admin->poll(steady_us()); });
    }
  }
  s.loop.at_turn_end([&s] {
    s.processor.flush();
    s.port.flush_writes();
    if (s.disk && s.sm.last_zxid() - s.last_snapshot_zxid >= s.config.snap_count) {
      s.last_snapshot_zxid = s.sm.last_zxid();
      s.disk->snapshot(s.last_snapshot_zxid, s.sm.snapshot());
    }
  });

  spdlog::info("zkserver {} serving clients on {}:{} ({}, myid {})", server_version(),
               s.config.client_port_address.empty() ? "0.0.0.0" : s.config.client_port_address,
               s.port.bound_port(),
               s.replicated ? "ensemble " + s.replicated->ensemble().cluster_id : "standalone",
               s.config.my_id);
  s.loop.run();

  // Graceful stop: no new connections; pending transactions become durable and are answered.
  s.port.stop_accepting();
  s.processor.flush();
  if (s.disk) s.disk->drain();
  if (s.replicated) s.replicated->stop();
  s.port.flush_writes();
  auto deadline = steady_ms() + 2000;
  while (s.port.has_pending_output() && steady_ms() < deadline) s.loop.run_once(50);
  s.port.close_all();
  s.loop.remove(sfd);
  close(sfd);
  for (int fd : timers) {
    s.loop.remove(fd);
    close(fd);
  }
  spdlog::info("zkserver stopped (last zxid 0x{:x})", s.processor.last_zxid());
  return stopping ? 0 : 1;
}

}  // namespace zks
