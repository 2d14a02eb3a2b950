// The Wing-Gong/Lowe search behind checker.hpp, generic over a sequential model:
//
//   struct Model {
//     using State = ...;                  // equality-comparable
//     State initial() const;
//     // Applies op to s: false if the model forbids op's result in state s.
//     bool step(const State& s, const Operation& op, State* next) const;
//     size_t hash(const State& s) const;
//   };
//
// Internal to the checker; included by its model files only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "tests/support/lincheck/checker.hpp"

namespace zks::lincheck::detail {

// Invocation or completion of one operation, in a doubly linked list ordered by time.
struct Event {
  size_t op = 0;
  bool call = false;
  int64_t time = 0;
  Event* match = nullptr;  // a call's completion
  Event* prev = nullptr;
  Event* next = nullptr;
};

// The operations of one key, around the point where the search got stuck.
std::string explain(const std::vector<const Operation*>& ops, size_t stuck, size_t most,
                    size_t known);

template <typename Model>
struct Memo {
  std::vector<uint64_t> linearized;
  typename Model::State state;
  bool operator==(const Memo& o) const { return linearized == o.linearized && state == o.state; }
};

template <typename Model>
Verdict search(const std::vector<const Operation*>& ops, const Model& model, uint64_t budget,
               std::string* message) {
  const size_t n = ops.size();
  std::vector<Event> events(2 * n);
  for (size_t i = 0; i < n; ++i) {
    Event& call = events[2 * i];
    Event& ret = events[2 * i + 1];
    call = {i, true, ops[i]->invoked, &ret, nullptr, nullptr};
    // An operation of unknown outcome never completes: it may take effect at any later time.
    const bool known = ops[i]->outcome == Outcome::kOk;
    ret = {i,       false,   known ? ops[i]->completed : std::numeric_limits<int64_t>::max(),
           nullptr, nullptr, nullptr};
  }
  std::vector<Event*> order;
  for (Event& e : events) order.push_back(&e);
  // At equal times calls come first: the operations then overlap, which forbids nothing.
  std::stable_sort(order.begin(), order.end(), [](const Event* a, const Event* b) {
    return a->time != b->time ? a->time < b->time : a->call > b->call;
  });
  Event head;
  Event* last = &head;
  for (Event* e : order) {
    last->next = e;
    e->prev = last;
    last = e;
  }
  auto lift = [](Event* call) {
    call->prev->next = call->next;
    if (call->next) call->next->prev = call->prev;
    Event* ret = call->match;
    ret->prev->next = ret->next;
    if (ret->next) ret->next->prev = ret->prev;
  };
  auto unlift = [](Event* call) {
    Event* ret = call->match;
    ret->prev->next = ret;
    if (ret->next) ret->next->prev = ret;
    call->prev->next = call;
    if (call->next) call->next->prev = call;
  };
  size_t known_left = 0;
  for (const Operation* op : ops) known_left += op->outcome == Outcome::kOk;
  const size_t known = known_left;

  struct MemoHash {
    const Model* model;
    size_t operator()(const Memo<Model>& m) const {
      size_t h = model->hash(m.state);
      for (uint64_t w : m.linearized) h = h * 1000003u ^ std::hash<uint64_t>{}(w);
      return h;
    }
  };
  std::unordered_set<Memo<Model>, MemoHash> seen(16, MemoHash{&model});
  struct Frame {
    Event* call;
    typename Model::State state;
  };
  std::vector<Frame> stack;
  std::vector<uint64_t> linearized((n + 63) / 64, 0);
  typename Model::State state = model.initial();
  size_t most = 0, stuck = 0;
  Event* entry = head.next;
  for (uint64_t steps = 0; known_left > 0; ++steps) {
    if (steps > budget) {
      *message = "step budget of " + std::to_string(budget) + " exhausted\n" +
                 explain(ops, stuck, most, known);
      return Verdict::kUnknown;
    }
    if (entry->call) {
      const Operation& op = *ops[entry->op];
      typename Model::State next;
      if (model.step(state, op, &next)) {
        std::vector<uint64_t> with = linearized;
        with[entry->op / 64] |= uint64_t{1} << (entry->op % 64);
        if (seen.insert(Memo<Model>{with, next}).second) {
          stack.push_back({entry, state});
          state = std::move(next);
          linearized = std::move(with);
          known_left -= op.outcome == Outcome::kOk;
          lift(entry);
          entry = head.next;
          continue;
        }
      }
      entry = entry->next;
      continue;
    }
    // A completion: its operation must be linearized before anything after it. Backtrack.
    if (stack.size() >= most) {
      most = stack.size();
      stuck = entry->op;
    }
    if (stack.empty()) {
      *message = explain(ops, stuck, most, known);
      return Verdict::kViolation;
    }
    Frame frame = std::move(stack.back());
    stack.pop_back();
    state = std::move(frame.state);
    linearized[frame.call->op / 64] &= ~(uint64_t{1} << (frame.call->op % 64));
    known_left += ops[frame.call->op]->outcome == Outcome::kOk;
    unlift(frame.call);
    entry = frame.call->next;
  }
  return Verdict::kLinearizable;
}

}  // namespace zks::lincheck::detail
