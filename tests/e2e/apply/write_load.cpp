#include "tests/e2e/apply/write_load.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace zkd::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSessionTimeoutMs = 15'000;

// What a reading handle's watcher saw: its session state, and whether the children it
// watches changed since they were last read.
struct ReaderEvents {
  std::mutex mutex;
  std::condition_variable changed;
  int state = 0;
  bool children_changed = false;
};

void on_reader_event(zhandle_t*, int type, int state, const char*, void* context) {
  auto* e = static_cast<ReaderEvents*>(context);
  std::lock_guard lock(e->mutex);
  if (type == ZOO_SESSION_EVENT) e->state = state;
  if (type == ZOO_CHILD_EVENT) e->children_changed = true;
  e->changed.notify_all();
}

}  // namespace

WriteLoad::WriteLoad(std::string connect, std::string root, const std::string& log_file)
    : connect_(std::move(connect)), root_(std::move(root)) {
  log_ = std::fopen(log_file.c_str(), "a");
  if (log_ != nullptr) zoo_set_log_stream(log_);
  zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
  zh_ = zookeeper_init(connect_.c_str(), &WriteLoad::on_event, kSessionTimeoutMs, nullptr, this, 0);
  if (zh_ == nullptr) throw std::runtime_error("zookeeper_init failed for " + connect_);
  if (!wait_connected(std::chrono::seconds(20))) {
    zookeeper_close(zh_);
    throw std::runtime_error("no ZooKeeper session with " + connect_);
  }
  const int rc = zoo_create(zh_, root_.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
  if (rc != ZOK && rc != ZNODEEXISTS) {
    zookeeper_close(zh_);
    throw std::runtime_error("cannot create " + root_ + ": " + zerror(rc));
  }
  writer_ = std::thread([this] { run(); });
}

WriteLoad::~WriteLoad() {
  stop();
  if (log_ != nullptr) {
    zoo_set_log_stream(stderr);
    std::fclose(log_);
  }
}

void WriteLoad::on_event(zhandle_t*, int type, int state, const char*, void* self) {
  if (type != ZOO_SESSION_EVENT) return;
  auto* load = static_cast<WriteLoad*>(self);
  std::lock_guard lock(load->mutex_);
  load->state_ = state;
  load->changed_.notify_all();
}

bool WriteLoad::wait_connected(std::chrono::milliseconds deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, deadline, [&] {
    return state_ == ZOO_CONNECTED_STATE || stopping_ || state_ == ZOO_EXPIRED_SESSION_STATE;
  }) && state_ == ZOO_CONNECTED_STATE;
}

void WriteLoad::run() {
  for (size_t n = 0; !stopping_; ++n) {
    const std::string name = "k" + std::to_string(n);
    const std::string path = root_ + "/" + name;
    const int rc = zoo_create(zh_, path.c_str(), name.data(), static_cast<int>(name.size()),
                              &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
    if (rc == ZOK) {
      std::lock_guard lock(mutex_);
      acked_.push_back(name);
      ++acknowledged_;
      changed_.notify_all();
      continue;
    }
    ++unknown_;
    // Disconnected: wait for the client to reach another server (its own retry cadence).
    while (!stopping_ && !wait_connected(std::chrono::milliseconds(200))) {
      std::lock_guard lock(mutex_);
      if (state_ == ZOO_EXPIRED_SESSION_STATE) return;  // counted: acknowledged stops growing
    }
  }
}

bool WriteLoad::wait_acknowledged(size_t count, std::chrono::milliseconds deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, deadline, [&] { return acked_.size() >= count; });
}

void WriteLoad::stop() {
  if (zh_ == nullptr) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }
  if (writer_.joinable()) writer_.join();
  zookeeper_close(zh_);
  zh_ = nullptr;
}

std::vector<std::string> WriteLoad::missing_on(const std::string& server,
                                               std::chrono::milliseconds deadline) const {
  std::vector<std::string> acked;
  {
    std::lock_guard lock(mutex_);
    acked = acked_;
  }
  ReaderEvents events;
  zhandle_t* zh =
      zookeeper_init(server.c_str(), on_reader_event, kSessionTimeoutMs, nullptr, &events, 0);
  if (zh == nullptr) throw std::runtime_error("zookeeper_init failed for " + server);
  const auto until = Clock::now() + deadline;
  std::vector<std::string> missing = acked;
  bool read_now = true;  // the first read, and again after a failed one
  while (!missing.empty()) {
    {
      // Read when connected and the children may have changed since the last read.
      std::unique_lock lock(events.mutex);
      const bool ready = events.changed.wait_until(lock, until, [&] {
        return events.state == ZOO_CONNECTED_STATE && (read_now || events.children_changed);
      });
      if (!ready) break;
      events.children_changed = false;
    }
    String_vector children{};
    read_now = zoo_wget_children(zh, root_.c_str(), on_reader_event, &events, &children) != ZOK;
    if (read_now) continue;
    const std::set<std::string> held(children.data, children.data + children.count);
    deallocate_String_vector(&children);
    missing.clear();
    for (const std::string& name : acked) {
      if (held.count(name) == 0) missing.push_back(name);
    }
  }
  zookeeper_close(zh);
  return missing;
}

}  // namespace zkd::testing
