#include "server/watch/watch_manager.hpp"

#include "server/tree/path.hpp"

namespace zks {

void WatchManager::add(const std::string& path, Watcher w, WatchKind kind) {
  table(kind)[path].insert(w);
  by_watcher_[w].insert(path);
}

void WatchManager::fire(WatchKind kind, const std::string& path, const WatchEvent& event,
                        bool one_shot, std::unordered_set<Watcher>& notified,
                        std::vector<std::pair<Watcher, WatchEvent>>& out) {
  auto& t = table(kind);
  auto it = t.find(path);
  if (it == t.end()) return;
  for (Watcher w : it->second) {
    if (notified.insert(w).second) out.emplace_back(w, event);
  }
  if (!one_shot) return;
  std::unordered_set<Watcher> fired = std::move(it->second);
  t.erase(it);
  for (Watcher w : fired) forget_if_unwatched(path, w);
}

void WatchManager::forget_if_unwatched(const std::string& path, Watcher w) {
  for (const auto& t : tables_) {
    auto it = t.find(path);
    if (it != t.end() && it->second.contains(w)) return;
  }
  auto it = by_watcher_.find(w);
  if (it == by_watcher_.end()) return;
  it->second.erase(path);
  if (it->second.empty()) by_watcher_.erase(it);
}

std::vector<std::pair<WatchManager::Watcher, WatchEvent>> WatchManager::trigger(
    const WatchEvent& event) {
  std::vector<std::pair<Watcher, WatchEvent>> out;
  std::unordered_set<Watcher> notified;
  const std::string& p = event.path;
  switch (event.type) {
    case EventType::kCreated:
    case EventType::kDataChanged:
      fire(WatchKind::kData, p, event, true, notified, out);
      break;
    case EventType::kDeleted:
      fire(WatchKind::kData, p, event, true, notified, out);
      fire(WatchKind::kChild, p, event, true, notified, out);
      break;
    case EventType::kChildrenChanged:
      fire(WatchKind::kChild, p, event, true, notified, out);
      break;
    default:
      return out;
  }
  fire(WatchKind::kPersistent, p, event, false, notified, out);
  // Recursive watches see changes of the path and its descendants, not child-list events.
  if (event.type != EventType::kChildrenChanged &&
      !table(WatchKind::kPersistentRecursive).empty()) {
    std::string_view cur = p;
    for (;;) {
      fire(WatchKind::kPersistentRecursive, std::string(cur), event, false, notified, out);
      if (cur == "/") break;
      cur = parent_path(cur);
    }
  }
  return out;
}

bool WatchManager::erase(WatchKind kind, const std::string& path, Watcher w, bool dry_run) {
  auto& t = table(kind);
  auto it = t.find(path);
  if (it == t.end() || !it->second.contains(w)) return false;
  if (!dry_run) {
    it->second.erase(w);
    if (it->second.empty()) t.erase(it);
    forget_if_unwatched(path, w);
  }
  return true;
}

bool WatchManager::remove(const std::string& path, Watcher w, int32_t type, bool dry_run) {
  bool found = false;
  if (type == 1 || type == 3) found |= erase(WatchKind::kChild, path, w, dry_run);
  if (type == 2 || type == 3) found |= erase(WatchKind::kData, path, w, dry_run);
  if (type == 3) {
    found |= erase(WatchKind::kPersistent, path, w, dry_run);
    found |= erase(WatchKind::kPersistentRecursive, path, w, dry_run);
  }
  return found;
}

void WatchManager::remove_watcher(Watcher w) {
  auto it = by_watcher_.find(w);
  if (it == by_watcher_.end()) return;
  for (const auto& path : it->second) {
    for (auto& t : tables_) {
      auto pit = t.find(path);
      if (pit == t.end()) continue;
      pit->second.erase(w);
      if (pit->second.empty()) t.erase(pit);
    }
  }
  by_watcher_.erase(it);
}

size_t WatchManager::watch_count() const {
  size_t n = 0;
  for (const auto& t : tables_) {
    for (const auto& [_, ws] : t) n += ws.size();
  }
  return n;
}

size_t WatchManager::path_count() const {
  std::unordered_set<std::string_view> paths;
  for (const auto& t : tables_) {
    for (const auto& [p, _] : t) paths.insert(p);
  }
  return paths.size();
}

}  // namespace zks
