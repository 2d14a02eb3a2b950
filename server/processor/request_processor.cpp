#include "server/processor/request_processor.hpp"

#include <algorithm>
#include <chrono>

#include "server/protocol/reconfig_check.hpp"
#include "server/tree/acl.hpp"
#include "server/tree/path.hpp"
#include "server/util/clock.hpp"

namespace zks {
namespace {

constexpr int64_t kContainerCheckIntervalMs = 60000;

void write_result_body(jute::Writer& w, const OpResult& r) {
  switch (r.op) {
    case OpCode::kCreate:
      w.string(r.path);
      break;
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
      w.string(r.path);
      write_stat(w, r.stat);
      break;
    case OpCode::kSetData:
    case OpCode::kSetAcl:
      write_stat(w, r.stat);
      break;
    default:
      break;
  }
}

std::string multi_reply(int32_t xid, int64_t zxid, const std::vector<OpResult>& results) {
  PacketBuilder p(xid, zxid, 0);
  for (const auto& r : results) {
    p.w.i32(static_cast<int32_t>(r.op));
    p.w.boolean(false);
    p.w.i32(code(r.err));
    if (r.op == OpCode::kError) {
      p.w.i32(code(r.err));
    } else {
      write_result_body(p.w, r);
    }
  }
  p.w.i32(-1);
  p.w.boolean(true);
  p.w.i32(-1);
  return p.finish();
}

std::string header_only(int32_t xid, int64_t zxid, Error err) {
  return PacketBuilder(xid, zxid, code(err)).finish();
}

}  // namespace

void LatencyStats::add(int64_t ms) {
  if (count == 0 || ms < min_ms) min_ms = ms;
  if (ms > max_ms) max_ms = ms;
  total_ms += ms;
  ++count;
}

RequestProcessor::RequestProcessor(StateMachine& sm, TxnLog& log, ClientChannel& channel,
                                   bool reconfig_enabled)
    : sm_(sm), log_(log), channel_(channel), reconfig_enabled_(reconfig_enabled) {
  log_.set_listener(this);
}

size_t RequestProcessor::outstanding() const {
  size_t n = in_flight_.size();
  for (const auto& [_, q] : queues_) {
    for (const auto& item : q) n += item.write ? 0 : 1;
  }
  return n;
}

int64_t RequestProcessor::session_of(uint64_t conn) const {
  auto it = conns_.find(conn);
  return it == conns_.end() ? 0 : it->second.session;
}

bool RequestProcessor::bound(uint64_t conn, int64_t session) const {
  auto it = conns_.find(conn);
  return it != conns_.end() && it->second.session == session;
}

void RequestProcessor::reply(uint64_t conn, std::string packet, int64_t start_us) {
  latency_.add((steady_us() - start_us) / 1000);
  channel_.send(conn, std::move(packet));
}

void RequestProcessor::submit(InFlight f) {
  const uint64_t seq = ++next_seq_;
  const bool barrier = f.barrier;
  Txn txn = barrier ? Txn{} : f.txn;
  in_flight_.emplace(seq, std::move(f));
  if (barrier) {
    log_.sync(seq);
  } else {
    log_.append(seq, std::move(txn));
  }
}

void RequestProcessor::connect(uint64_t conn, const std::string& client_ip,
                               const ConnectRequest& req, int64_t now_ms) {
  if (!log_.serving() || req.last_zxid_seen > sm_.last_zxid()) {
    // No quorum, or the client has seen a newer state than ours (it talked to a server ahead
    // of us): it tries another server.
    channel_.close(conn);
    return;
  }
  int32_t timeout = sm_.sessions.negotiate(req.timeout_ms);
  if (req.session_id == 0) {
    InFlight f;
    f.txn.session = sm_.sessions.next_id(wall_ms());
    f.txn.time = wall_ms();
    f.txn.body = CreateSessionBody{timeout, SessionTracker::new_password()};
    f.conn = conn;
    f.op = OpCode::kCreateSession;
    f.start_us = steady_us();
    conns_[conn] = ConnInfo{f.txn.session, client_ip};
    submit(std::move(f));
    return;
  }
  Session* s = sm_.sessions.find(req.session_id);
  if (!s || s->closing || s->password != req.password) {
    channel_.send(conn, connect_response(0, 0, std::string(16, '\0')));
    channel_.close(conn);
    return;
  }
  if (s->conn != 0 && s->conn != conn) {
    uint64_t old = s->conn;
    disconnected(old);
    channel_.close(old);
  }
  // Replies still owed to the old connection are dropped; pending writes keep their place.
  if (auto q = queues_.find(s->id); q != queues_.end()) {
    std::erase_if(q->second, [](const Queued& item) { return !item.write; });
  }
  conns_[conn] = ConnInfo{s->id, client_ip};
  s->conn = conn;
  s->timeout_ms = timeout;
  s->auth = {Id{"ip", client_ip}};
  sm_.sessions.touch(*s, now_ms);
  channel_.send(conn, connect_response(timeout, s->id, s->password));
}

void RequestProcessor::disconnected(uint64_t conn) {
  watches_.remove_watcher(conn);
  auto it = conns_.find(conn);
  if (it == conns_.end()) return;
  if (Session* s = sm_.sessions.find(it->second.session); s && s->conn == conn) s->conn = 0;
  conns_.erase(it);
}

void RequestProcessor::receive(uint64_t conn, Request req, int64_t now_ms) {
  auto ci = conns_.find(conn);
  if (ci == conns_.end()) return;
  int64_t start = steady_us();
  Session* s = sm_.sessions.find(ci->second.session);
  if (!s) {
    if (req.op != OpCode::kCloseSession) {
      channel_.send(conn, header_only(req.xid, sm_.last_zxid(), Error::kSessionExpired));
    }
    channel_.close(conn);
    return;
  }
  sm_.sessions.touch(*s, now_ms);
  switch (req.op) {
    case OpCode::kPing:
      channel_.send(conn, header_only(kPingXid, sm_.last_zxid(), Error::kOk));
      return;
    case OpCode::kAuth: {
      auto& a = std::get<AuthRequest>(req.body);
      if (a.scheme == "digest" && a.auth.find(':') != std::string::npos) {
        Id id{"digest", digest_id(a.auth)};
        if (std::find(s->auth.begin(), s->auth.end(), id) == s->auth.end()) s->auth.push_back(id);
        channel_.send(conn, header_only(kAuthXid, 0, Error::kOk));
      } else {
        channel_.send(conn, header_only(kAuthXid, 0, Error::kAuthFailed));
        channel_.close(conn);
      }
      return;
    }
    default:
      break;
  }
  auto& queue = queues_[s->id];
  // A reconfig refused outright is answered in order like a read (serve_read).
  std::string why;
  const bool reconfig = req.op == OpCode::kReconfig && reconfig_enabled_ &&
                        check_reconfig(std::get<ReconfigRequest>(req.body), why) == Error::kOk;
  if (is_write(req.op) || req.op == OpCode::kSync || reconfig) {
    InFlight f;
    f.txn.session = s->id;
    f.txn.xid = req.xid;
    f.txn.time = wall_ms();
    f.txn.auth = s->auth;
    f.from_client = true;
    f.conn = conn;
    f.op = req.op;
    f.start_us = start;
    if (reconfig) {
      f.reconfig = true;
      queue.push_back(Queued{true, conn, req.xid, req.op, {}, start});
      return submit_reconfig(std::move(f), std::get<ReconfigRequest>(req.body));
    }
    if (req.op == OpCode::kSync) {
      f.barrier = true;
      f.sync_path = std::get<PathRequest>(req.body).path;
    } else if (req.op == OpCode::kCloseSession) {
      f.txn.body = CloseSessionBody{};
      s->closing = true;
    } else if (req.op == OpCode::kMulti) {
      f.txn.body = std::move(std::get<MultiOp>(req.body));
    } else {
      f.txn.body = std::visit(
          [](auto&& v) -> WriteOp {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_constructible_v<WriteOp, T>) {
              return std::move(v);
            } else {
              return CheckOp{};
            }
          },
          std::move(req.body));
    }
    queue.push_back(Queued{true, conn, req.xid, req.op, {}, start});
    submit(std::move(f));
    return;
  }
  Queued q{false, conn, req.xid, req.op, std::move(req.body), start};
  if (queue.empty()) {
    queues_.erase(s->id);
    serve_read(*s, q);
  } else {
    queue.push_back(std::move(q));
  }
}

void RequestProcessor::serve_read(Session& s, const Queued& q) {
  const int64_t zxid = sm_.last_zxid();
  const DataTree& tree = sm_.tree;
  auto error = [&](Error e) { reply(q.conn, header_only(q.xid, zxid, e), q.start_us); };
  switch (q.op) {
    case OpCode::kExists:
    case OpCode::kGetData:
    case OpCode::kGetChildren:
    case OpCode::kGetChildren2:
    case OpCode::kGetAcl:
    case OpCode::kGetAllChildrenNumber: {
      auto& r = std::get<PathRequest>(q.body);
      // Reads do not validate paths: a malformed one simply names no node, as in ZooKeeper.
      const Znode* n = tree.find(r.path);
      if (q.op == OpCode::kExists) {
        if (r.watch) watches_.add(r.path, q.conn, WatchKind::kData);
        if (!n) return error(Error::kNoNode);
        PacketBuilder p(q.xid, zxid, 0);
        write_stat(p.w, tree.stat_of(*n));
        return reply(q.conn, p.finish(), q.start_us);
      }
      if (!n) return error(Error::kNoNode);
      int32_t wanted = q.op == OpCode::kGetAcl ? perm::kRead | perm::kAdmin : perm::kRead;
      if (!acl_allows(tree.acl_of(*n), wanted, s.auth)) return error(Error::kNoAuth);
      PacketBuilder p(q.xid, zxid, 0);
      if (q.op == OpCode::kGetData) {
        if (r.watch) watches_.add(r.path, q.conn, WatchKind::kData);
        p.w.buffer(n->data);
        write_stat(p.w, tree.stat_of(*n));
      } else if (q.op == OpCode::kGetAcl) {
        write_acls(p.w, tree.acl_of(*n));
        write_stat(p.w, tree.stat_of(*n));
      } else if (q.op == OpCode::kGetAllChildrenNumber) {
        p.w.i32(tree.descendant_count(r.path));
      } else {
        if (r.watch) watches_.add(r.path, q.conn, WatchKind::kChild);
        p.w.i32(static_cast<int32_t>(n->children.size()));
        for (const auto& c : n->children) p.w.string(c);
        if (q.op == OpCode::kGetChildren2) write_stat(p.w, tree.stat_of(*n));
      }
      return reply(q.conn, p.finish(), q.start_us);
    }
    case OpCode::kGetEphemerals: {
      auto& prefix = std::get<PathRequest>(q.body).path;
      std::vector<std::string> out;
      for (auto& p : tree.ephemerals_of(s.id)) {
        if (prefix.empty() || prefix == "/" || p.starts_with(prefix)) out.push_back(std::move(p));
      }
      PacketBuilder p(q.xid, zxid, 0);
      p.w.strings(out);
      return reply(q.conn, p.finish(), q.start_us);
    }
    case OpCode::kSetWatches:
    case OpCode::kSetWatches2: {
      auto& r = std::get<SetWatchesRequest>(q.body);
      for (const auto& path : r.data) {
        const Znode* n = tree.find(path);
        if (!n) {
          channel_.send(q.conn, notification(EventType::kDeleted, path));
        } else if (n->mzxid > r.relative_zxid) {
          channel_.send(q.conn, notification(EventType::kDataChanged, path));
        } else {
          watches_.add(path, q.conn, WatchKind::kData);
        }
      }
      for (const auto& path : r.exist) {
        if (tree.find(path)) {
          channel_.send(q.conn, notification(EventType::kCreated, path));
        } else {
          watches_.add(path, q.conn, WatchKind::kData);
        }
      }
      for (const auto& path : r.child) {
        const Znode* n = tree.find(path);
        if (!n) {
          channel_.send(q.conn, notification(EventType::kDeleted, path));
        } else if (n->pzxid > r.relative_zxid) {
          channel_.send(q.conn, notification(EventType::kChildrenChanged, path));
        } else {
          watches_.add(path, q.conn, WatchKind::kChild);
        }
      }
      for (const auto& path : r.persistent) watches_.add(path, q.conn, WatchKind::kPersistent);
      for (const auto& path : r.persistent_recursive) {
        watches_.add(path, q.conn, WatchKind::kPersistentRecursive);
      }
      return reply(q.conn, header_only(q.xid, zxid, Error::kOk), q.start_us);
    }
    case OpCode::kAddWatch: {
      auto& r = std::get<AddWatchRequest>(q.body);
      if (!valid_path(r.path) || r.mode < 0 || r.mode > 1) return error(Error::kBadArguments);
      watches_.add(r.path, q.conn,
                   r.mode == 0 ? WatchKind::kPersistent : WatchKind::kPersistentRecursive);
      return error(Error::kOk);
    }
    case OpCode::kRemoveWatches:
    case OpCode::kCheckWatches: {
      auto& r = std::get<RemoveWatchesRequest>(q.body);
      bool found = watches_.remove(r.path, q.conn, r.type, q.op == OpCode::kCheckWatches);
      return error(found ? Error::kOk : Error::kNoWatcher);
    }
    case OpCode::kWhoAmI: {
      PacketBuilder p(q.xid, zxid, 0);
      p.w.i32(static_cast<int32_t>(s.auth.size()));
      for (const auto& id : s.auth) {
        p.w.string(id.scheme);
        p.w.string(id.id);
      }
      return reply(q.conn, p.finish(), q.start_us);
    }
    case OpCode::kReconfig: {
      if (!reconfig_enabled_) return error(Error::kReconfigDisabled);
      std::string why;  // ZooKeeper's reply carries only the code
      if (Error e = check_reconfig(std::get<ReconfigRequest>(q.body), why); e != Error::kOk) {
        return error(e);
      }
      return error(Error::kUnimplemented);  // not reached: accepted changes are in flight
    }
    default:
      return error(Error::kUnimplemented);
  }
}

void RequestProcessor::drain(int64_t session) {
  auto it = queues_.find(session);
  if (it == queues_.end()) return;
  auto& q = it->second;
  Session* s = sm_.sessions.find(session);
  while (!q.empty() && !q.front().write) {
    if (s && bound(q.front().conn, session)) serve_read(*s, q.front());
    q.pop_front();
  }
  if (q.empty()) queues_.erase(it);
}

void RequestProcessor::deliver(const std::vector<WatchEvent>& events) {
  for (const auto& e : events) {
    for (const auto& [watcher, event] : watches_.trigger(e)) {
      channel_.send(watcher, notification(event.type, event.path));
    }
  }
}

void RequestProcessor::committed(Txn txn, uint64_t seq) {
  TxnOutcome o = sm_.apply(txn, steady_us() / 1000);
  deliver(o.events);
  auto it = seq ? in_flight_.find(seq) : in_flight_.end();
  if (it == in_flight_.end()) {
    // Started elsewhere (another server, or a request whose outcome was reported lost).
    if (std::holds_alternative<CloseSessionBody>(txn.body)) close_session_connections(txn.session);
    return;
  }
  it->second.txn = std::move(txn);
  it->second.outcome = std::move(o);
  it->second.done = true;
  settle();
}

void RequestProcessor::submit_reconfig(InFlight f, const ReconfigRequest& request) {
  const uint64_t seq = ++next_seq_;
  in_flight_.emplace(seq, std::move(f));
  if (!log_.reconfig(seq, request)) reconfigured(seq, Error::kUnimplemented);
}

void RequestProcessor::reconfigured(uint64_t seq, Error error) {
  if (auto it = in_flight_.find(seq); it != in_flight_.end()) {
    it->second.done = true;
    it->second.reconfig_error = error;
  }
  settle();
}

void RequestProcessor::synced(uint64_t seq) {
  if (auto it = in_flight_.find(seq); it != in_flight_.end()) it->second.done = true;
  settle();
}

void RequestProcessor::lost(uint64_t seq) {
  if (auto it = in_flight_.find(seq); it != in_flight_.end()) {
    it->second.done = true;
    it->second.lost = true;
  }
  settle();
}

void RequestProcessor::state_replaced() {
  // The watches were set on the old state (the changes in between fire none) and the
  // sessions' connection bindings went with it. Every client reconnects, binding its session
  // again and re-registering its watches with its last zxid, so the missed events fire: what
  // a ZooKeeper follower's clients go through when it syncs from a snapshot.
  std::vector<int64_t> sessions;
  for (const auto& [conn, info] : conns_) sessions.push_back(info.session);
  for (int64_t session : sessions) close_session_connections(session);
}

void RequestProcessor::settle() {
  while (!in_flight_.empty() && in_flight_.begin()->second.done) {
    InFlight f = std::move(in_flight_.begin()->second);
    in_flight_.erase(in_flight_.begin());
    complete(f);
  }
}

void RequestProcessor::close_session_connections(int64_t session) {
  queues_.erase(session);
  for (auto it = conns_.begin(); it != conns_.end(); ++it) {
    if (it->second.session != session) continue;
    uint64_t conn = it->first;
    disconnected(conn);
    channel_.close(conn);
    return;
  }
}

void RequestProcessor::complete(InFlight& f) {
  const Txn& t = f.txn;
  if (f.lost) {
    // Outcome unknown: the client sees a connection loss, as with a ZooKeeper leader change.
    if (f.op == OpCode::kCloseSession) {
      if (Session* s = sm_.sessions.find(t.session)) s->closing = false;
    }
    if (t.session == 0 && !f.from_client) {  // a container removal, tried again later
      containers_deleting_.erase(std::get<DeleteOp>(std::get<WriteOp>(t.body)).path);
    }
    if ((f.from_client || f.op == OpCode::kCreateSession) && conns_.contains(f.conn)) {
      disconnected(f.conn);
      channel_.close(f.conn);
    }
  } else if (f.op == OpCode::kCreateSession) {
    Session* s = sm_.sessions.find(t.session);
    if (s && bound(f.conn, t.session)) {
      s->conn = f.conn;
      s->auth = {Id{"ip", conns_[f.conn].ip}};
      channel_.send(f.conn, connect_response(s->timeout_ms, s->id, s->password));
    }
    return;
  } else if (f.reconfig) {
    if (bound(f.conn, t.session))
      reply(f.conn, reconfig_reply(t.xid, f.reconfig_error), f.start_us);
  } else if (std::holds_alternative<CloseSessionBody>(t.body) && !f.barrier) {
    if (f.from_client && bound(f.conn, t.session)) {
      reply(f.conn, header_only(t.xid, t.zxid, Error::kOk), f.start_us);
    }
    close_session_connections(t.session);
    return;
  } else if (t.session == 0 && !f.from_client) {  // a container removal
    if (auto* d = std::get_if<WriteOp>(&t.body)) {
      containers_deleting_.erase(std::get<DeleteOp>(*d).path);
    }
    return;
  } else if (f.from_client && bound(f.conn, t.session)) {
    const TxnOutcome& o = f.outcome;
    if (f.barrier) {
      PacketBuilder p(t.xid, sm_.last_zxid(), 0);
      p.w.string(f.sync_path);
      reply(f.conn, p.finish(), f.start_us);
    } else if (o.multi) {
      reply(f.conn, multi_reply(t.xid, t.zxid, o.results), f.start_us);
    } else if (o.results.front().err != Error::kOk) {
      reply(f.conn, header_only(t.xid, t.zxid, o.results.front().err), f.start_us);
    } else {
      PacketBuilder p(t.xid, t.zxid, 0);
      write_result_body(p.w, o.results.front());
      reply(f.conn, p.finish(), f.start_us);
    }
  }
  if (f.from_client) {
    auto it = queues_.find(t.session);
    if (it != queues_.end() && !it->second.empty()) it->second.pop_front();
    drain(t.session);
  }
}

// ZooKeeper answers a reconfig like getData of /zookeeper/config: the new configuration's
// text and the node's stat.
std::string RequestProcessor::reconfig_reply(int32_t xid, Error error) const {
  const Znode* n = error == Error::kOk ? sm_.tree.find("/zookeeper/config") : nullptr;
  if (!n)
    return header_only(xid, sm_.last_zxid(), error == Error::kOk ? Error::kSystemError : error);
  PacketBuilder p(xid, sm_.last_zxid(), 0);
  p.w.buffer(n->data);
  write_stat(p.w, sm_.tree.stat_of(*n));
  return p.finish();
}

void RequestProcessor::tick(int64_t now_ms) {
  if (!log_.leads()) return;
  for (int64_t id : sm_.sessions.expire(now_ms)) {
    InFlight f;
    f.txn.session = id;
    f.txn.time = wall_ms();
    f.txn.body = CloseSessionBody{};
    f.op = OpCode::kCloseSession;
    submit(std::move(f));
  }
  if (now_ms >= next_container_check_ms_) {
    next_container_check_ms_ = now_ms + kContainerCheckIntervalMs;
    for (const auto& path : sm_.tree.empty_containers()) {
      if (!containers_deleting_.insert(path).second) continue;
      InFlight f;
      f.txn.time = wall_ms();
      f.txn.auth = {Id{"super", ""}};
      f.txn.body = WriteOp{DeleteOp{path, -1}};
      f.op = OpCode::kDelete;
      submit(std::move(f));
    }
  }
}

}  // namespace zks
