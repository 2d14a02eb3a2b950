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
      (void)base_->Append(data.substr(0, data.size() / 2 + 1));  // a short write, then the error
      return s;
    }
    return base_->Append(data);
  }
  Status Sync() override {
    Status s = env_->Check(Op::kSync, path_);
    return s.ok() ? base_->Sync() : s;
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
  if (s.ok()) *out = std::make_unique<FaultFile>(this, path, std::move(base));
  return s;
}

Status FaultEnv::NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
  Status s = Check(Op::kOpenAppend, path);
  std::unique_ptr<WritableFile> base;
  if (s.ok()) s = base_->NewAppendableFile(path, &base);
  if (s.ok()) *out = std::make_unique<FaultFile>(this, path, std::move(base));
  return s;
}

Status FaultEnv::RemoveFile(const std::string& path) {
  Status s = Check(Op::kRemove, path);
  return s.ok() ? base_->RemoveFile(path) : s;
}

Status FaultEnv::RenameFile(const std::string& from, const std::string& to) {
  Status s = Check(Op::kRename, to);
  return s.ok() ? base_->RenameFile(from, to) : s;
}

Status FaultEnv::LinkFile(const std::string& from, const std::string& to) {
  Status s = Check(Op::kLink, to);
  return s.ok() ? base_->LinkFile(from, to) : s;
}

Status FaultEnv::TruncateFile(const std::string& path, uint64_t size) {
  Status s = Check(Op::kTruncate, path);
  return s.ok() ? base_->TruncateFile(path, size) : s;
}

Status FaultEnv::SyncDir(const std::string& dir) {
  Status s = Check(Op::kSyncDir, dir);
  return s.ok() ? base_->SyncDir(dir) : s;
}

}  // namespace zks::storage::testing
