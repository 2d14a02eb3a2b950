// Error codes of the ZooKeeper client protocol, as real clients expect them in reply headers
// and multi results (values fixed by zookeeper.h).
#pragma once

#include <cstdint>

namespace zks {

enum class Error : int32_t {
  kOk = 0,
  kSystemError = -1,
  kRuntimeInconsistency = -2,
  kMarshallingError = -5,
  kUnimplemented = -6,
  kBadArguments = -8,
  kNewConfigNoQuorum = -13,   // reconfig: the new configuration's quorum is not connected
  kReconfigInProgress = -14,  // reconfig: another configuration change is not committed yet
  kApiError = -100,
  kNoNode = -101,
  kNoAuth = -102,
  kBadVersion = -103,
  kNoChildrenForEphemerals = -108,
  kNodeExists = -110,
  kNotEmpty = -111,
  kSessionExpired = -112,
  kInvalidAcl = -114,
  kAuthFailed = -115,
  kSessionMoved = -118,
  kNotReadOnly = -119,
  kNoWatcher = -121,
  kReconfigDisabled = -123,
};

inline int32_t code(Error e) {
  return static_cast<int32_t>(e);
}

}  // namespace zks
