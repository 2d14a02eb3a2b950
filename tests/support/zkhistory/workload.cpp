#include "tests/support/zkhistory/workload.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <zookeeper/zookeeper.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <random>

namespace zks::zkhistory {
namespace {

using lincheck::Kind;
using lincheck::Operation;
using lincheck::Outcome;

// Refusals mean the server decided against the request; anything else that is not ZOK
// (connection loss, timeout, expiry) leaves it open whether the request took effect.
Outcome outcome_of(int rc) {
  switch (rc) {
    case ZOK:
      return Outcome::kOk;
    case ZNONODE:
    case ZNODEEXISTS:
    case ZBADVERSION:
    case ZBADARGUMENTS:
    case ZINVALIDSTATE:  // the client refused to send it
    case ZNOAUTH:
    case ZNOTEMPTY:
      return Outcome::kFailed;
    default:
      return Outcome::kUnknown;
  }
}

void ignore_sync(int, const char*, const void*) {}

std::string address_of(const sockaddr* sa) {
  if (sa == nullptr || sa->sa_family != AF_INET) return "";
  const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
}

}  // namespace

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string register_path(const WorkloadOptions& o, int k) {
  return o.root + "/r" + std::to_string(k);
}

std::string set_path(const WorkloadOptions& o, int k) {
  return o.root + "/s" + std::to_string(k);
}

struct Workload::Client {
  int index = 0;
  const WorkloadOptions* options = nullptr;
  const std::atomic<bool>* stopping = nullptr;
  std::atomic<uint64_t>* acknowledged = nullptr;
  zhandle_t* zh = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  bool connected = false;  // guarded by mu, like host
  std::string host;
  lincheck::History ops;  // written by the client's thread only
  std::mt19937 rng;
  int64_t seq = 0;

  static void watcher(zhandle_t* zh, int type, int state, const char*, void* context) {
    if (type != ZOO_SESSION_EVENT) return;
    auto* c = static_cast<Client*>(context);
    std::lock_guard lock(c->mu);
    c->connected = state == ZOO_CONNECTED_STATE;
    if (c->connected) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      c->host =
          address_of(zookeeper_get_connected_host(zh, reinterpret_cast<sockaddr*>(&addr), &len));
    } else {
      c->host.clear();
    }
    c->cv.notify_all();
  }

  // A usable session, reopened after expiry; false while none is connected.
  bool ready() {
    if (zh != nullptr && zoo_state(zh) == ZOO_EXPIRED_SESSION_STATE) {
      zookeeper_close(zh);
      zh = nullptr;
    }
    if (zh == nullptr) {
      {
        std::lock_guard lock(mu);
        connected = false;
      }
      zh = zookeeper_init(options->connect.c_str(), watcher, options->session_timeout_ms, nullptr,
                          this, 0);
      if (zh == nullptr) return false;
    }
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return connected; });
  }

  int64_t unique_value() { return static_cast<int64_t>(index + 1) * 1'000'000'000 + ++seq; }

  void run() {
    while (!stopping->load()) {
      if (ready()) one_operation();
    }
    if (zh != nullptr) zookeeper_close(zh);
    zh = nullptr;
  }

  // Runs request(op), which returns a ZooKeeper result code and fills in what it read, as
  // the recorded operation op.
  template <typename Request>
  Operation record(Kind kind, const std::string& key, int64_t value, Request request) {
    Operation op;
    op.client = index;
    op.kind = kind;
    op.key = key;
    op.value = value;
    op.invoked = now_ns();
    const int rc = request(op);
    op.completed = now_ns();
    op.outcome = outcome_of(rc);
    return op;
  }

  // sync + getData: sees every write acknowledged before the read was invoked.
  Operation read_register(int k) {
    const std::string path = register_path(*options, k);
    return record(Kind::kRead, "r" + std::to_string(k), 0, [&](Operation& op) {
      char buf[64] = {};
      int len = sizeof buf - 1;
      int rc = zoo_async(zh, path.c_str(), ignore_sync, nullptr);
      if (rc == ZOK) rc = zoo_get(zh, path.c_str(), 0, buf, &len, nullptr);
      if (rc == ZOK)
        op.value = std::strtoll(std::string(buf, len > 0 ? len : 0).c_str(), nullptr, 10);
      return rc;
    });
  }

  // sync + getChildren; the children are named e<value>.
  Operation read_set(int k) {
    const std::string path = set_path(*options, k);
    return record(Kind::kReadSet, "s" + std::to_string(k), 0, [&](Operation& op) {
      String_vector children{};
      int rc = zoo_async(zh, path.c_str(), ignore_sync, nullptr);
      if (rc == ZOK) rc = zoo_get_children(zh, path.c_str(), 0, &children);
      if (rc != ZOK) return rc;
      for (int i = 0; i < children.count; ++i) {
        op.values.push_back(std::strtoll(children.data[i] + 1, nullptr, 10));
      }
      deallocate_String_vector(&children);
      return rc;
    });
  }

  // setData of a unique value (lincheck register write).
  Operation write_register(int k) {
    const std::string path = register_path(*options, k);
    return record(Kind::kWrite, "r" + std::to_string(k), unique_value(), [&](Operation& op) {
      const std::string data = std::to_string(op.value);
      return zoo_set(zh, path.c_str(), data.data(), static_cast<int>(data.size()), -1);
    });
  }

  // create of a child named after a unique value (lincheck set add).
  Operation add_to_set(int k) {
    return record(Kind::kAdd, "s" + std::to_string(k), unique_value(), [&](Operation& op) {
      const std::string path = set_path(*options, k) + "/e" + std::to_string(op.value);
      return zoo_create(zh, path.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
    });
  }

  // Mostly register traffic; set reads are rarer because the sets grow.
  void one_operation() {
    const uint32_t dice = rng() % 100;
    const int reg = static_cast<int>(rng() % static_cast<uint32_t>(options->registers));
    const int set = static_cast<int>(rng() % static_cast<uint32_t>(options->sets));
    Operation op = dice < 45   ? write_register(reg)
                   : dice < 80 ? read_register(reg)
                   : dice < 93 ? add_to_set(set)
                               : read_set(set);
    if (op.outcome == Outcome::kOk && (op.kind == Kind::kWrite || op.kind == Kind::kAdd)) {
      acknowledged->fetch_add(1);
    }
    ops.push_back(std::move(op));
  }
};

Workload::Workload(WorkloadOptions options) : options_(std::move(options)) {
  zoo_set_debug_level(static_cast<ZooLogLevel>(0));  // the client's own log is noise here
  for (int i = 0; i < options_.clients; ++i) {
    auto c = std::make_unique<Client>();
    c->index = i;
    c->options = &options_;
    c->stopping = &stopping_;
    c->acknowledged = &acknowledged_;
    c->rng.seed(options_.seed * 7919 + static_cast<uint32_t>(i));
    clients_.push_back(std::move(c));
  }
}

Workload::~Workload() {
  stop();
}

namespace {

// A connected session of its own (setup, final reads), closed on destruction.
struct Session {
  WorkloadOptions options;
  Workload::Client client;
  Session(const WorkloadOptions& o, const std::string& connect) : options(o) {
    options.connect = connect;
    client.options = &options;
  }
  ~Session() {
    if (client.zh != nullptr) zookeeper_close(client.zh);
  }
  bool open(std::string* error) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!client.ready()) {
      if (std::chrono::steady_clock::now() > deadline) {
        *error = "no session to " + options.connect + " within 30 s";
        return false;
      }
    }
    return true;
  }
};

}  // namespace

bool Workload::setup(std::string* error) {
  Session session(options_, options_.connect);
  if (!session.open(error)) return false;
  zhandle_t* zh = session.client.zh;
  std::vector<std::pair<std::string, std::string>> nodes = {{options_.root, ""}};
  for (int k = 0; k < options_.registers; ++k) nodes.emplace_back(register_path(options_, k), "0");
  for (int k = 0; k < options_.sets; ++k) nodes.emplace_back(set_path(options_, k), "");
  for (const auto& [path, data] : nodes) {
    const int rc = zoo_create(zh, path.c_str(), data.data(), static_cast<int>(data.size()),
                              &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
    if (rc != ZOK) {
      *error = "create " + path + " on " + options_.connect + ": " + zerror(rc);
      return false;
    }
  }
  return true;
}

bool Workload::read_final_state(const std::string& connect, lincheck::History* reads,
                                std::string* error) const {
  Session session(options_, connect);
  if (!session.open(error)) return false;
  Workload::Client& c = session.client;
  c.index = -1;  // not one of the workload's clients
  for (int k = 0; k < options_.registers + options_.sets; ++k) {
    const bool reg = k < options_.registers;
    Operation op = reg ? c.read_register(k) : c.read_set(k - options_.registers);
    if (op.outcome != Outcome::kOk) {
      *error = "final read of " + op.key + " through " + connect + " failed";
      return false;
    }
    reads->push_back(std::move(op));
  }
  return true;
}

void Workload::start() {
  stopping_ = false;
  for (auto& c : clients_) threads_.emplace_back([client = c.get()] { client->run(); });
}

void Workload::stop() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

std::vector<std::string> Workload::connected_hosts() const {
  std::vector<std::string> hosts;
  for (const auto& c : clients_) {
    std::lock_guard lock(c->mu);
    hosts.push_back(c->connected ? c->host : "");
  }
  return hosts;
}

lincheck::History Workload::history() const {
  lincheck::History all;
  for (const auto& c : clients_) all.insert(all.end(), c->ops.begin(), c->ops.end());
  return all;
}

}  // namespace zks::zkhistory
