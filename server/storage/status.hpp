// Status: the outcome of a storage operation. Storage never throws and never aborts on I/O
// trouble; every failure comes back as a Status whose message names the file (and offset,
// where one applies) and whose code lets the caller tell a missing file from corruption from
// an I/O error. sys_errno() keeps the operating system's error number (ENOSPC, EIO, ...).
#pragma once

#include <string>
#include <utility>

namespace zks::storage {

class Status {
 public:
  enum class Code { kOk, kNotFound, kCorruption, kIoError, kInvalidArgument, kAlreadyExists };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg), 0); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg), 0); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg), 0);
  }
  static Status AlreadyExists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg), 0);
  }
  // An operating-system failure: `what` names the operation and file, err is errno.
  static Status IoError(const std::string& what, int err);

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIoError() const { return code_ == Code::kIoError; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsAlreadyExists() const { return code_ == Code::kAlreadyExists; }
  Code code() const { return code_; }
  int sys_errno() const { return errno_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg, int err)
      : code_(code), message_(std::move(msg)), errno_(err) {}

  Code code_ = Code::kOk;
  std::string message_;
  int errno_ = 0;
};

}  // namespace zks::storage
