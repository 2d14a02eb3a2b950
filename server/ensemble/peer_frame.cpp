#include "server/ensemble/peer_frame.hpp"

#include "server/storage/coding.hpp"

namespace zks::ensemble {
namespace {

using storage::DecodeFixed32;
using storage::DecodeFixed64;
using storage::PutFixed32;
using storage::PutFixed64;

constexpr std::string_view kHelloMagic = "ZKSPEER1";

// Reads fixed-width fields from a body, remembering whether it ran short.
struct Reader {
  std::string_view in;
  bool ok = true;
  uint64_t u64() {
    if (in.size() < 8) return fail();
    uint64_t v = DecodeFixed64(in.data());
    in.remove_prefix(8);
    return v;
  }
  uint32_t u32() {
    if (in.size() < 4) return static_cast<uint32_t>(fail());
    uint32_t v = DecodeFixed32(in.data());
    in.remove_prefix(4);
    return v;
  }
  uint8_t u8() {
    if (in.empty()) return static_cast<uint8_t>(fail());
    uint8_t v = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    return v;
  }
  RequestRef ref() {
    RequestRef r;
    r.incarnation = u64();
    r.seq = u64();
    return r;
  }
  std::string bytes() {
    const uint32_t n = u32();
    if (!ok || in.size() < n) {
      fail();
      return {};
    }
    std::string v(in.substr(0, n));
    in.remove_prefix(n);
    return v;
  }
  uint64_t fail() {
    ok = false;
    in = {};
    return 0;
  }
  bool done() const { return ok && in.empty(); }
};

}  // namespace

std::string encode_frame(FrameType type, std::string_view body) {
  std::string out;
  out.reserve(5 + body.size());
  PutFixed32(&out, static_cast<uint32_t>(body.size() + 1));
  out.push_back(static_cast<char>(type));
  out.append(body);
  return out;
}

std::optional<Frame> FrameSplitter::next(std::string* error) {
  if (buffer_.size() - pos_ < 4) return std::nullopt;
  uint32_t length = DecodeFixed32(buffer_.data() + pos_);
  if (length == 0 || length > kMaxFrameBytes) {
    *error = "frame length " + std::to_string(length) + " out of range";
    return std::nullopt;
  }
  if (buffer_.size() - pos_ - 4 < length) return std::nullopt;
  uint8_t type = static_cast<uint8_t>(buffer_[pos_ + 4]);
  if (type < static_cast<uint8_t>(FrameType::kHello) ||
      type > static_cast<uint8_t>(FrameType::kRemoved)) {
    *error = "unknown frame type " + std::to_string(type);
    return std::nullopt;
  }
  Frame f{static_cast<FrameType>(type), buffer_.substr(pos_ + 5, length - 1)};
  pos_ += 4 + length;
  if (pos_ == buffer_.size() || pos_ > (1u << 20)) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  return f;
}

std::string encode_hello(const HelloBody& hello) {
  std::string out(kHelloMagic);
  PutFixed64(&out, hello.server_id);
  out.push_back(static_cast<char>(hello.channel));
  out.append(hello.cluster_id);
  if (!hello.members.empty()) out += "\n" + hello.members;
  return out;
}

std::optional<HelloBody> decode_hello(std::string_view body) {
  if (!body.starts_with(kHelloMagic)) return std::nullopt;
  Reader r{body.substr(kHelloMagic.size())};
  HelloBody h;
  h.server_id = r.u64();
  uint8_t channel = r.u8();
  if (!r.ok || h.server_id == 0 || (channel != 1 && channel != 2)) return std::nullopt;
  h.channel = static_cast<Channel>(channel);
  const size_t newline = r.in.find('\n');
  h.cluster_id = std::string(r.in.substr(0, newline));
  if (newline != std::string_view::npos) h.members = std::string(r.in.substr(newline + 1));
  return h;
}

std::string encode_request_ref(const RequestRef& ref) {
  std::string out;
  PutFixed64(&out, ref.incarnation);
  PutFixed64(&out, ref.seq);
  return out;
}

std::optional<RequestRef> decode_request_ref(std::string_view body) {
  Reader r{body};
  RequestRef ref = r.ref();
  if (!r.done()) return std::nullopt;
  return ref;
}

std::string encode_read_index_reply(const ReadIndexReply& reply) {
  std::string out = encode_request_ref(reply.ref);
  PutFixed64(&out, reply.index);
  out.push_back(reply.ok ? 1 : 0);
  return out;
}

std::optional<ReadIndexReply> decode_read_index_reply(std::string_view body) {
  Reader r{body};
  ReadIndexReply reply;
  reply.ref = r.ref();
  reply.index = r.u64();
  uint8_t ok = r.u8();
  if (!r.done() || ok > 1) return std::nullopt;
  reply.ok = ok == 1;
  return reply;
}

namespace {

void put_bytes(std::string* out, std::string_view v) {
  PutFixed32(out, static_cast<uint32_t>(v.size()));
  out->append(v);
}

}  // namespace

std::string encode_reconfig_forward(const ReconfigForward& r) {
  std::string out = encode_request_ref(r.ref);
  PutFixed64(&out, static_cast<uint64_t>(r.from_config));
  put_bytes(&out, r.joining);
  put_bytes(&out, r.leaving);
  put_bytes(&out, r.new_members);
  return out;
}

std::optional<ReconfigForward> decode_reconfig_forward(std::string_view body) {
  Reader r{body};
  ReconfigForward f;
  f.ref = r.ref();
  f.from_config = static_cast<int64_t>(r.u64());
  f.joining = r.bytes();
  f.leaving = r.bytes();
  f.new_members = r.bytes();
  if (!r.done()) return std::nullopt;
  return f;
}

std::string encode_reconfig_reply(const ReconfigReply& r) {
  std::string out = encode_request_ref(r.ref);
  PutFixed32(&out, static_cast<uint32_t>(r.error));
  PutFixed64(&out, r.index);
  PutFixed64(&out, r.term);
  return out;
}

std::optional<ReconfigReply> decode_reconfig_reply(std::string_view body) {
  Reader r{body};
  ReconfigReply reply;
  reply.ref = r.ref();
  reply.error = static_cast<int32_t>(r.u32());
  reply.index = r.u64();
  reply.term = r.u64();
  if (!r.done()) return std::nullopt;
  return reply;
}

std::string encode_touch(const std::vector<int64_t>& sessions) {
  std::string out;
  PutFixed32(&out, static_cast<uint32_t>(sessions.size()));
  for (int64_t id : sessions) PutFixed64(&out, static_cast<uint64_t>(id));
  return out;
}

std::optional<std::vector<int64_t>> decode_touch(std::string_view body) {
  Reader r{body};
  uint32_t n = r.u32();
  if (!r.ok || r.in.size() != uint64_t(n) * 8) return std::nullopt;
  std::vector<int64_t> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) out.push_back(static_cast<int64_t>(r.u64()));
  return out;
}

}  // namespace zks::ensemble
