// RaftStorage: an ensemble member's durable Raft state on the server/storage components.
//   <dataDir>/zkserver.lock, zkserver.identity   one server per directory; the directory
//                                                 belongs to one cluster id and server id
//   <dataDir>/raft/raft.hardstate                term, vote, commit
//   <dataDir>/raft/snapshots/snap.<index>        conf state + state-machine image
//   <dataLogDir>/raft-log/log.<first index>      entries: index, term, u8 type | data
//
// open() locks and claims the directory (ClaimDataDir: a directory holding another
// cluster's or server's data, or state without an identity, is refused), then load() returns
// what is on disk. The founding configuration (zoo.cfg's) is the configuration of index 0:
// it is in force until the log or a snapshot holds a configuration entry, and it is never
// written to the log, so a server joining a running ensemble (its zoo.cfg names the members
// plus itself) starts from an empty log and takes every entry, configurations included, from
// the leader. (Directories written before kept their founding entry at index 1; it still
// loads as before.)
//
// persist() writes one Ready: snapshot (replacing the log), entries (truncating a conflicting
// suffix first), then the hard state, with ONE fdatasync of the log per batch; the hard state
// file (its own atomic write and fsync) is rewritten only when term or vote change, since Raft
// needs the commit index on disk only as a hint. Every storage failure throws StorageFailure
// naming the file: the caller must stop the process (never continue with a divergent log).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "server/config/server_config.hpp"
#include "server/ensemble/ensemble_config.hpp"
#include "server/replication/ready.hpp"
#include "server/storage/env.hpp"
#include "server/storage/record_log.hpp"
#include "server/storage/snapshot_store.hpp"

namespace zks::ensemble {

class StorageFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A snapshot as stored and as sent to a lagging follower: configuration plus image.
struct SnapshotImage {
  raft::ConfState conf;
  std::string state;        // StateMachine::snapshot()
  std::string config_text;  // the configuration's dynamic-config text (addresses, version)
};
std::string encode_snapshot_image(const SnapshotImage& image);
std::optional<SnapshotImage> decode_snapshot_image(std::string_view bytes);

class RaftStorage {
 public:
  struct Loaded {
    raft::PersistentState state;
    std::string state_image;  // the snapshot's state-machine image; empty without a snapshot
    std::string config_text;  // the snapshot's SnapshotImage::config_text
    bool brand_new = false;   // nothing on disk: the founding configuration is in force
  };

  // Throws StorageFailure.
  RaftStorage(const ServerConfig& config, const EnsembleConfig& ensemble);
  Loaded load(const raft::ConfState& founding);

  // `snapshot_bytes`: the encoded SnapshotImage when rd.snapshot is set.
  void persist(const raft::Ready& rd, const std::string& snapshot_bytes);
  // Stores a snapshot taken locally at meta.index and drops the log segments it covers.
  void save_snapshot(const raft::SnapshotMeta& meta, const std::string& bytes);
  // The newest snapshot's bytes, for InstallSnapshot.
  std::string newest_snapshot(raft::SnapshotMeta* meta);
  // Replaces <dataDir>/zoo.cfg.dynamic (the committed configuration, for operators; never
  // read back: the log and snapshots are the record). Throws StorageFailure.
  void write_dynamic_config(const std::string& text);

 private:
  void check(const storage::Status& s, const std::string& what);
  void append_entries(const std::vector<raft::Entry>& entries);

  storage::Env* env_;
  std::string data_dir_;
  std::string raft_dir_;
  std::unique_ptr<storage::FileLock> lock_;
  std::unique_ptr<storage::RecordLog> log_;
  std::unique_ptr<storage::SnapshotStore> snapshots_;
  raft::HardState saved_;
};

}  // namespace zks::ensemble
