// Request opcodes, create modes, watch event types and permission bits of the ZooKeeper
// client protocol (values fixed by the protocol; see zookeeper/proto.h and zookeeper.h).
#pragma once

#include <cstdint>

namespace zks {

enum class OpCode : int32_t {
  kNotification = 0,
  kCreate = 1,
  kDelete = 2,
  kExists = 3,
  kGetData = 4,
  kSetData = 5,
  kGetAcl = 6,
  kSetAcl = 7,
  kGetChildren = 8,
  kSync = 9,
  kPing = 11,
  kGetChildren2 = 12,
  kCheck = 13,
  kMulti = 14,
  kCreate2 = 15,
  kReconfig = 16,
  kCheckWatches = 17,
  kRemoveWatches = 18,
  kCreateContainer = 19,
  kDeleteContainer = 20,
  kCreateTtl = 21,
  kMultiRead = 22,
  kAuth = 100,
  kSetWatches = 101,
  kSasl = 102,
  kGetEphemerals = 103,
  kGetAllChildrenNumber = 104,
  kSetWatches2 = 105,
  kAddWatch = 106,
  kWhoAmI = 107,
  kError = -1,
  kCreateSession = -10,
  kCloseSession = -11,
};

// Special xids the client uses for requests outside the normal sequence.
inline constexpr int32_t kWatchXid = -1;
inline constexpr int32_t kPingXid = -2;
inline constexpr int32_t kAuthXid = -4;
inline constexpr int32_t kSetWatchesXid = -8;

namespace create_mode {
inline constexpr int32_t kEphemeral = 1;
inline constexpr int32_t kSequential = 2;
inline constexpr int32_t kContainer = 4;
inline constexpr int32_t kTtl = 5;
inline constexpr int32_t kSequentialTtl = 6;
}  // namespace create_mode

enum class EventType : int32_t {
  kNone = -1,
  kCreated = 1,
  kDeleted = 2,
  kDataChanged = 3,
  kChildrenChanged = 4,
  kDataWatchRemoved = 5,
  kChildWatchRemoved = 6,
  kPersistentWatchRemoved = 7,
};
inline constexpr int32_t kStateSyncConnected = 3;

namespace perm {
inline constexpr int32_t kRead = 1;
inline constexpr int32_t kWrite = 2;
inline constexpr int32_t kCreate = 4;
inline constexpr int32_t kDelete = 8;
inline constexpr int32_t kAdmin = 16;
inline constexpr int32_t kAll = 31;
}  // namespace perm

// ephemeralOwner marker of container znodes (ZooKeeper's EphemeralType.CONTAINER).
inline constexpr int64_t kContainerOwner = INT64_MIN;

}  // namespace zks
