#include "tests/unit/storage/fault_env.hpp"

namespace zks::storage::testing {
namespace {

class FaultFile final : public WritableFile {
 public:
  FaultFile(FaultEnv* env, std::string path, std::unique_ptr<WritableFile> base)
      : env_(env), path_(std::move(path)), base_(std::move(base)) {}

  Status Append(std::string_view data) override {
    Status s = env_->Check(Op::kAppend, path_);
    if (!s.ok()) {
      std::string_view part = data.substr(0, data.size() / 2 + 1);
      if (base_->Append(part).ok()) env_->Appended(path_, part.size());
      return s;  // a short write, then the error
    }
    s = base_->Append(data);
    if (s.ok()) env_->Appended(path_, data.size());
    return s;
  }
  Status Sync() override {
    Status s = env_->Check(Op::kSync, path_);
    if (s.ok() && env_->real_sync) s = base_->Sync();
    if (s.ok()) env_->Synced(path_);
    return s;
  }
  Status Close() override { return base_->Close(); }

 private:
  FaultEnv* env_;
  std::string path_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

Status FaultEnv::Check(Op op, const std::string& path) {
  ++counts_[static_cast<int>(op)];
  int err = hook ? hook(op, path) : 0;
  if (err != 0) return Status::IoError("injected failure on " + path, err);
  return Status::Ok();
}

Status FaultEnv::NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
  Status s = Check(Op::kCreate, path);
  std::unique_ptr<WritableFile> base;
  if (s.ok()) s = base_->NewWritableFile(path, &base);
  if (s.ok()) {
    files_[path] = Durability{};
    *out = std::make_unique<FaultFile>(this, path, std::move(base));
  }
  return s;
}

Status FaultEnv::NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
  Status s = Check(Op::kOpenAppend, path);
  std::unique_ptr<WritableFile> base;
  if (s.ok()) s = base_->NewAppendableFile(path, &base);
  uint64_t size = 0;
  if (s.ok()) s = base_->GetFileSize(path, &size);
  if (s.ok()) {
    if (!files_.contains(path)) files_[path] = Durability{size, size, true};
    *out = std::make_unique<FaultFile>(this, path, std::move(base));
  }
  return s;
}

Status FaultEnv::RemoveFile(const std::string& path) {
  Status s = Check(Op::kRemove, path);
  if (s.ok()) s = base_->RemoveFile(path);
  if (s.ok()) files_.erase(path);
  return s;
}

Status FaultEnv::RenameFile(const std::string& from, const std::string& to) {
  Status s = Check(Op::kRename, to);
  if (s.ok()) s = base_->RenameFile(from, to);
  if (s.ok()) files_.erase(from);  // renamed files are no longer tracked
  return s;
}

Status FaultEnv::LinkFile(const std::string& from, const std::string& to) {
  Status s = Check(Op::kLink, to);
  return s.ok() ? base_->LinkFile(from, to) : s;
}

Status FaultEnv::TruncateFile(const std::string& path, uint64_t size) {
  Status s = Check(Op::kTruncate, path);
  if (s.ok()) s = base_->TruncateFile(path, size);
  if (s.ok() && files_.contains(path)) files_[path].size = files_[path].synced = size;
  return s;
}

Status FaultEnv::SyncDir(const std::string& dir) {
  Status s = Check(Op::kSyncDir, dir);
  if (s.ok() && real_sync) s = base_->SyncDir(dir);
  for (auto& [path, d] : files_) {
    if (s.ok() && path.rfind('/') == dir.size() && path.starts_with(dir)) d.entry_durable = true;
  }
  return s;
}

void FaultEnv::DropUnsyncedData() {
  for (const auto& [path, d] : files_) {
    if (!d.entry_durable) {
      (void)base_->RemoveFile(path);
    } else if (d.synced < d.size) {
      (void)base_->TruncateFile(path, d.synced);
    }
  }
  files_.clear();
}

}  // namespace zks::storage::testing
