#include "server/storage/snapshot_store.hpp"

#include <algorithm>

#include "server/storage/atomic_file.hpp"
#include "server/storage/coding.hpp"
#include "server/storage/crc32c.hpp"
#include "server/storage/file_names.hpp"

namespace zks::storage {
namespace {

constexpr std::string_view kPrefix = "snap";
constexpr std::string_view kMagic = "ZKSSNAP1";
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 36;
constexpr size_t kTrailerSize = 16;
constexpr size_t kReadChunk = 1 << 20;

std::string EncodeHeader(uint64_t index, uint64_t term) {
  std::string h(kMagic);
  PutFixed32(&h, kVersion);
  PutFixed32(&h, 0);
  PutFixed64(&h, index);
  PutFixed64(&h, term);
  PutFixed32(&h, crc32c::Value(h));
  return h;
}

std::string EncodeTrailer(uint64_t size, uint32_t crc) {
  std::string t;
  PutFixed64(&t, size);
  PutFixed32(&t, crc);
  PutFixed32(&t, crc32c::Value(t));
  return t;
}

}  // namespace

SnapshotWriter::SnapshotWriter(Env* env, std::string dir, std::string name, uint64_t index,
                               uint64_t term)
    : env_(env), dir_(std::move(dir)), name_(std::move(name)) {
  meta_.index = index;
  meta_.term = term;
  meta_.path = JoinPath(dir_, name_);
}

SnapshotWriter::~SnapshotWriter() {
  if (done_) return;
  if (file_ != nullptr) (void)file_->Close();
  (void)env_->RemoveFile(JoinPath(dir_, TempFileName(name_)));
}

Status SnapshotWriter::Append(std::string_view data) {
  if (!failed_.ok()) return failed_;
  if (done_) return Status::InvalidArgument(meta_.path + ": snapshot already committed");
  crc_ = crc32c::Extend(crc_, data.data(), data.size());
  meta_.payload_size += data.size();
  failed_ = file_->Append(data);
  return failed_;
}

Status SnapshotWriter::Commit(SnapshotMeta* meta) {
  if (!failed_.ok()) return failed_;
  if (done_) return Status::InvalidArgument(meta_.path + ": snapshot already committed");
  const std::string temp = JoinPath(dir_, TempFileName(name_));
  Status s = file_->Append(EncodeTrailer(meta_.payload_size, crc_));
  if (s.ok()) s = file_->Sync();
  if (s.ok()) s = file_->Close();
  if (s.ok()) s = env_->RenameFile(temp, meta_.path);
  if (s.ok()) {
    done_ = true;  // the file is in place; only the directory sync remains
    s = env_->SyncDir(dir_);
  }
  failed_ = s;
  if (s.ok() && meta != nullptr) *meta = meta_;
  return s;
}

Status SnapshotStore::Open(const std::string& dir, Env* env,
                           std::unique_ptr<SnapshotStore>* store) {
  Status s = env->CreateDirs(dir);
  std::vector<std::string> names;
  if (s.ok()) s = env->GetChildren(dir, &names);
  bool removed = false;
  for (const std::string& name : names) {
    uint64_t index;
    if (!s.ok()) break;
    if (name.size() > 4 && name.ends_with(".tmp") &&
        ParseIndexedFileName(name.substr(0, name.size() - 4), kPrefix, &index)) {
      s = env->RemoveFile(JoinPath(dir, name));
      removed = true;
    }
  }
  if (s.ok() && removed) s = env->SyncDir(dir);
  if (s.ok()) store->reset(new SnapshotStore(dir, env));
  return s;
}

Status SnapshotStore::Begin(uint64_t index, uint64_t term,
                            std::unique_ptr<SnapshotWriter>* writer) {
  std::string name = IndexedFileName(kPrefix, index);
  std::unique_ptr<SnapshotWriter> w(new SnapshotWriter(env_, dir_, name, index, term));
  Status s = env_->NewWritableFile(JoinPath(dir_, TempFileName(name)), &w->file_);
  if (s.ok()) s = w->file_->Append(EncodeHeader(index, term));
  if (s.ok()) *writer = std::move(w);
  return s;
}

Status SnapshotStore::Write(uint64_t index, uint64_t term, std::string_view payload) {
  std::unique_ptr<SnapshotWriter> w;
  Status s = Begin(index, term, &w);
  if (s.ok()) s = w->Append(payload);
  if (s.ok()) s = w->Commit();
  return s;
}

Status SnapshotStore::List(std::vector<SnapshotMeta>* out) {
  out->clear();
  std::vector<std::string> names;
  Status s = env_->GetChildren(dir_, &names);
  if (!s.ok()) return s;
  for (const std::string& name : names) {
    SnapshotMeta m;
    if (ParseIndexedFileName(name, kPrefix, &m.index)) {
      m.path = JoinPath(dir_, name);
      out->push_back(std::move(m));
    }
  }
  std::sort(out->begin(), out->end(),
            [](const SnapshotMeta& a, const SnapshotMeta& b) { return a.index > b.index; });
  return Status::Ok();
}

Status SnapshotStore::Read(const std::string& path,
                           const std::function<Status(std::string_view)>& sink,
                           SnapshotMeta* meta) {
  std::unique_ptr<RandomAccessFile> file;
  uint64_t size = 0;
  Status s = env_->GetFileSize(path, &size);
  if (s.ok()) s = env_->NewRandomAccessFile(path, &file);
  if (!s.ok()) return s;
  if (size < kHeaderSize + kTrailerSize) {
    return Status::Corruption(path + ": " + std::to_string(size) + " bytes is too short");
  }
  std::string header, trailer;
  s = file->Read(0, kHeaderSize, &header);
  if (s.ok()) s = file->Read(size - kTrailerSize, kTrailerSize, &trailer);
  if (!s.ok()) return s;
  if (header.compare(0, kMagic.size(), kMagic) != 0 ||
      crc32c::Value(header.data(), 32) != DecodeFixed32(header.data() + 32) ||
      DecodeFixed32(header.data() + 8) != kVersion) {
    return Status::Corruption(path + " at offset 0: bad snapshot header");
  }
  if (crc32c::Value(trailer.data(), 12) != DecodeFixed32(trailer.data() + 12) ||
      DecodeFixed64(trailer.data()) != size - kHeaderSize - kTrailerSize) {
    return Status::Corruption(path + " at offset " + std::to_string(size - kTrailerSize) +
                              ": bad snapshot trailer (incomplete file?)");
  }
  SnapshotMeta m;
  m.path = path;
  m.index = DecodeFixed64(header.data() + 16);
  m.term = DecodeFixed64(header.data() + 24);
  m.payload_size = DecodeFixed64(trailer.data());
  uint64_t named;
  std::string name = path.substr(path.rfind('/') + 1);
  if (!ParseIndexedFileName(name, kPrefix, &named) || named != m.index) {
    return Status::Corruption(path + ": header index " + std::to_string(m.index) +
                              " does not match the file name");
  }
  uint32_t crc = 0;
  std::string chunk;
  for (uint64_t off = 0; off < m.payload_size; off += chunk.size()) {
    s = file->Read(kHeaderSize + off, std::min<uint64_t>(kReadChunk, m.payload_size - off), &chunk);
    if (s.ok() && chunk.empty()) s = Status::Corruption(path + ": shorter than it says");
    if (s.ok()) crc = crc32c::Extend(crc, chunk.data(), chunk.size());
    if (s.ok()) s = sink(chunk);
    if (!s.ok()) return s;
  }
  if (crc != DecodeFixed32(trailer.data() + 8)) {
    return Status::Corruption(path + ": payload checksum mismatch");
  }
  if (meta != nullptr) *meta = m;
  return Status::Ok();
}

Status SnapshotStore::Load(const std::string& path, SnapshotMeta* meta, std::string* payload) {
  payload->clear();
  Status s = Read(
      path,
      [payload](std::string_view chunk) {
        payload->append(chunk);
        return Status::Ok();
      },
      meta);
  if (!s.ok()) payload->clear();
  return s;
}

Status SnapshotStore::LoadNewest(bool allow_fallback, SnapshotMeta* meta, std::string* payload,
                                 std::vector<Status>* skipped) {
  std::vector<SnapshotMeta> all;
  Status s = List(&all);
  if (!s.ok()) return s;
  for (const SnapshotMeta& candidate : all) {
    s = Load(candidate.path, meta, payload);
    if (s.ok() || !s.IsCorruption() || !allow_fallback) return s;
    if (skipped != nullptr) skipped->push_back(s);
  }
  if (!s.ok()) return s;  // every snapshot was damaged: report the oldest's damage
  return Status::NotFound("no snapshot in " + dir_);
}

Status SnapshotStore::Purge(size_t retain, uint64_t* oldest_kept) {
  retain = std::max(retain, kMinSnapshotRetainCount);
  std::vector<SnapshotMeta> all;
  Status s = List(&all);
  if (!s.ok()) return s;
  *oldest_kept = all.empty() ? 0 : all[std::min(retain, all.size()) - 1].index;
  if (all.size() <= retain) return Status::Ok();
  for (size_t i = retain; i < all.size() && s.ok(); ++i) s = env_->RemoveFile(all[i].path);
  if (s.ok()) s = env_->SyncDir(dir_);
  return s;
}

}  // namespace zks::storage
