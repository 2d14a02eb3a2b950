#include "server/jute/archive.hpp"

namespace zks::jute {

void Writer::i32(int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char b[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
  out_.append(b, 4);
}

void Writer::i64(int64_t v) {
  i32(static_cast<int32_t>(static_cast<uint64_t>(v) >> 32));
  i32(static_cast<int32_t>(static_cast<uint64_t>(v) & 0xffffffffu));
}

void Writer::buffer(std::string_view v) {
  i32(static_cast<int32_t>(v.size()));
  out_.append(v);
}

void Writer::strings(const std::vector<std::string>& v) {
  i32(static_cast<int32_t>(v.size()));
  for (const auto& s : v) string(s);
}

void Writer::patch_i32(size_t offset, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  out_[offset] = char(u >> 24);
  out_[offset + 1] = char(u >> 16);
  out_[offset + 2] = char(u >> 8);
  out_[offset + 3] = char(u);
}

void Reader::need(size_t n) const {
  if (n > remaining()) throw DecodeError("record truncated");
}

int32_t Reader::i32() {
  need(4);
  auto p = reinterpret_cast<const unsigned char*>(in_.data() + pos_);
  pos_ += 4;
  return static_cast<int32_t>(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 |
                              uint32_t(p[3]));
}

int64_t Reader::i64() {
  uint64_t hi = static_cast<uint32_t>(i32());
  uint64_t lo = static_cast<uint32_t>(i32());
  return static_cast<int64_t>(hi << 32 | lo);
}

bool Reader::boolean() {
  need(1);
  return in_[pos_++] != 0;
}

std::string Reader::buffer() {
  int32_t len = i32();
  if (len == -1) return {};
  if (len < 0) throw DecodeError("negative length");
  need(static_cast<size_t>(len));
  std::string s(in_.substr(pos_, static_cast<size_t>(len)));
  pos_ += static_cast<size_t>(len);
  return s;
}

int32_t Reader::count(size_t min_size) {
  int32_t n = i32();
  if (n == -1) return 0;
  if (n < 0) throw DecodeError("negative count");
  if (static_cast<size_t>(n) > remaining() / min_size) throw DecodeError("count exceeds record");
  return n;
}

std::vector<std::string> Reader::strings() {
  int32_t n = count(4);
  std::vector<std::string> v;
  v.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) v.push_back(string());
  return v;
}

}  // namespace zks::jute
