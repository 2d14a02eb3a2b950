#include "orchestrator/apply/refresh_plan.hpp"

#include <gtest/gtest.h>

#include "orchestrator/apply/next_steps.hpp"
#include "orchestrator/plan/content_hash.hpp"
#include "tests/unit/plan/fleet.hpp"

namespace zkd::test {
namespace {

// An upgrade of every host of a converged 5-node ensemble (leader zk2). `cached` is what the
// executor's re-plan starts from; `gather` hands out the fleet's real file state and counts.
struct Refresh {
  Fleet real = converged(5, 2);
  std::vector<ObservedHost> cached;
  std::vector<bool> fresh = std::vector<bool>(5, false);
  std::vector<std::vector<size_t>> gathered;

  Refresh() {
    for (DesiredHost& d : real.desired) d.release.sha256 = kNewSha;
    cached = real.observed;
  }
  Plan run() {
    return refresh_plan(real.desired, cached, fresh, {}, [&](const std::vector<size_t>& ks) {
      gathered.push_back(ks);
      for (size_t k : ks) {
        ServerStatus status = cached[k].status;
        cached[k] = real.observed[k];
        cached[k].status = status;
      }
    });
  }
};

TEST(RefreshPlan, GathersOnlyTheHostItChangesNext) {
  Refresh r;
  const Plan plan = r.run();
  ASSERT_TRUE(plan.verdict.safe);
  EXPECT_EQ(next_hosts(plan.clusters.front()), std::vector<std::string>{"zk1"});
  EXPECT_EQ(r.gathered, (std::vector<std::vector<size_t>>{{0}}));
  EXPECT_TRUE(r.run().verdict.safe);
  EXPECT_EQ(r.gathered.size(), 1u) << "a host gathered in this refresh is not gathered twice";
}

TEST(RefreshPlan, StaleStateOfTheNextHostIsReplacedAndThePlanMadeAgain) {
  Refresh r;
  r.real.have(1).current_release = release_id(kNewSha);  // converged since it was gathered
  r.real.have(1).releases.push_back(release_id(kNewSha));
  const Plan plan = r.run();
  EXPECT_EQ(next_hosts(plan.clusters.front()), std::vector<std::string>{"zk3"});
  EXPECT_EQ(r.gathered, (std::vector<std::vector<size_t>>{{0}, {2}}));
}

TEST(RefreshPlan, ARefusedVerdictGathersNothing) {
  Refresh r;
  r.cached[3].status = ServerStatus{};  // zk4 died: its fresh probe finds nothing
  const Plan plan = r.run();
  EXPECT_FALSE(plan.verdict.safe);
  EXPECT_TRUE(r.gathered.empty());
}

}  // namespace
}  // namespace zkd::test
