// Txn: one state change, as it is logged (and later replicated) and applied in zxid order.
// A client write becomes a Txn carrying the request itself plus who asked and when, so the
// apply step is a pure function of (state, txn). encode/decode give its log record form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/protocol/requests.hpp"

namespace zks {

struct CreateSessionBody {
  int32_t timeout_ms = 0;
  std::string password;
};
struct CloseSessionBody {};

struct Txn {
  int64_t zxid = 0;
  int64_t session = 0;
  int32_t xid = 0;
  int64_t time = 0;
  std::vector<Id> auth;
  std::variant<CloseSessionBody, CreateSessionBody, WriteOp, MultiOp> body;
};

std::string encode_txn(const Txn& txn);
Txn decode_txn(std::string_view record);  // throws jute::DecodeError

}  // namespace zks
