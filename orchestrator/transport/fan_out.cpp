#include "orchestrator/transport/fan_out.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "orchestrator/transport/ssh_session.hpp"

namespace zkd {

std::vector<HostOutcome> fan_out(size_t count, int forks, const std::function<void(size_t)>& job) {
  ssh_library_init();  // before any thread uses libssh2
  std::vector<HostOutcome> outcomes(count);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) {
      try {
        job(i);
        outcomes[i].ok = true;
      } catch (const std::exception& e) {
        outcomes[i].error = e.what();
      } catch (...) {
        outcomes[i].error = "unknown error";
      }
    }
  };
  const size_t threads = std::min<size_t>(count, static_cast<size_t>(std::max(1, forks)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return outcomes;
}

}  // namespace zkd
