#include "server/ensemble/raft_storage.hpp"

#include <spdlog/spdlog.h>

#include "server/replication/codec.hpp"
#include "server/storage/atomic_file.hpp"
#include "server/storage/coding.hpp"
#include "server/storage/data_dir_identity.hpp"
#include "server/storage/hard_state.hpp"

namespace zks::ensemble {

std::string encode_snapshot_image(const SnapshotImage& image) {
  std::string conf = raft::encode_conf_state(image.conf, image.config_text);
  std::string out;
  storage::PutFixed32(&out, static_cast<uint32_t>(conf.size()));
  out += conf;
  out += image.state;
  return out;
}

std::optional<SnapshotImage> decode_snapshot_image(std::string_view bytes) {
  if (bytes.size() < 4) return std::nullopt;
  uint32_t n = storage::DecodeFixed32(bytes.data());
  if (bytes.size() - 4 < n) return std::nullopt;
  auto conf = raft::decode_conf_entry(bytes.substr(4, n));
  if (!conf) return std::nullopt;
  return SnapshotImage{conf->conf, std::string(bytes.substr(4 + n)), conf->context};
}

void RaftStorage::check(const storage::Status& s, const std::string& what) {
  if (!s.ok()) throw StorageFailure(what + ": " + s.ToString());
}

RaftStorage::RaftStorage(const ServerConfig& config, const EnsembleConfig& ensemble)
    : env_(storage::Env::Default()),
      data_dir_(config.data_dir),
      raft_dir_(config.data_dir + "/raft") {
  check(storage::LockDataDir(env_, config.data_dir, &lock_),
        "locking data directory " + config.data_dir);
  check(storage::ClaimDataDir(env_, config.data_dir, {ensemble.cluster_id, ensemble.my_id}),
        "claiming data directory " + config.data_dir);
  check(env_->CreateDirs(raft_dir_), "creating " + raft_dir_);
  check(storage::SnapshotStore::Open(raft_dir_ + "/snapshots", env_, &snapshots_),
        "opening snapshots in " + raft_dir_ + "/snapshots");
  storage::LogOptions options;
  options.force_sync = config.force_sync;
  options.max_payload_bytes = static_cast<uint32_t>(config.jute_max_buffer) + (1u << 16);
  storage::LogOpenReport report;
  const std::string log_dir = config.data_log_dir + "/raft-log";
  check(storage::RecordLog::Open(log_dir, options, &log_, &report),
        "opening the Raft log " + log_dir);
  if (report.torn_tail) spdlog::warn("Raft log: {}", report.ToString());
}

RaftStorage::Loaded RaftStorage::load(const raft::ConfState& founding) {
  Loaded out;
  storage::HardState hs;
  storage::Status s = storage::LoadHardState(env_, raft_dir_, &hs);
  const bool no_hard_state = s.IsNotFound();
  if (!no_hard_state) check(s, "loading the Raft hard state");
  storage::SnapshotMeta meta;
  std::string bytes;
  s = snapshots_->LoadNewest(false, &meta, &bytes);
  const bool no_snapshot = s.IsNotFound();
  if (!no_snapshot) {
    check(s, "loading the newest snapshot");
    auto image = decode_snapshot_image(bytes);
    if (!image) throw StorageFailure(meta.path + ": snapshot content is invalid");
    out.state.snapshot = raft::SnapshotMeta{meta.index, meta.term, image->conf};
    out.state_image = std::move(image->state);
    out.config_text = std::move(image->config_text);
  } else {
    out.state.snapshot.conf = founding;
  }
  if (no_hard_state && no_snapshot && log_->empty()) {
    // A hard state from the start: entries received later are never found without one.
    out.brand_new = true;
    check(storage::SaveHardState(env_, raft_dir_, {0, 0, 0}),
          "saving the Raft hard state in " + raft_dir_);
    return out;
  }
  if (no_hard_state) {
    throw StorageFailure(raft_dir_ + "/" + storage::kHardStateFileName +
                         ": missing although the Raft log or snapshots hold state");
  }
  saved_ = raft::HardState{hs.term, hs.vote, hs.commit};
  out.state.hard_state = saved_;
  const uint64_t from = out.state.snapshot.index + 1;
  if (!log_->empty() && log_->first_index() > from) {
    throw StorageFailure(log_->dir() + ": log starts at index " +
                         std::to_string(log_->first_index()) + " but the snapshot ends at " +
                         std::to_string(out.state.snapshot.index) + ": entries are missing");
  }
  uint64_t next = from;
  while (!log_->empty() && next <= log_->last_index()) {
    std::vector<storage::Record> records;
    check(log_->Read(next, log_->last_index(), &records, 8u << 20),
          "reading the Raft log " + log_->dir());
    for (auto& r : records) {
      if (r.index != next || r.payload.empty() || r.payload[0] > 1) {
        throw StorageFailure(log_->dir() + ": record " + std::to_string(r.index) +
                             " is not the Raft entry expected at index " + std::to_string(next));
      }
      out.state.entries.push_back(raft::Entry{
          r.term, r.index, static_cast<raft::EntryType>(r.payload[0]), r.payload.substr(1)});
      ++next;
    }
  }
  out.state.hard_state.commit =
      std::min<raft::Index>(std::max(saved_.commit, out.state.snapshot.index), next - 1);
  out.state.applied = out.state.snapshot.index;
  return out;
}

void RaftStorage::append_entries(const std::vector<raft::Entry>& entries) {
  for (const auto& e : entries) {
    std::string payload(1, static_cast<char>(e.type));
    payload += e.data;
    check(log_->Append(e.index, e.term, payload), "appending to the Raft log " + log_->dir());
  }
}

void RaftStorage::persist(const raft::Ready& rd, const std::string& snapshot_bytes) {
  bool sync = false;
  if (rd.snapshot) {
    check(snapshots_->Write(rd.snapshot->index, rd.snapshot->term, snapshot_bytes),
          "writing a received snapshot in " + snapshots_->dir());
    check(log_->Clear(), "clearing the Raft log " + log_->dir());
  }
  if (!rd.entries.empty()) {
    const raft::Index first = rd.entries.front().index;
    if (!log_->empty() && log_->last_index() >= first) {
      check(log_->TruncateSuffix(first - 1), "truncating the Raft log " + log_->dir());
    }
    append_entries(rd.entries);
    sync = true;
  }
  if (sync) check(log_->Sync(), "syncing the Raft log " + log_->dir());
  if (rd.hard_state && (rd.hard_state->term != saved_.term || rd.hard_state->vote != saved_.vote)) {
    saved_ = *rd.hard_state;
    check(storage::SaveHardState(env_, raft_dir_, {saved_.term, saved_.vote, saved_.commit}),
          "saving the Raft hard state in " + raft_dir_);
  }
}

void RaftStorage::save_snapshot(const raft::SnapshotMeta& meta, const std::string& bytes) {
  check(snapshots_->Write(meta.index, meta.term, bytes),
        "writing a snapshot in " + snapshots_->dir());
  check(log_->CompactPrefix(meta.index), "compacting the Raft log " + log_->dir());
  uint64_t oldest = 0;
  check(snapshots_->Purge(storage::kMinSnapshotRetainCount, &oldest),
        "purging old snapshots in " + snapshots_->dir());
}

std::string RaftStorage::newest_snapshot(raft::SnapshotMeta* meta) {
  storage::SnapshotMeta m;
  std::string bytes;
  check(snapshots_->LoadNewest(false, &m, &bytes), "loading the newest snapshot");
  auto image = decode_snapshot_image(bytes);
  if (!image) throw StorageFailure(m.path + ": snapshot content is invalid");
  *meta = raft::SnapshotMeta{m.index, m.term, image->conf};
  return bytes;
}

void RaftStorage::write_dynamic_config(const std::string& text) {
  check(storage::WriteFileAtomically(env_, data_dir_, "zoo.cfg.dynamic", text + "\n"),
        "writing " + data_dir_ + "/zoo.cfg.dynamic");
}

}  // namespace zks::ensemble
