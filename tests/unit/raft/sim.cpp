#include "tests/unit/raft/sim.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "server/replication/node.hpp"
#include "server/replication/random.hpp"
#include "tests/unit/raft/mem_storage.hpp"

namespace zks::raft::test {

namespace {

// The simulated application: a hash chain over every applied entry. Two nodes with equal
// (index, hash) applied the same sequence.
struct StateMachine {
  Index index = 0;
  std::uint64_t hash = 0;
};

std::uint64_t fnv(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::uint64_t entry_hash(const Entry& e) {
  std::uint64_t h = fnv(0xcbf29ce484222325ULL, e.data);
  return fnv(h, std::to_string(e.term) + "/" + std::to_string(static_cast<int>(e.type)));
}

std::string encode_image(const StateMachine& sm) {
  return std::to_string(sm.index) + ":" + std::to_string(sm.hash);
}

StateMachine decode_image(const std::string& image) {
  if (image.empty()) return {};
  auto colon = image.find(':');
  return {std::stoull(image.substr(0, colon)), std::stoull(image.substr(colon + 1))};
}

struct SimNode {
  NodeId id = kNoNode;
  std::unique_ptr<Node> core;  // null while crashed
  MemStorage disk;
  std::deque<Ready> unsynced;  // produced, not yet durable: lost by a crash
  StateMachine sm;
  std::map<Index, std::pair<SnapshotMeta, std::string>> incoming;  // snapshots received
  Index commit_seen = 0;
};

struct Flight {
  std::uint64_t at;
  Message message;
};

class Simulation {
 public:
  explicit Simulation(const SimOptions& options)
      : options_(options), rng_(options.seed * 0x2545f4914f6cdd1dULL + 17) {}

  SimResult run();

 private:
  Config config_for(NodeId id) const;
  void start(NodeId id, PersistentState state);
  void crash(SimNode& node);
  void restart(SimNode& node);
  void round(bool faults);
  void inject_faults();
  void client_actions();
  void change_membership(SimNode& leader);
  void deliver_due(bool faults);
  void collect(SimNode& node);
  void sync(SimNode& node);
  void apply(SimNode& node, const Entry& e);
  void check();
  bool live_and_caught_up(Index target);
  void violate(const std::string& what);
  void trace(const std::string& what) {
    if (options_.trace) std::cerr << "[t=" << now_ << "] " << what << "\n";
  }
  const std::vector<SimNode*>& up_nodes();  // valid until the next call
  SimNode* pick_up();

  SimOptions options_;
  Random rng_;
  std::map<NodeId, SimNode> nodes_;
  std::vector<SimNode*> up_;
  std::vector<Flight> network_;
  std::vector<Flight> due_, later_;  // reused by deliver_due
  std::set<std::pair<NodeId, NodeId>> blocked_;
  std::uint64_t now_ = 0;
  unsigned loss_percent_ = 0;
  bool classic_ = false;  // pre-vote and check-quorum off
  NodeId next_id_ = 0;
  NodeId max_id_ = 0;
  std::uint64_t proposals_ = 0;
  std::uint64_t next_read_ = 0;
  std::string violation_;

  // Observations checked against every node.
  std::map<Term, NodeId> leaders_;
  std::map<std::pair<Index, Term>, std::pair<std::uint64_t, std::optional<Term>>> log_entries_;
  std::map<Index, Term> committed_terms_;
  Index max_committed_ = 0;
  std::map<Index, std::uint64_t> applied_hash_;
  std::map<std::string, std::pair<NodeId, Proposal>> proposals_in_flight_;
  Index max_acked_ = 0;
  std::map<std::uint64_t, Index> read_floor_;  // read id -> commit index when it was asked
};

Config Simulation::config_for(NodeId id) const {
  Config config;
  config.id = id;
  config.seed = options_.seed * 7919 + id;
  config.election_tick = 10;
  config.heartbeat_tick = 1 + static_cast<int>(options_.seed % 2);
  // Small windows and messages in some runs: one entry per message exposes orderings that
  // batching hides (an old-term entry acknowledged without the new leader's no-op).
  config.max_inflight = std::array{1, 4, 64}[options_.seed % 3];
  config.max_message_bytes = std::array{1, 64, 4096}[(options_.seed / 3) % 3];
  config.pre_vote = !classic_;
  config.check_quorum = !classic_;
  return config;
}

void Simulation::start(NodeId id, PersistentState state) {
  SimNode& node = nodes_[id];
  node.id = id;
  node.disk.hard_state = state.hard_state;
  node.disk.entries = state.entries;
  node.core = std::make_unique<Node>(config_for(id), std::move(state));
}

void Simulation::crash(SimNode& node) {
  trace("crash " + std::to_string(node.id) + " losing " + std::to_string(node.unsynced.size()) +
        " unsynced batches");
  node.core.reset();
  node.unsynced.clear();
  node.incoming.clear();
}

void Simulation::restart(SimNode& node) {
  trace("restart " + std::to_string(node.id));
  node.core = std::make_unique<Node>(config_for(node.id), node.disk.load());
  node.sm = decode_image(node.disk.snapshot_data);
  node.commit_seen = std::min(node.commit_seen, node.core->log().committed());
}

const std::vector<SimNode*>& Simulation::up_nodes() {
  up_.clear();
  for (auto& [id, node] : nodes_)
    if (node.core) up_.push_back(&node);
  return up_;
}

SimNode* Simulation::pick_up() {
  const auto& up = up_nodes();
  return up.empty() ? nullptr : up[rng_.below(up.size())];
}

void Simulation::violate(const std::string& what) {
  if (violation_.empty()) violation_ = "t=" + std::to_string(now_) + ": " + what;
}

void Simulation::inject_faults() {
  std::uint64_t roll = rng_.below(1000);
  std::vector<NodeId> ids;
  for (auto& [id, node] : nodes_) ids.push_back(id);
  if (roll < 20) {
    blocked_.clear();
    std::set<NodeId> side;
    for (NodeId id : ids)
      if (rng_.chance(50)) side.insert(id);
    for (NodeId a : ids)
      for (NodeId b : ids)
        if (side.contains(a) != side.contains(b)) blocked_.insert({a, b});
    trace("partition: " + std::to_string(side.size()) + " nodes on one side");
  } else if (roll < 30) {
    NodeId a = ids[rng_.below(ids.size())], b = ids[rng_.below(ids.size())];
    if (a != b) blocked_.insert({a, b});
    trace("one-way cut " + std::to_string(a) + "->" + std::to_string(b));
  } else if (roll < 60) {
    blocked_.clear();
    trace("heal");
  } else if (roll < 75) {
    if (SimNode* node = pick_up()) crash(*node);
  } else if (roll < 115) {
    std::vector<SimNode*> down;
    for (auto& [id, node] : nodes_)
      if (!node.core) down.push_back(&node);
    if (!down.empty()) restart(*down[rng_.below(down.size())]);
  }
}

void Simulation::client_actions() {
  for (SimNode* node : up_nodes()) {
    if (node->core->role() != Role::kLeader) continue;
    if (rng_.chance(30)) {
      std::string data = "v" + std::to_string(++proposals_);
      Proposal p = node->core->propose(data);
      if (p.accepted()) proposals_in_flight_[data] = {node->id, p};
    }
    if (rng_.below(1000) < 7) {
      const auto& voters = node->core->conf().voters;
      auto it = voters.begin();
      std::advance(it, static_cast<long>(rng_.below(voters.size())));
      trace("transfer " + std::to_string(node->id) + " -> " + std::to_string(*it));
      node->core->transfer_leadership(*it);
    }
    if (rng_.chance(5)) {
      std::uint64_t id = ++next_read_;
      if (node->core->read_index(id).accepted()) read_floor_[id] = max_committed_;
    }
    if (options_.membership && rng_.below(1000) < 15) change_membership(*node);
  }
  if (rng_.chance(3)) {
    SimNode* node = pick_up();
    if (node && node->sm.index >= node->disk.snapshot.index + 3) {
      if (auto meta = node->core->compact(node->sm.index)) {
        if (meta->index != node->sm.index) violate("compaction returned the wrong index");
        node->disk.compact(*meta, encode_image(node->sm));
        trace("compact " + std::to_string(node->id) + " at " + std::to_string(meta->index));
      }
    }
  }
}

void Simulation::change_membership(SimNode& leader) {
  const ConfState& conf = leader.core->conf();
  std::vector<ConfChange> options;
  if (conf.learners.empty() && next_id_ <= max_id_)
    options.push_back({ConfChangeType::kAddLearner, next_id_});
  for (NodeId id : conf.learners)
    if (conf.voters.size() < 5) options.push_back({ConfChangeType::kAddVoter, id});
  if (conf.voters.size() > 3)
    for (NodeId id : conf.voters) options.push_back({ConfChangeType::kRemoveNode, id});
  if (options.empty()) return;
  ConfChange change = options[rng_.below(options.size())];
  Proposal p = leader.core->propose_conf_change(change);
  trace("conf change type " + std::to_string(static_cast<int>(change.type)) + " node " +
        std::to_string(change.node) + (p.accepted() ? " accepted" : " refused: " + p.why));
  if (p.accepted() && change.node == next_id_) start(next_id_++, PersistentState{});
}

void Simulation::deliver_due(bool faults) {
  std::vector<Flight>& due = due_;
  due.clear();
  later_.clear();
  for (auto& f : network_) (f.at <= now_ ? due : later_).push_back(std::move(f));
  network_.swap(later_);
  for (std::size_t i = due.size(); i > 1; --i) std::swap(due[i - 1], due[rng_.below(i)]);
  for (auto& f : due) {
    Message& m = f.message;
    auto to = nodes_.find(m.to);
    bool lost = blocked_.contains({m.from, m.to}) || to == nodes_.end() || !to->second.core ||
                (faults && rng_.chance(loss_percent_));
    auto from = nodes_.find(m.from);
    bool reporter = from != nodes_.end() && from->second.core;
    if (lost) {
      if (m.type == MessageType::kSnapshot && reporter)
        from->second.core->report_snapshot(m.to, false);
      if (reporter && rng_.chance(20)) from->second.core->report_unreachable(m.to);
      continue;
    }
    if (faults && rng_.chance(2)) network_.push_back({now_ + rng_.below(4), m});
    if (m.type == MessageType::kSnapshot)
      to->second.incoming[m.snapshot.index] = {m.snapshot, m.snapshot_data};
    to->second.core->step(m);
    if (m.type == MessageType::kSnapshot && reporter)
      from->second.core->report_snapshot(m.to, true);
  }
}

void Simulation::collect(SimNode& node) {
  if (!node.core->has_ready()) return;
  Ready rd = node.core->ready();
  if (!rd.entries.empty()) {
    // Log matching: an (index, term) names one entry, and the same predecessor term.
    std::optional<Term> prev = node.core->log().term(rd.entries.front().index - 1);
    for (const Entry& e : rd.entries) {
      auto [it, added] =
          log_entries_.emplace(std::pair{e.index, e.term}, std::pair{entry_hash(e), prev});
      if (!added && it->second.first != entry_hash(e))
        violate("log matching: two entries at index " + std::to_string(e.index) + " term " +
                std::to_string(e.term));
      if (!added && prev && it->second.second && *prev != *it->second.second)
        violate("log matching: entries at index " + std::to_string(e.index) +
                " with different predecessors");
      prev = e.term;
    }
  }
  node.unsynced.push_back(std::move(rd));
}

void Simulation::sync(SimNode& node) {
  Ready rd = std::move(node.unsynced.front());
  node.unsynced.pop_front();
  if (rd.snapshot) {
    auto image = node.incoming.find(rd.snapshot->index);
    if (image == node.incoming.end() || image->second.first != *rd.snapshot) {
      violate("node " + std::to_string(node.id) + " installs a snapshot it never received");
      return;
    }
    trace("install snapshot " + std::to_string(rd.snapshot->index) + " on " +
          std::to_string(node.id));
    node.disk.persist(rd, image->second.second);
    node.sm = decode_image(image->second.second);
    node.incoming.erase(node.incoming.begin(), std::next(image));
    auto it = applied_hash_.find(node.sm.index);
    if (node.sm.index != rd.snapshot->index || it == applied_hash_.end() ||
        it->second != node.sm.hash)
      violate("snapshot image at " + std::to_string(rd.snapshot->index) + " is inconsistent");
  } else {
    node.disk.persist(rd);
  }
  for (auto& m : rd.messages) {
    if (m.type == MessageType::kSnapshot) {
      // The transport ships the sender's latest snapshot.
      m.snapshot = node.disk.snapshot;
      m.snapshot_data = node.disk.snapshot_data;
    }
    network_.push_back({now_ + rng_.below(3), std::move(m)});
  }
  if (auto mark = persisted_mark(rd)) node.core->on_persisted(mark->first, mark->second);
  for (const Entry& e : rd.committed_entries) apply(node, e);
  node.core->on_applied(node.sm.index);
  for (const ReadState& rs : rd.read_states) {
    auto floor = read_floor_.find(rs.request_id);
    if (floor != read_floor_.end() && rs.index < floor->second)
      violate("read index " + std::to_string(rs.index) + " below commit " +
              std::to_string(floor->second) + " known when the read was asked");
  }
}

void Simulation::apply(SimNode& node, const Entry& e) {
  if (e.index != node.sm.index + 1) {
    violate("node " + std::to_string(node.id) + " applied index " + std::to_string(e.index) +
            " after " + std::to_string(node.sm.index));
    return;
  }
  node.sm.hash = fnv(node.sm.hash, std::to_string(entry_hash(e)));
  node.sm.index = e.index;
  auto [it, added] = applied_hash_.emplace(e.index, node.sm.hash);
  if (!added && it->second != node.sm.hash)
    violate("state machine safety: node " + std::to_string(node.id) +
            " applied a different history at index " + std::to_string(e.index));
  auto proposal = proposals_in_flight_.find(e.data);
  if (proposal != proposals_in_flight_.end() && proposal->second.first == node.id &&
      proposal->second.second.index == e.index && proposal->second.second.term == e.term) {
    max_acked_ = std::max(max_acked_, e.index);  // the client is told: committed
    proposals_in_flight_.erase(proposal);
  }
}

void Simulation::check() {
  for (SimNode* node : up_nodes()) {
    const Node& core = *node->core;
    const RaftLog& log = core.log();
    for (Index i = std::max(node->commit_seen, log.snapshot().index) + 1; i <= log.committed();
         ++i) {
      Term t = *log.term(i);
      auto [it, added] = committed_terms_.emplace(i, t);
      if (!added && it->second != t)
        violate("committed entry at index " + std::to_string(i) + " differs between nodes");
    }
    node->commit_seen = std::max(node->commit_seen, log.committed());
    max_committed_ = std::max(max_committed_, log.committed());
    if (core.role() != Role::kLeader) continue;
    auto [it, added] = leaders_.emplace(core.term(), node->id);
    if (!added && it->second != node->id)
      violate("election safety: nodes " + std::to_string(it->second) + " and " +
              std::to_string(node->id) + " both lead term " + std::to_string(core.term()));
    if (!added) continue;
    trace("leader " + std::to_string(node->id) + " term " + std::to_string(core.term()));
    // Leader completeness: a new leader holds every entry committed so far.
    for (auto c = committed_terms_.upper_bound(log.snapshot().index); c != committed_terms_.end();
         ++c) {
      if (log.term(c->first) != c->second)
        violate("leader completeness: leader " + std::to_string(node->id) + " of term " +
                std::to_string(core.term()) + " lacks committed index " + std::to_string(c->first));
    }
  }
}

void Simulation::round(bool faults) {
  ++now_;
  if (faults) {
    inject_faults();
    client_actions();
  }
  for (SimNode* node : up_nodes())
    if (!faults || rng_.chance(90)) node->core->tick();
  for (int pass = 0; pass < 3; ++pass) {
    deliver_due(faults);
    for (SimNode* node : up_nodes()) collect(*node);
    for (SimNode* node : up_nodes())
      while (!node->unsynced.empty() && (!faults || rng_.chance(60))) sync(*node);
  }
  check();
}

bool Simulation::live_and_caught_up(Index target) {
  const SimNode* leader = nullptr;
  for (SimNode* node : up_nodes())
    if (node->core->role() == Role::kLeader &&
        (!leader || node->core->term() > leader->core->term()))
      leader = node;
  if (!leader) return false;
  const ConfState& conf = leader->core->conf();
  for (auto& [id, node] : nodes_) {
    if (!conf.contains(id)) continue;
    if (!node.core || node.sm.index < target) return false;
  }
  return true;
}

SimResult Simulation::run() {
  classic_ = options_.seed % 5 == 4;
  loss_percent_ = static_cast<unsigned>(rng_.below(10));
  ConfState initial;
  for (NodeId id = 1; id <= static_cast<NodeId>(options_.voters); ++id) initial.voters.insert(id);
  if (options_.membership) initial.learners.insert(options_.voters + 1);
  next_id_ = options_.voters + (options_.membership ? 2 : 1);
  max_id_ = next_id_ + 3;
  for (NodeId id : initial.voters) start(id, bootstrap_state(initial));
  for (NodeId id : initial.learners) start(id, bootstrap_state(initial));

  for (int r = 0; r < options_.rounds && violation_.empty(); ++r) round(true);

  // Heal: every node back, no more faults; every committed entry must reach every member.
  blocked_.clear();
  for (auto& [id, node] : nodes_)
    if (!node.core) restart(node);
  Index target = std::max(max_committed_, max_acked_);
  trace("heal all; target index " + std::to_string(target));
  bool caught_up = false;
  for (int r = 0; r < options_.heal_rounds && violation_.empty() && !caught_up; ++r) {
    round(false);
    caught_up = live_and_caught_up(target);
    if (caught_up) trace("caught up after " + std::to_string(r) + " rounds");
  }
  if (violation_.empty() && !caught_up)
    violate("liveness: after healing, members did not all apply index " + std::to_string(target));
  return {violation_, max_committed_, leaders_.size()};
}

}  // namespace

SimResult run_simulation(const SimOptions& options) {
  return Simulation(options).run();
}

}  // namespace zks::raft::test
