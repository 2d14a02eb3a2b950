// PeerTransport: the TCP links between ensemble members, on the event loop.
//
// Each member listens on its quorum port and its election port (server.N=host:quorum:election).
// Frames to a peer go over an outbound connection this server opens to that peer's port for
// the frame's channel: votes, pre-votes and TimeoutNow on the election port; appends,
// heartbeats, snapshots, forwarded writes, read-index requests and session touches on the
// quorum port. Frames from a peer arrive on the connections it opened to us. Each
// connection starts with a hello frame (server id, channel, cluster id, the members the
// sender knows); an inbound connection whose hello names the wrong port, or a peer that
// peer_admission.hpp refuses, is closed and logged.
//
// The members change at runtime (set_members, when a configuration entry is appended or
// applied): links to new members are opened, links to former members are closed once what
// was queued for them is written (a removed server's notice).
//
// Outbound links reconnect with exponential backoff from 100 ms to 3 s, and at once when the
// peer connects to us (it is back). A link's send queue
// is bounded: a frame that does not fit (or finds no connection) is dropped and send()
// returns false, which Raft tolerates (the caller reports the peer unreachable).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/ensemble/ensemble_config.hpp"
#include "server/ensemble/peer_frame.hpp"
#include "server/net/event_loop.hpp"

namespace zks::ensemble {

class PeerTransport {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void on_frame(raft::NodeId from, Frame frame) = 0;
    // The quorum connection `peer` opened to us closed (its process may have died).
    virtual void on_peer_closed(raft::NodeId peer) = 0;
    // `peer` opened its quorum connection to us (its process is up).
    virtual void on_peer_joined(raft::NodeId peer) = 0;
  };

  static constexpr size_t kMaxQueuedBytes = 64u << 20;
  static constexpr int64_t kMinBackoffMs = 100;
  static constexpr int64_t kMaxBackoffMs = 3000;

  // Starts with the members of `config` (zoo.cfg).
  PeerTransport(EventLoop& loop, const EnsembleConfig& config, Handler& handler);
  ~PeerTransport();

  // Binds both ports; throws std::runtime_error naming the address on failure.
  void listen();
  bool send(raft::NodeId to, Channel channel, FrameType type, std::string_view body);
  // Starts due reconnections.
  void tick(int64_t now_ms);
  // Writes what was queued this turn.
  void flush();
  void close_all();
  // The members to admit peers against (this server may be among them) and, when
  // `open_links`, to link to (a removed server links to nobody). With `announce` our hellos
  // list them (see peer_admission.hpp); without, they carry only the cluster id, as older
  // servers expect: members of an ensemble never reconfigured need no more.
  void set_members(std::vector<Member> members, bool open_links = true, bool announce = true);
  // Whether `peer` has a quorum connection open to us (its process is up and admitted).
  bool hears_from(raft::NodeId peer) const;

 private:
  struct Link;
  struct Inbound;

  void start_connect(Link& link, int64_t now_ms);
  void link_failed(Link& link, const char* why);
  void link_event(Link& link, uint32_t events);
  bool write_link(Link& link);
  // Waits for writability only while output is queued.
  void watch_link(Link& link);
  void accept_ready(int listen_fd, Channel channel);
  void inbound_ready(int fd);
  void close_inbound(int fd);
  void add_links(const Member& m);
  void close_link(Link& link);
  // `peer` just connected to us, so its process is up: our links to it that are down
  // reconnect now instead of waiting out their backoff (a restarted follower would
  // otherwise hear from the leader only up to a backoff later).
  void redial(raft::NodeId peer);
  std::string refusal(const std::optional<HelloBody>& hello, Channel channel) const;

  EventLoop& loop_;
  const EnsembleConfig& config_;
  Handler& handler_;
  std::vector<Member> members_;
  std::string members_text_;  // members_ as server lines, for our hello
  std::vector<int> listen_fds_;
  std::map<std::pair<raft::NodeId, Channel>, std::unique_ptr<Link>> links_;
  std::map<int, std::unique_ptr<Inbound>> inbound_;
};

}  // namespace zks::ensemble
