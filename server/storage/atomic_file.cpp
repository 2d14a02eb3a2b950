#include "server/storage/atomic_file.hpp"

#include <memory>

namespace zks::storage {
namespace {

Status WriteDurableTemp(Env* env, const std::string& temp, std::string_view contents) {
  std::unique_ptr<WritableFile> file;
  Status s = env->NewWritableFile(temp, &file);
  if (s.ok()) s = file->Append(contents);
  if (s.ok()) s = file->Sync();
  if (s.ok()) s = file->Close();
  return s;
}

}  // namespace

Status WriteFileAtomically(Env* env, const std::string& dir, const std::string& name,
                           std::string_view contents) {
  const std::string temp = JoinPath(dir, TempFileName(name));
  Status s = WriteDurableTemp(env, temp, contents);
  if (s.ok()) s = env->RenameFile(temp, JoinPath(dir, name));
  if (s.ok()) return env->SyncDir(dir);
  (void)env->RemoveFile(temp);  // best effort: a stray temp file is harmless
  return s;
}

Status CreateFileOnce(Env* env, const std::string& dir, const std::string& name,
                      std::string_view contents) {
  const std::string temp = JoinPath(dir, TempFileName(name));
  Status s = WriteDurableTemp(env, temp, contents);
  if (s.ok()) s = env->LinkFile(temp, JoinPath(dir, name));
  Status removed = env->RemoveFile(temp);
  if (s.ok()) s = removed;
  if (s.ok()) s = env->SyncDir(dir);
  return s;
}

}  // namespace zks::storage
