#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {

Cluster::Cluster(std::set<NodeId> voters, std::set<NodeId> learners, Config base) : base_(base) {
  PersistentState initial = bootstrap_state({voters, learners});
  std::set<NodeId> all = voters;
  all.insert(learners.begin(), learners.end());
  for (NodeId id : all) {
    MemStorage& disk = storage_[id];
    disk.hard_state = initial.hard_state;
    disk.entries = initial.entries;
    nodes_[id] = std::make_unique<Node>(config_for(id), disk.load());
    applied_[id];
    applied_index_[id] = 0;
  }
}

Config Cluster::config_for(NodeId id) const {
  Config config = base_;
  config.id = id;
  config.seed = base_.seed * 1000 + id;
  return config;
}

void Cluster::tick(NodeId id, int times) {
  for (int i = 0; i < times; ++i) node(id).tick();
}

void Cluster::tick_all(int times) {
  for (int i = 0; i < times; ++i)
    for (auto& [id, n] : nodes_) n->tick();
}

void Cluster::campaign(NodeId id) {
  Role role = node(id).role();
  Term term = node(id).term();
  for (int i = 0; i < 4 * base_.election_tick; ++i) {
    node(id).tick();
    if (node(id).role() != role || node(id).term() != term) break;
  }
  settle();
}

void Cluster::handle_ready(NodeId id, std::vector<Message>& out) {
  Node& n = node(id);
  Ready rd = n.ready();
  MemStorage& disk = storage_.at(id);
  disk.persist(rd, incoming_snapshot_[id]);
  if (rd.snapshot) {
    applied_index_[id] = rd.snapshot->index;
    applied_[id].push_back("snapshot@" + std::to_string(rd.snapshot->index));
  }
  for (auto& m : rd.messages) out.push_back(std::move(m));
  if (auto mark = persisted_mark(rd)) n.on_persisted(mark->first, mark->second);
  for (const auto& e : rd.committed_entries) {
    if (e.type == EntryType::kNormal && !e.data.empty()) applied_[id].push_back(e.data);
    applied_index_[id] = e.index;
  }
  n.on_applied(applied_index_[id]);
  reads_[id].insert(reads_[id].end(), rd.read_states.begin(), rd.read_states.end());
  aborted_[id].insert(aborted_[id].end(), rd.aborted_reads.begin(), rd.aborted_reads.end());
}

std::vector<Message> Cluster::collect() {
  std::vector<Message> out;
  for (auto& [id, n] : nodes_)
    if (n->has_ready()) handle_ready(id, out);
  return out;
}

void Cluster::deliver(Message m) {
  if (cut_.contains({m.from, m.to}) || !nodes_.contains(m.to)) return;
  if (filter_ && !filter_(m)) return;
  if (m.type == MessageType::kSnapshot)
    incoming_snapshot_[m.to] = storage_.at(m.from).snapshot_data;
  node(m.to).step(m);
  if (m.type == MessageType::kSnapshot) node(m.from).report_snapshot(m.to, true);
}

void Cluster::settle() {
  for (int round = 0; round < 10000; ++round) {
    std::vector<Message> out = collect();
    bool ready = false;
    for (auto& [id, n] : nodes_) ready = ready || n->has_ready();
    if (out.empty() && !ready) return;
    for (const auto& m : out) deliver(m);
  }
}

void Cluster::isolate(NodeId id) {
  for (auto& [other, n] : nodes_)
    if (other != id) cut(id, other);
}

void Cluster::restart(NodeId id) {
  nodes_[id] = std::make_unique<Node>(config_for(id), storage_.at(id).load());
  applied_[id].clear();
  applied_index_[id] = storage_.at(id).snapshot.index;
}

void Cluster::add_empty(NodeId id) {
  storage_[id] = MemStorage{};
  nodes_[id] = std::make_unique<Node>(config_for(id), PersistentState{});
  applied_[id];
  applied_index_[id] = 0;
}

void Cluster::compact(NodeId id) {
  if (auto meta = node(id).compact(applied_index_.at(id)))
    storage_.at(id).compact(*meta, "image@" + std::to_string(meta->index));
}

std::set<NodeId> Cluster::ids() const {
  std::set<NodeId> out;
  for (const auto& [id, n] : nodes_) out.insert(id);
  return out;
}

NodeId Cluster::leader() const {
  NodeId found = kNoNode;
  Term best = 0;
  for (const auto& [id, n] : nodes_)
    if (n->role() == Role::kLeader && n->term() >= best) found = id, best = n->term();
  return found;
}

}  // namespace zks::raft::test
