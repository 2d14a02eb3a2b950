#include "server/replication/codec.hpp"

#include <cstdint>

namespace zks::raft {

namespace {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void bytes(std::string_view v) {
    u64(v.size());
    out_.append(v);
  }
  void ids(const std::set<NodeId>& set) {
    u64(set.size());
    for (NodeId id : set) u64(id);
  }
  void conf(const ConfState& conf) {
    ids(conf.voters);
    ids(conf.learners);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields in order; the first failure sticks and every later read yields zero.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool at_end() const { return pos_ == in_.size(); }
  void fail(std::string why) {
    if (ok()) error_ = std::move(why) + " at byte " + std::to_string(pos_);
  }

  std::uint8_t u8(const char* what) {
    if (!need(1, what)) return 0;
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t u64(const char* what) {
    if (!need(8, what)) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_++])) << (8 * i);
    return v;
  }
  std::string bytes(const char* what) {
    std::uint64_t size = u64(what);
    if (!ok() || !need(size, what)) return {};
    std::string v(in_.substr(pos_, size));
    pos_ += size;
    return v;
  }
  // A count of items each at least `min_item_bytes` long: bounded by what remains.
  std::uint64_t count(const char* what, std::size_t min_item_bytes) {
    std::uint64_t n = u64(what);
    if (ok() && n > (in_.size() - pos_) / min_item_bytes) {
      fail(std::string(what) + " count " + std::to_string(n) + " exceeds the message");
      return 0;
    }
    return n;
  }
  std::set<NodeId> ids(const char* what) {
    // Strictly ascending and non-zero: one encoding per set, so decoding is canonical.
    std::set<NodeId> set;
    std::uint64_t n = count(what, 8);
    NodeId previous = kNoNode;
    for (std::uint64_t i = 0; i < n && ok(); ++i) {
      NodeId id = u64(what);
      if (ok() && id <= previous) fail(std::string(what) + " not ascending non-zero ids");
      set.insert(previous = id);
    }
    return set;
  }
  ConfState conf() {
    ConfState conf;
    conf.voters = ids("voters");
    conf.learners = ids("learners");
    for (NodeId id : conf.learners)
      if (conf.voters.contains(id)) fail("node " + std::to_string(id) + " is voter and learner");
    return conf;
  }

 private:
  bool need(std::uint64_t n, const char* what) {
    if (!ok()) return false;
    if (n > in_.size() - pos_) {
      fail(std::string("truncated ") + what);
      return false;
    }
    return true;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string error_;
};

// term, index, type, data length.
constexpr std::size_t kMinEntryBytes = 8 + 8 + 1 + 8;

template <typename T>
std::optional<T> finish(Reader& reader, T value, std::string* error) {
  if (reader.ok() && !reader.at_end()) reader.fail("trailing bytes");
  if (reader.ok()) return value;
  if (error) *error = reader.error();
  return std::nullopt;
}

}  // namespace

std::string encode_message(const Message& m) {
  Writer w;
  w.u8(kCodecVersion);
  w.u8(static_cast<std::uint8_t>(m.type));
  w.u64(m.from);
  w.u64(m.to);
  w.u64(m.term);
  w.u64(m.log_term);
  w.u64(m.index);
  w.u64(m.commit);
  w.u8(m.reject ? 1 : 0);
  w.u64(m.reject_hint);
  w.u64(m.context);
  w.u64(m.entries.size());
  for (const auto& e : m.entries) {
    w.u64(e.term);
    w.u64(e.index);
    w.u8(static_cast<std::uint8_t>(e.type));
    w.bytes(e.data);
  }
  w.u64(m.snapshot.index);
  w.u64(m.snapshot.term);
  w.conf(m.snapshot.conf);
  w.bytes(m.snapshot_data);
  return w.take();
}

std::optional<Message> decode_message(std::string_view bytes, std::string* error) {
  Reader r(bytes);
  Message m;
  if (std::uint8_t version = r.u8("version"); r.ok() && version != kCodecVersion)
    r.fail("unsupported message version " + std::to_string(version));
  std::uint8_t type = r.u8("type");
  if (r.ok() && (type == 0 || type > kMaxMessageType))
    r.fail("unknown message type " + std::to_string(type));
  m.type = static_cast<MessageType>(type);
  m.from = r.u64("from");
  m.to = r.u64("to");
  m.term = r.u64("term");
  m.log_term = r.u64("log_term");
  m.index = r.u64("index");
  m.commit = r.u64("commit");
  std::uint8_t reject = r.u8("reject");
  if (r.ok() && reject > 1) r.fail("bad reject flag");
  m.reject = reject == 1;
  m.reject_hint = r.u64("reject_hint");
  m.context = r.u64("context");
  std::uint64_t entries = r.count("entries", kMinEntryBytes);
  for (std::uint64_t i = 0; i < entries && r.ok(); ++i) {
    Entry e;
    e.term = r.u64("entry term");
    e.index = r.u64("entry index");
    std::uint8_t entry_type = r.u8("entry type");
    if (r.ok() && entry_type > static_cast<std::uint8_t>(EntryType::kConfChange))
      r.fail("unknown entry type " + std::to_string(entry_type));
    e.type = static_cast<EntryType>(entry_type);
    e.data = r.bytes("entry data");
    m.entries.push_back(std::move(e));
  }
  m.snapshot.index = r.u64("snapshot index");
  m.snapshot.term = r.u64("snapshot term");
  m.snapshot.conf = r.conf();
  m.snapshot_data = r.bytes("snapshot data");
  return finish(r, std::move(m), error);
}

std::string encode_conf_state(const ConfState& conf, std::string_view context) {
  Writer w;
  w.u8(context.empty() ? kCodecVersion : kConfContextVersion);
  w.conf(conf);
  if (!context.empty()) w.bytes(context);
  return w.take();
}

std::optional<ConfEntry> decode_conf_entry(std::string_view bytes, std::string* error) {
  Reader r(bytes);
  const std::uint8_t version = r.u8("version");
  if (r.ok() && version != kCodecVersion && version != kConfContextVersion)
    r.fail("unsupported configuration version " + std::to_string(version));
  ConfEntry entry;
  entry.conf = r.conf();
  if (version == kConfContextVersion) {
    entry.context = r.bytes("context");
    // One encoding per value: without a context the entry is written as version 1.
    if (r.ok() && entry.context.empty()) r.fail("empty context");
  }
  return finish(r, std::move(entry), error);
}

std::optional<ConfState> decode_conf_state(std::string_view bytes, std::string* error) {
  auto entry = decode_conf_entry(bytes, error);
  if (!entry) return std::nullopt;
  return std::move(entry->conf);
}

}  // namespace zks::raft
