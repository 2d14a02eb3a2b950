// libFuzzer target: arbitrary bytes as the only segment file of a RecordLog directory. Open()
// must either fail with Corruption or succeed; when it succeeds every reported record must
// read back, and a second Open() must find the repaired log clean and identical.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "server/storage/coding.hpp"
#include "server/storage/file_names.hpp"
#include "server/storage/record_log.hpp"

namespace {

using zks::storage::LogOpenReport;
using zks::storage::LogOptions;
using zks::storage::RecordLog;

// A scratch directory for the whole run, removed at exit.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    std::string tmpl = std::filesystem::temp_directory_path() / "zks-fuzz-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    path = tmpl;
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
};

const std::string& Dir() {
  static const ScratchDir dir;
  return dir.path;
}

LogOptions Options() {
  LogOptions o;
  o.force_sync = false;
  o.max_payload_bytes = 1 << 20;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& dir = Dir();
  for (const auto& e : std::filesystem::directory_iterator(dir)) std::filesystem::remove(e);
  // Name the file after the first index its header claims, so valid headers get past the
  // name check and the fuzzer explores the records.
  const char* bytes = reinterpret_cast<const char*>(data);
  uint64_t first = size >= 24 ? zks::storage::DecodeFixed64(bytes + 16) : 1;
  std::ofstream(dir + "/" + zks::storage::IndexedFileName("log", first), std::ios::binary)
      .write(bytes, static_cast<std::streamsize>(size));

  std::unique_ptr<RecordLog> log;
  LogOpenReport report;
  zks::storage::Status s = RecordLog::Open(dir, Options(), &log, &report);
  if (!s.ok()) {
    if (!s.IsCorruption()) std::abort();
    return 0;
  }
  std::vector<zks::storage::Record> records;
  if (!log->empty() && !log->Read(log->first_index(), log->last_index(), &records).ok()) {
    std::abort();
  }
  if (records.size() != report.records) std::abort();
  const uint64_t last = log->last_index();
  log.reset();
  LogOpenReport again;
  if (!RecordLog::Open(dir, Options(), &log, &again).ok() || again.torn_tail ||
      again.records != report.records || log->last_index() != last) {
    std::abort();
  }
  return 0;
}
