// ClientPort: the ZooKeeper client port. Accepts TCP connections (maxClientCnxns per client
// IP), splits the byte stream into length-prefixed frames (frames over jute.maxbuffer close
// the connection), answers four-letter words sent as a connection's first bytes, decodes
// connect and request packets for the RequestProcessor, and writes its replies, batching all
// replies of one loop turn into one write per connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/admin/four_letter_words.hpp"
#include "server/net/event_loop.hpp"
#include "server/processor/request_processor.hpp"

namespace zks {

struct ClientPortOptions {
  std::string address;  // empty: every interface
  int port = 0;
  int max_per_ip = 60;  // 0: unlimited
  int64_t max_frame = 0xfffff;
  std::set<std::string> four_letter_words;
};

class ClientPort : public ClientChannel {
 public:
  using StatsFn = std::function<ServerStats(uint64_t asking_conn)>;

  ClientPort(EventLoop& loop, ClientPortOptions options);
  ~ClientPort() override;

  void attach(RequestProcessor& processor, StatsFn stats) {
    processor_ = &processor;
    stats_ = std::move(stats);
  }
  void listen();
  void stop_accepting();
  // Writes out everything queued (called at the end of each loop turn).
  void flush_writes();
  bool has_pending_output() const;
  void close_all();
  // Closes the connections that carry a session, and returns how many; connections still
  // before their handshake (four-letter words among them) stay open.
  size_t close_sessions();

  void send(uint64_t conn, std::string packet) override;
  void close(uint64_t conn) override;

  std::vector<ConnectionStats> connection_stats(uint64_t asking) const;
  uint64_t packets_received() const { return received_; }
  uint64_t packets_sent() const { return sent_; }
  int bound_port() const { return bound_port_; }

 private:
  struct Connection {
    uint64_t id = 0;
    int fd = -1;
    std::string ip;
    std::string remote;
    std::string in;
    std::string out;
    size_t out_pos = 0;
    bool handshake = false;  // connect request seen
    bool closing = false;    // close once `out` is written
    bool want_write = false;
    bool dirty = false;
    uint64_t received = 0, sent = 0;
    int64_t established_ms = 0;
    int64_t last_cxid = -1;
    OpCode last_op = OpCode::kNotification;
  };

  void accept_ready();
  void on_event(uint64_t id, uint32_t events);
  void read_ready(Connection& c);
  // Returns false when the connection must be dropped.
  bool handle_frame(Connection& c, std::string_view frame);
  bool write_some(Connection& c);
  void destroy(uint64_t id);

  EventLoop& loop_;
  ClientPortOptions options_;
  RequestProcessor* processor_ = nullptr;
  StatsFn stats_;
  int listen_fd_ = -1;
  int bound_port_ = 0;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Connection> conns_;
  std::unordered_map<std::string, int> per_ip_;
  std::vector<uint64_t> dirty_;
  uint64_t received_ = 0, sent_ = 0;
};

}  // namespace zks
