// SshApplyTarget: the production ApplyTarget. One SSH session per inventory host, opened on
// first use and kept for the whole run (re-plans and health probes reuse it). Planning goes
// through make_plan(), exactly as `plan` does; the lock this run holds is hidden from the
// planner so it does not refuse its own rollout. Every re-plan probes every host afresh but
// gathers files only where this run does not know them (at the start: every host), and a
// cluster's re-plan before an activation step also those of the hosts it changes next
// (refresh_plan.hpp): a host's gathered state is kept until this run stops, starts,
// switches or rolls it back (staging adds only its release). Gathers move out of the
// re-plans into rounds and commands that run anyway: the wait's first probes gather the
// hosts just started and the host the re-plan named next, and the host activated first is
// gathered by its staging command, so a re-plan before a step needs only the probes.
// record() may run beside replan() (apply_target.hpp): each host's SshTransport runs one
// operation at a time, and record() touches nothing else.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/apply/apply_target.hpp"
#include "orchestrator/apply/host_state.hpp"
#include "orchestrator/apply/run_identity.hpp"
#include "orchestrator/apply/service_control.hpp"
#include "orchestrator/apply/stage_host.hpp"
#include "orchestrator/state/inventory_plan.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

class SshApplyTarget : public ApplyTarget {
 public:
  // `prepared` comes from prepare_inventory() without errors and must outlive this object.
  SshApplyTarget(const InventoryPlan& prepared, RunIdentity run, PlanOptions options, int forks);
  ~SshApplyTarget() override;

  Plan replan(const std::string& cluster) override;
  // Every host's files first; the probes only when the plan changes something.
  Plan plan_run() override;
  EnsembleHealth probe(const ClusterPlan& cluster) override;
  std::vector<std::string> lock(const ClusterPlan& cluster) override;
  void unlock(const ClusterPlan& cluster) override;
  void stage(const HostPlan& host) override;
  void stop(const std::string& host) override;
  void start(const std::string& host) override;
  bool running(const std::string& host) override;
  void activate(const HostPlan& host) override;
  void roll_back(const HostPlan& host) override;
  void record(const std::string& host) override;
  // The state after the run, for people: replan("") but that the statuses of the last
  // re-plan are reused when it probed every host at most a second ago, after this run last
  // changed a server (the run's final re-plan of a one-cluster inventory).
  Plan final_state();
  // zkserver with admin.serverPort: through the host's SSH connection to its admin port.
  std::string transfer_unsupported(const std::string& host) override;
  TransferReply transfer_leadership(const std::string& host, int64_t target) override;

 private:
  size_t index_of(const std::string& host) const;
  Transport& transport(size_t i) { return *transports_[i]; }
  const Host& host(size_t i) const { return *prepared_.rendered.hosts[i].host; }
  std::vector<size_t> cluster_hosts(const std::string& cluster) const;
  // Whether the next probe round gathers host i's files (see probe()).
  bool prefetch_pending(size_t i) const;
  void hide_own_lock(ObservedHost& observed) const;
  void remember(size_t i, const ObservedHost& observed);
  void forget(size_t i);  // the run changes host i

  const InventoryPlan& prepared_;
  RunIdentity run_;
  PlanOptions options_;
  int forks_;
  InventoryRecord inventory_;
  std::vector<std::unique_ptr<Transport>> transports_;  // by rendered host index
  std::vector<std::unique_ptr<ServiceControl>> services_;
  ReleaseUploads uploads_;  // built once, sent to every host that stages the release
  // By rendered host index: the last gathered state while this run has not changed the host
  // (its status is stale: probes are always taken again). Distinct hosts are written from
  // parallel jobs: the vector never resizes.
  std::vector<std::optional<ObservedHost>> known_;
  struct ProbeRound {
    std::chrono::steady_clock::time_point at;  // when its probes began
    std::map<size_t, ServerStatus> status;     // by rendered host index, the hosts it probed
  };
  // The last re-plan's probes, while no server has changed since.
  std::optional<ProbeRound> last_round_;
  std::string expected_next_;  // the second step of the last cluster re-plan's order
  std::string prefetched_;     // expected_next_ once its staging or a probe round gathered it
  std::map<std::string, size_t, std::less<>> by_name_;
};

}  // namespace zkd
