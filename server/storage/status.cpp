#include "server/storage/status.hpp"

#include <cstring>

namespace zks::storage {

Status Status::IoError(const std::string& what, int err) {
  return Status(Code::kIoError, what + ": " + std::strerror(err), err);
}

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kCorruption:
      return "corruption: " + message_;
    case Code::kIoError:
      return "I/O error: " + message_;
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kAlreadyExists:
      return "already exists: " + message_;
  }
  return message_;
}

}  // namespace zks::storage
