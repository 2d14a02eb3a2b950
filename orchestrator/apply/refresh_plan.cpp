#include "orchestrator/apply/refresh_plan.hpp"

#include <algorithm>

#include "orchestrator/apply/next_steps.hpp"
#include "orchestrator/plan/planner.hpp"

namespace zkd {

Plan refresh_plan(const std::vector<DesiredHost>& desired, std::vector<ObservedHost>& observed,
                  std::vector<bool>& fresh, const PlanOptions& options,
                  const std::function<void(const std::vector<size_t>&)>& gather) {
  while (true) {
    Plan plan = make_plan(desired, observed, options);
    if (!plan.verdict.safe || plan.clusters.size() != 1) return plan;
    std::vector<size_t> stale;
    for (const std::string& name : next_hosts(plan.clusters.front())) {
      const auto it = std::find_if(desired.begin(), desired.end(),
                                   [&](const DesiredHost& d) { return d.name == name; });
      const auto k = static_cast<size_t>(it - desired.begin());
      if (it != desired.end() && !fresh[k]) stale.push_back(k);
    }
    if (stale.empty()) return plan;
    gather(stale);
    for (size_t k : stale) fresh[k] = true;
  }
}

}  // namespace zkd
