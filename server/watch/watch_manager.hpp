// WatchManager: which connection watches which path, and how. One-shot data watches (getData,
// exists) and child watches (getChildren) fire once; persistent and persistent-recursive watches
// (addWatch) stay until removed. trigger() maps a tree change to the notifications to send,
// at most one per watcher per change, following ZooKeeper's rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "server/tree/data_tree.hpp"

namespace zks {

enum class WatchKind { kData, kChild, kPersistent, kPersistentRecursive };

class WatchManager {
 public:
  using Watcher = uint64_t;  // connection id

  void add(const std::string& path, Watcher w, WatchKind kind);
  std::vector<std::pair<Watcher, WatchEvent>> trigger(const WatchEvent& event);
  // type: 1 children, 2 data, 3 any (RemoveWatches). Returns whether one was there.
  bool remove(const std::string& path, Watcher w, int32_t type, bool dry_run = false);
  void remove_watcher(Watcher w);

  size_t watch_count() const;
  size_t path_count() const;
  size_t watcher_count() const { return by_watcher_.size(); }

 private:
  using Table = std::unordered_map<std::string, std::unordered_set<Watcher>>;
  Table& table(WatchKind kind) { return tables_[static_cast<int>(kind)]; }
  void fire(WatchKind kind, const std::string& path, const WatchEvent& event, bool one_shot,
            std::unordered_set<Watcher>& notified,
            std::vector<std::pair<Watcher, WatchEvent>>& out);
  bool erase(WatchKind kind, const std::string& path, Watcher w, bool dry_run);
  // Drops `path` from the watcher's index once no table holds it for `w`.
  void forget_if_unwatched(const std::string& path, Watcher w);

  Table tables_[4];
  std::unordered_map<Watcher, std::unordered_set<std::string>> by_watcher_;
};

}  // namespace zks
