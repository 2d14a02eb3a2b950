// Jute binary archive: the big-endian encoding ZooKeeper uses on the wire and in its files.
// Writer appends to a byte string; Reader decodes from a view and throws DecodeError on any
// truncated, negative-length or oversized field, so hostile input cannot cause overreads.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zks::jute {

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void i32(int32_t v);
  void i64(int64_t v);
  void boolean(bool v) { out_.push_back(v ? 1 : 0); }
  // A buffer or ustring: int32 length, then the bytes.
  void buffer(std::string_view v);
  void string(std::string_view v) { buffer(v); }
  void strings(const std::vector<std::string>& v);
  // Overwrites a previously written int32 at `offset` (used for length prefixes).
  void patch_i32(size_t offset, int32_t v);
  size_t size() const { return out_.size(); }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  int32_t i32();
  int64_t i64();
  bool boolean();
  // A length of -1 (null) decodes as empty.
  std::string buffer();
  std::string string() { return buffer(); }
  std::vector<std::string> strings();
  // A vector's element count, checked against the bytes left (each element needs `min_size`).
  int32_t count(size_t min_size);
  size_t remaining() const { return in_.size() - pos_; }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  void need(size_t n) const;
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace zks::jute
