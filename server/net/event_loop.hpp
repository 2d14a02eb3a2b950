// EventLoop: a level-triggered epoll loop over file descriptors, each with a handler, plus
// work to run at the end of every turn (where batched replies and log flushes happen).
// Single-threaded; handlers may add and remove descriptors, including their own.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace zks {

class EventLoop {
 public:
  using Handler = std::function<void(uint32_t events)>;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  void add(int fd, uint32_t events, Handler handler);
  void modify(int fd, uint32_t events);
  void remove(int fd);
  void at_turn_end(std::function<void()> fn) { turn_end_.push_back(std::move(fn)); }

  // Runs until stop() is called.
  void run();
  void stop() { running_ = false; }
  // One turn: waits up to timeout_ms for events, dispatches them, runs turn-end work.
  void run_once(int timeout_ms);

 private:
  int epfd_;
  bool running_ = false;
  std::unordered_map<int, std::shared_ptr<Handler>> handlers_;
  std::vector<std::function<void()>> turn_end_;
};

}  // namespace zks
