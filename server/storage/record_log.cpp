#include "server/storage/record_log.hpp"

#include <algorithm>

#include "server/storage/file_names.hpp"
#include "server/storage/segment_format.hpp"

namespace zks::storage {
namespace {

constexpr std::string_view kSegmentPrefix = "log";

std::string At(const std::string& path, uint64_t offset) {
  return path + " at offset " + std::to_string(offset);
}

}  // namespace

std::string LogOpenReport::ToString() const {
  std::string s = std::to_string(records) + " records in " + std::to_string(segments) + " segments";
  if (torn_tail) {
    s += "; cut an unacknowledged torn tail of " + std::to_string(torn_bytes) + " bytes from " +
         At(torn_file, torn_offset) + " (" + torn_reason + ")";
  }
  return s;
}

RecordLog::RecordLog(std::string dir, const LogOptions& options)
    : dir_(std::move(dir)), options_(options) {}

RecordLog::~RecordLog() = default;

Status RecordLog::Open(const std::string& dir, const LogOptions& options,
                       std::unique_ptr<RecordLog>* log, LogOpenReport* report) {
  if (options.segment_bytes < kSegmentHeaderSize + kRecordFrameSize) {
    return Status::InvalidArgument("segment size " + std::to_string(options.segment_bytes) +
                                   " is too small");
  }
  std::unique_ptr<RecordLog> l(new RecordLog(dir, options));
  LogOpenReport scratch;
  Status s = l->Load(report != nullptr ? report : &scratch);
  if (s.ok()) *log = std::move(l);
  return s;
}

Status RecordLog::Load(LogOpenReport* report) {
  *report = LogOpenReport();
  Env* env = options_.env;
  Status s = env->CreateDirs(dir_);
  std::vector<std::string> names;
  if (s.ok()) s = env->GetChildren(dir_, &names);
  if (!s.ok()) return s;
  std::vector<std::pair<uint64_t, std::string>> found;
  for (const std::string& name : names) {
    uint64_t index;
    if (ParseIndexedFileName(name, kSegmentPrefix, &index)) found.emplace_back(index, name);
  }
  std::sort(found.begin(), found.end());
  bool dir_changed = false;
  for (size_t i = 0; i < found.size(); ++i) {
    s = LoadSegment(found[i].second, found[i].first, i + 1 == found.size(), report, &dir_changed);
    if (!s.ok()) return s;
  }
  if (dir_changed && options_.force_sync) {
    s = env->SyncDir(dir_);
    if (!s.ok()) return s;
  }
  if (!segments_.empty()) {
    s = env->NewAppendableFile(segments_.back().path, &active_);
    // Records written before a process crash may still sit only in the page cache.
    if (s.ok() && options_.force_sync) s = active_->Sync();
    if (!s.ok()) return s;
  }
  synced_index_ = last_index();
  report->segments = segments_.size();
  for (const Segment& seg : segments_) report->records += seg.entries.size();
  return Status::Ok();
}

Status RecordLog::LoadSegment(const std::string& name, uint64_t name_index, bool newest,
                              LogOpenReport* report, bool* dir_changed) {
  Env* env = options_.env;
  std::string path = JoinPath(dir_, name);
  std::string bytes;
  Status s = env->ReadFileToString(path, &bytes);
  if (!s.ok()) return s;
  SegmentScan scan = ScanSegment(bytes, options_.max_payload_bytes);
  if (scan.header_valid && scan.first_index != name_index) {
    return Status::Corruption(At(path, 0) + ": header says first index " +
                              std::to_string(scan.first_index) + ", unlike the file name");
  }
  if (scan.end == SegmentScan::End::kCorrupt) {
    return Status::Corruption(At(path, scan.problem_offset) + ": " + scan.problem);
  }
  if (scan.end == SegmentScan::End::kTorn && !newest) {
    return Status::Corruption(At(path, scan.problem_offset) + ": " + scan.problem +
                              " in a segment that is not the newest");
  }
  if (!segments_.empty() && !scan.records.empty() &&
      scan.records.front().index <= segments_.back().entries.back().index) {
    return Status::Corruption(At(path, kSegmentHeaderSize) + ": first index " +
                              std::to_string(scan.records.front().index) +
                              " does not follow the previous segment");
  }
  if (scan.records.empty() && !newest) {
    return Status::Corruption(path + ": empty segment that is not the newest");
  }
  if (scan.end == SegmentScan::End::kTorn) {
    report->torn_tail = true;
    report->torn_file = path;
    report->torn_offset = scan.records.empty() ? 0 : scan.valid_bytes;
    report->torn_bytes = bytes.size() - report->torn_offset;
    report->torn_reason = scan.problem;
  }
  if (scan.records.empty()) {  // nothing acknowledged lives here: the segment goes
    *dir_changed = true;
    return env->RemoveFile(path);
  }
  if (scan.end == SegmentScan::End::kTorn) {
    s = env->TruncateFile(path, scan.valid_bytes);
    if (!s.ok()) return s;
  }
  Segment seg;
  seg.path = path;
  seg.first_index = name_index;
  seg.bytes = scan.valid_bytes;
  seg.entries.reserve(scan.records.size());
  for (const ScannedRecord& r : scan.records) {
    seg.entries.push_back({r.index, r.term, r.offset, r.payload_size});
  }
  segments_.push_back(std::move(seg));
  return Status::Ok();
}

Status RecordLog::Fail(Status s) {
  if (!s.ok() && failed_.ok()) failed_ = s;
  return s;
}

Status RecordLog::FlushBuffer() {
  if (buffer_.empty()) return Status::Ok();
  Status s = active_->Append(buffer_);
  buffer_.clear();
  return Fail(s);
}

Status RecordLog::StartSegment(uint64_t first_index) {
  Status s;
  if (active_ != nullptr) {
    // The finished segment must be complete on disk: only the newest may have a torn tail.
    s = FlushBuffer();
    if (s.ok() && options_.force_sync) s = active_->Sync();
    if (s.ok()) s = active_->Close();
    if (!s.ok()) return Fail(s);
    active_.reset();
    synced_index_ = last_index();
  }
  Segment seg;
  seg.path = JoinPath(dir_, IndexedFileName(kSegmentPrefix, first_index));
  seg.first_index = first_index;
  s = options_.env->NewWritableFile(seg.path, &active_);
  if (s.ok() && options_.force_sync) s = options_.env->SyncDir(dir_);
  if (!s.ok()) return Fail(s);
  buffer_ = EncodeSegmentHeader(first_index);
  seg.bytes = buffer_.size();
  segments_.push_back(std::move(seg));
  return Status::Ok();
}

Status RecordLog::Append(uint64_t index, uint64_t term, std::string_view payload) {
  if (!failed_.ok()) return failed_;
  if (!empty() && index <= last_index()) {
    return Status::InvalidArgument("append of index " + std::to_string(index) + " after index " +
                                   std::to_string(last_index()));
  }
  if (payload.size() > options_.max_payload_bytes) {
    return Status::InvalidArgument("record of " + std::to_string(payload.size()) +
                                   " bytes exceeds the limit");
  }
  const uint64_t framed = kRecordFrameSize + payload.size();
  if (active_ == nullptr || (segments_.back().bytes + framed > options_.segment_bytes &&
                             !segments_.back().entries.empty())) {
    Status s = StartSegment(index);
    if (!s.ok()) return s;
  }
  Segment& seg = segments_.back();
  seg.entries.push_back({index, term, seg.bytes, static_cast<uint32_t>(payload.size())});
  seg.bytes += framed;
  EncodeRecord(&buffer_, index, term, payload);
  if (buffer_.size() >= options_.write_buffer_bytes) return FlushBuffer();
  return Status::Ok();
}

Status RecordLog::Sync() {
  if (!failed_.ok()) return failed_;
  if (active_ == nullptr) return Status::Ok();
  Status s = FlushBuffer();
  if (s.ok() && options_.force_sync) s = Fail(active_->Sync());
  if (s.ok()) synced_index_ = last_index();
  return s;
}

bool RecordLog::empty() const {
  return segments_.empty();
}

uint64_t RecordLog::first_index() const {
  return empty() ? 0 : segments_.front().entries.front().index;
}

uint64_t RecordLog::last_index() const {
  return empty() ? 0 : segments_.back().entries.back().index;
}

uint64_t RecordLog::last_term() const {
  return empty() ? 0 : segments_.back().entries.back().term;
}

const RecordLog::Entry* RecordLog::Find(uint64_t index, const Segment** segment) const {
  auto seg = std::upper_bound(segments_.begin(), segments_.end(), index,
                              [](uint64_t i, const Segment& s) { return i < s.first_index; });
  if (seg == segments_.begin()) return nullptr;
  --seg;
  auto e = std::lower_bound(seg->entries.begin(), seg->entries.end(), index,
                            [](const Entry& e, uint64_t i) { return e.index < i; });
  if (e == seg->entries.end() || e->index != index) return nullptr;
  *segment = &*seg;
  return &*e;
}

std::optional<uint64_t> RecordLog::TermAt(uint64_t index) const {
  const Segment* seg;
  const Entry* e = Find(index, &seg);
  if (e == nullptr) return std::nullopt;
  return e->term;
}

Status RecordLog::ReadEntry(Segment& seg, const Entry& e, Record* out) {
  Status s;
  if (seg.reader == nullptr) s = options_.env->NewRandomAccessFile(seg.path, &seg.reader);
  std::string bytes;
  if (s.ok()) s = seg.reader->Read(e.offset, kRecordFrameSize + e.payload_size, &bytes);
  if (!s.ok()) return s;
  std::string_view payload;
  if (!DecodeRecordAt(bytes, &out->index, &out->term, &payload) || out->index != e.index) {
    return Status::Corruption(At(seg.path, e.offset) + ": record " + std::to_string(e.index) +
                              " no longer matches its checksum");
  }
  out->payload.assign(payload);
  return Status::Ok();
}

Status RecordLog::Read(uint64_t from, uint64_t to, std::vector<Record>* out, size_t max_bytes) {
  if (!failed_.ok()) return failed_;
  Status s = FlushBuffer();
  if (!s.ok()) return s;
  size_t bytes = 0;
  bool first = true;
  for (Segment& seg : segments_) {
    if (seg.entries.back().index < from) continue;
    if (seg.first_index > to) break;
    auto e = std::lower_bound(seg.entries.begin(), seg.entries.end(), from,
                              [](const Entry& e, uint64_t i) { return e.index < i; });
    for (; e != seg.entries.end() && e->index <= to; ++e) {
      if (!first && bytes + e->payload_size > max_bytes) return Status::Ok();
      Record r;
      s = ReadEntry(seg, *e, &r);
      if (!s.ok()) return s;
      bytes += r.payload.size();
      first = false;
      out->push_back(std::move(r));
    }
  }
  return Status::Ok();
}

Status RecordLog::TruncateSuffix(uint64_t after_index) {
  if (!failed_.ok()) return failed_;
  if (empty() || after_index >= last_index()) return Status::Ok();
  return RemoveSuffix(after_index, false);
}

Status RecordLog::Clear() {
  if (!failed_.ok()) return failed_;
  if (empty()) return Status::Ok();
  return RemoveSuffix(0, true);
}

Status RecordLog::RemoveSuffix(uint64_t after_index, bool everything) {
  Env* env = options_.env;
  Status s = FlushBuffer();
  if (s.ok()) s = active_->Close();
  active_.reset();
  // Whole newer segments go first, durably, so a crash can never leave a gap behind the cut.
  bool removed = false;
  while (s.ok() && !segments_.empty() &&
         (everything || segments_.back().first_index > after_index)) {
    s = env->RemoveFile(segments_.back().path);
    segments_.pop_back();
    removed = true;
  }
  if (s.ok() && removed) s = env->SyncDir(dir_);
  if (s.ok() && !segments_.empty()) {
    Segment& seg = segments_.back();
    auto cut = std::upper_bound(seg.entries.begin(), seg.entries.end(), after_index,
                                [](uint64_t i, const Entry& e) { return i < e.index; });
    if (cut != seg.entries.end()) {
      seg.bytes = cut->offset;
      seg.entries.erase(cut, seg.entries.end());
      s = env->TruncateFile(seg.path, seg.bytes);
    }
    if (s.ok()) s = env->NewAppendableFile(seg.path, &active_);
  }
  if (!s.ok()) return Fail(s);
  synced_index_ = std::min(synced_index_, last_index());
  return Status::Ok();
}

Status RecordLog::CompactPrefix(uint64_t up_to_index) {
  if (!failed_.ok()) return failed_;
  size_t n = 0;
  while (n + 1 < segments_.size() && segments_[n].entries.back().index <= up_to_index) ++n;
  if (n == 0) return Status::Ok();
  Status s;
  for (size_t i = 0; i < n && s.ok(); ++i) s = options_.env->RemoveFile(segments_[i].path);
  segments_.erase(segments_.begin(), segments_.begin() + static_cast<ptrdiff_t>(n));
  if (s.ok()) s = options_.env->SyncDir(dir_);
  return Fail(s);
}

}  // namespace zks::storage
