#include "tests/bench/zkload.hpp"

#include <unistd.h>
#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>

namespace zks::zkload {
namespace {

using Clock = std::chrono::steady_clock;

enum class Op { kCreate, kSet, kGet, kDelete };

bool ParseOp(const std::string& name, Op* op) {
  static const std::pair<const char*, Op> kOps[] = {
      {"create", Op::kCreate}, {"set", Op::kSet}, {"get", Op::kGet}, {"delete", Op::kDelete}};
  for (const auto& [n, o] : kOps) {
    if (name == n) {
      *op = o;
      return true;
    }
  }
  return false;
}

// Signalled when a session connects or a phase's last request completes.
struct Signal {
  std::mutex mu;
  std::condition_variable cv;
  template <typename Pred>
  bool WaitFor(Clock::duration timeout, Pred pred) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, pred);
  }
  void Notify() {
    std::lock_guard lock(mu);
    cv.notify_all();
  }
};

struct Session;

// One pipelined request slot: the context of the request it has outstanding.
struct Slot {
  Session* session;
  std::string path;
  Clock::time_point start;
};

struct Session {
  zhandle_t* zh = nullptr;
  int index = 0;       // this session's number
  int sessions = 1;    // how many sessions share the znodes
  uint64_t count = 0;  // requests this session makes in the phase
  std::atomic<bool> connected{false};
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  Op op = Op::kCreate;
  const std::string* root = nullptr;
  const std::string* value = nullptr;
  const std::string* new_value = nullptr;
  std::mutex mu;  // guards the results below while a phase runs
  std::vector<double> latencies_ms;
  uint64_t errors = 0;
  int first_error = 0;
  Signal* signal = nullptr;
  std::vector<std::unique_ptr<Slot>> slots;
};

void Issue(Slot* slot);

void Record(Session* s, double ms, int rc) {
  std::lock_guard lock(s->mu);
  s->latencies_ms.push_back(ms);
  if (rc != ZOK && s->errors++ == 0) s->first_error = rc;
}

// Counts one request as finished. The caller must not touch the session afterwards if this
// was its last request: the next phase may already be resetting it.
bool Finish(Session* s) {
  if (s->done.fetch_add(1) + 1 != s->count) return false;
  s->signal->Notify();
  return true;
}

void Complete(Slot* slot, int rc) {
  Session* s = slot->session;
  Record(s, std::chrono::duration<double, std::milli>(Clock::now() - slot->start).count(), rc);
  Issue(slot);  // before Finish: this request still holds the phase open
  Finish(s);
}

void OnString(int rc, const char*, const void* data) {
  Complete(static_cast<Slot*>(const_cast<void*>(data)), rc);
}
void OnStat(int rc, const Stat*, const void* data) {
  Complete(static_cast<Slot*>(const_cast<void*>(data)), rc);
}
void OnVoid(int rc, const void* data) {
  Complete(static_cast<Slot*>(const_cast<void*>(data)), rc);
}
void OnData(int rc, const char*, int len, const Stat*, const void* data) {
  Slot* slot = static_cast<Slot*>(const_cast<void*>(data));
  if (rc == ZOK && static_cast<size_t>(len) != slot->session->new_value->size() &&
      static_cast<size_t>(len) != slot->session->value->size()) {
    rc = ZAPIERROR;  // a value of the wrong size: count it as a failure
  }
  Complete(slot, rc);
}

// Sends the slot's next request, if the session has any left. A request the client refuses
// outright (invalid state) is counted as completed with that error.
void Issue(Slot* slot) {
  Session* s = slot->session;
  for (;;) {
    uint64_t k = s->next.fetch_add(1);
    if (k >= s->count) return;
    uint64_t znode = static_cast<uint64_t>(s->index) + k * static_cast<uint64_t>(s->sessions);
    slot->path = *s->root + "/n" + std::to_string(znode);
    slot->start = Clock::now();
    const std::string& v = *s->value;
    int rc = ZOK;
    switch (s->op) {
      case Op::kCreate:
        rc = zoo_acreate(s->zh, slot->path.c_str(), v.data(), static_cast<int>(v.size()),
                         &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, OnString, slot);
        break;
      case Op::kSet:
        rc = zoo_aset(s->zh, slot->path.c_str(), s->new_value->data(),
                      static_cast<int>(s->new_value->size()), -1, OnStat, slot);
        break;
      case Op::kGet:
        rc = zoo_aget(s->zh, slot->path.c_str(), 0, OnData, slot);
        break;
      case Op::kDelete:
        rc = zoo_adelete(s->zh, slot->path.c_str(), -1, OnVoid, slot);
        break;
    }
    if (rc == ZOK) return;
    Record(s, 0, rc);
    if (Finish(s)) return;
  }
}

void Watcher(zhandle_t*, int type, int state, const char*, void* context) {
  auto* s = static_cast<Session*>(context);
  if (type == ZOO_SESSION_EVENT) {
    s->connected = state == ZOO_CONNECTED_STATE;
    s->signal->Notify();
  }
}

Clock::duration Timeout(const LoadOptions& o) {
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(o.timeout_seconds));
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(k), v.end());
  return v[k];
}

struct Sessions {
  std::vector<std::unique_ptr<Session>> all;
  ~Sessions() {
    for (auto& s : all) {
      if (s->zh != nullptr) zookeeper_close(s->zh);
    }
  }
};

OpStats RunPhase(Op op, const std::string& name, Sessions& sessions, const LoadOptions& o,
                 Signal& signal, bool* finished) {
  const uint64_t n = o.znodes;
  const uint64_t c = static_cast<uint64_t>(o.clients);
  for (auto& s : sessions.all) {
    s->op = op;
    s->count = n / c + (static_cast<uint64_t>(s->index) < n % c ? 1 : 0);
    s->next = 0;
    s->done = 0;
    s->latencies_ms.clear();
    s->latencies_ms.reserve(s->count);
    s->errors = 0;
    s->first_error = 0;
  }
  const auto start = Clock::now();
  for (auto& s : sessions.all) {
    for (auto& slot : s->slots) Issue(slot.get());
  }
  *finished = signal.WaitFor(Timeout(o), [&] {
    return std::all_of(sessions.all.begin(), sessions.all.end(),
                       [](const auto& s) { return s->done.load() == s->count; });
  });
  OpStats stats;
  stats.op = name;
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!*finished) return stats;
  std::vector<double> latencies;
  for (auto& s : sessions.all) {
    latencies.insert(latencies.end(), s->latencies_ms.begin(), s->latencies_ms.end());
    stats.errors += s->errors;
    if (stats.first_error == 0) stats.first_error = s->first_error;
  }
  stats.ok = n - stats.errors;
  stats.ops_per_second = stats.seconds > 0 ? static_cast<double>(n) / stats.seconds : 0;
  stats.max_ms = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
  stats.p99_ms = Percentile(latencies, 0.99);
  stats.p50_ms = Percentile(latencies, 0.50);
  return stats;
}

}  // namespace

bool IsKnownOp(const std::string& op) {
  Op unused;
  return ParseOp(op, &unused);
}

bool RunLoad(const LoadOptions& options, LoadReport* report, std::string* error) {
  LoadOptions o = options;
  if (o.root.empty()) o.root = "/zkload-" + std::to_string(::getpid());
  std::vector<Op> ops;
  for (const std::string& name : o.ops) {
    Op op;
    if (!ParseOp(name, &op)) {
      *error = "unknown operation '" + name + "' (known: create, set, get, delete)";
      return false;
    }
    ops.push_back(op);
  }
  if (o.clients < 1 || o.inflight < 1 || o.znodes < 1 || o.connect.empty()) {
    *error = "need --connect, and clients, inflight and znodes of at least 1";
    return false;
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  Signal signal;
  const std::string value(o.value_size, 'v');
  const std::string new_value(o.value_size, 's');
  Sessions sessions;
  for (int i = 0; i < o.clients; ++i) {
    auto s = std::make_unique<Session>();
    s->index = i;
    s->sessions = o.clients;
    s->root = &o.root;
    s->value = &value;
    s->new_value = &new_value;
    s->signal = &signal;
    for (int k = 0; k < o.inflight; ++k)
      s->slots.push_back(std::make_unique<Slot>(Slot{s.get(), {}, {}}));
    Session* raw = s.get();
    sessions.all.push_back(std::move(s));
    raw->zh = zookeeper_init(o.connect.c_str(), Watcher, o.session_timeout_ms, nullptr, raw, 0);
    if (raw->zh == nullptr) {
      *error = "cannot create a ZooKeeper handle for " + o.connect;
      return false;
    }
    // By default the C client resolves the connect string again on every turn of its I/O
    // loop; under load that getaddrinfo would be the generator's own bottleneck.
    zoo_set_servers_resolution_delay(raw->zh, -1);
  }
  if (!signal.WaitFor(Timeout(o), [&] {
        return std::all_of(sessions.all.begin(), sessions.all.end(),
                           [](const auto& s) { return s->connected.load(); });
      })) {
    *error = "could not connect " + std::to_string(o.clients) + " sessions to " + o.connect;
    return false;
  }
  zhandle_t* zh = sessions.all[0]->zh;
  int rc = zoo_create(zh, o.root.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, nullptr, 0);
  if (rc != ZOK && rc != ZNODEEXISTS) {
    *error = "create " + o.root + ": " + zerror(rc);
    return false;
  }
  for (size_t i = 0; i < ops.size(); ++i) {
    bool finished = false;
    report->ops.push_back(RunPhase(ops[i], o.ops[i], sessions, o, signal, &finished));
    if (!finished) {
      *error = o.ops[i] + " did not finish within " + std::to_string(o.timeout_seconds) + " s";
      return false;
    }
  }
  (void)zoo_delete(zh, o.root.c_str(), -1);  // fails, harmlessly, while znodes remain
  return true;
}

std::string FormatReport(const LoadOptions& o, const LoadReport& report) {
  char line[256];
  std::snprintf(line, sizeof line,
                "zkload: %s, %d clients x %d in flight, %llu znodes, %zu-byte values\n",
                o.connect.c_str(), o.clients, o.inflight, static_cast<unsigned long long>(o.znodes),
                o.value_size);
  std::string out = line;
  std::snprintf(line, sizeof line, "%-8s %10s %8s %9s %11s %9s %9s %9s\n", "op", "ok", "errors",
                "seconds", "ops/s", "p50 ms", "p99 ms", "max ms");
  out += line;
  for (const OpStats& s : report.ops) {
    std::snprintf(line, sizeof line, "%-8s %10llu %8llu %9.3f %11.0f %9.2f %9.2f %9.2f",
                  s.op.c_str(), static_cast<unsigned long long>(s.ok),
                  static_cast<unsigned long long>(s.errors), s.seconds, s.ops_per_second, s.p50_ms,
                  s.p99_ms, s.max_ms);
    out += line;
    if (s.errors > 0) out += std::string("  first error: ") + zerror(s.first_error);
    out += "\n";
  }
  return out;
}

}  // namespace zks::zkload
