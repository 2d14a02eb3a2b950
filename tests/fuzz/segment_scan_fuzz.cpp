// libFuzzer target: the in-memory segment scanner on arbitrary bytes (fast, so it explores far
// more inputs than the file-based segment_open target). Checks the scanner's promises: the
// valid prefix re-scans clean to the same records, and every record it accepts decodes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/storage/segment_format.hpp"

using zks::storage::ScanSegment;
using zks::storage::SegmentScan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  SegmentScan scan = ScanSegment(bytes, 1 << 20);
  if (scan.valid_bytes > size) std::abort();
  if (scan.end == SegmentScan::End::kClean && scan.valid_bytes != size) std::abort();
  if (scan.end != SegmentScan::End::kClean && scan.problem.empty()) std::abort();
  for (const auto& r : scan.records) {
    uint64_t index, term;
    std::string_view payload;
    if (!zks::storage::DecodeRecordAt(bytes.substr(r.offset), &index, &term, &payload) ||
        index != r.index || term != r.term || payload.size() != r.payload_size) {
      std::abort();
    }
  }
  if (scan.header_valid) {
    SegmentScan prefix = ScanSegment(bytes.substr(0, scan.valid_bytes), 1 << 20);
    if (prefix.end != SegmentScan::End::kClean || prefix.records.size() != scan.records.size()) {
      std::abort();
    }
  }
  return 0;
}
