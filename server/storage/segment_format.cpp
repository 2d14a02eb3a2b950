#include "server/storage/segment_format.hpp"

#include <algorithm>

#include "server/storage/coding.hpp"
#include "server/storage/crc32c.hpp"

namespace zks::storage {
namespace {

constexpr std::string_view kMagic = "ZKSRLOG1";
constexpr uint32_t kVersion = 1;

struct Frame {
  uint32_t size;
  uint64_t index;
  uint64_t term;
  uint32_t payload_crc;
};

bool DecodeFrame(const char* p, Frame* f) {
  if (crc32c::Value(p, 24) != DecodeFixed32(p + 24)) return false;
  f->size = DecodeFixed32(p);
  f->index = DecodeFixed64(p + 4);
  f->term = DecodeFixed64(p + 12);
  f->payload_crc = DecodeFixed32(p + 20);
  return true;
}

bool AllZero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == 0; });
}

SegmentScan& Stop(SegmentScan& scan, SegmentScan::End end, uint64_t offset, std::string why) {
  scan.end = end;
  scan.problem_offset = offset;
  scan.problem = std::move(why);
  return scan;
}

}  // namespace

std::string EncodeSegmentHeader(uint64_t first_index) {
  std::string h(kMagic);
  PutFixed32(&h, kVersion);
  PutFixed32(&h, 0);
  PutFixed64(&h, first_index);
  PutFixed32(&h, crc32c::Value(h));
  return h;
}

void EncodeRecord(std::string* dst, uint64_t index, uint64_t term, std::string_view payload) {
  size_t start = dst->size();
  PutFixed32(dst, static_cast<uint32_t>(payload.size()));
  PutFixed64(dst, index);
  PutFixed64(dst, term);
  PutFixed32(dst, crc32c::Value(payload));
  PutFixed32(dst, crc32c::Value(dst->data() + start, 24));
  dst->append(payload);
}

SegmentScan ScanSegment(std::string_view bytes, uint32_t max_payload) {
  SegmentScan scan;
  if (bytes.size() < kSegmentHeaderSize) {
    return Stop(scan, SegmentScan::End::kTorn, 0, "incomplete segment header");
  }
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    return Stop(scan, SegmentScan::End::kCorrupt, 0, "bad segment magic");
  }
  if (crc32c::Value(bytes.data(), 24) != DecodeFixed32(bytes.data() + 24)) {
    return Stop(scan, SegmentScan::End::kCorrupt, 0, "segment header checksum mismatch");
  }
  if (DecodeFixed32(bytes.data() + 8) != kVersion) {
    return Stop(scan, SegmentScan::End::kCorrupt, 0, "unsupported segment version");
  }
  scan.header_valid = true;
  scan.first_index = DecodeFixed64(bytes.data() + 16);
  uint64_t off = kSegmentHeaderSize;
  scan.valid_bytes = off;
  while (off < bytes.size()) {
    std::string_view rest = bytes.substr(off);
    if (rest.size() < kRecordFrameSize) {
      return Stop(scan, SegmentScan::End::kTorn, off, "incomplete record frame");
    }
    Frame f;
    if (!DecodeFrame(rest.data(), &f)) {
      if (AllZero(rest)) return Stop(scan, SegmentScan::End::kTorn, off, "zero-filled tail");
      return Stop(scan, SegmentScan::End::kCorrupt, off, "record frame checksum mismatch");
    }
    if (f.size > max_payload) {
      return Stop(scan, SegmentScan::End::kCorrupt, off,
                  "record of " + std::to_string(f.size) + " bytes exceeds the limit");
    }
    if (rest.size() - kRecordFrameSize < f.size) {
      return Stop(scan, SegmentScan::End::kTorn, off, "incomplete record payload");
    }
    if (crc32c::Value(rest.data() + kRecordFrameSize, f.size) != f.payload_crc) {
      return Stop(scan, SegmentScan::End::kCorrupt, off,
                  "payload checksum mismatch in record " + std::to_string(f.index));
    }
    if (scan.records.empty() ? f.index != scan.first_index : f.index <= scan.records.back().index) {
      return Stop(scan, SegmentScan::End::kCorrupt, off,
                  "record index " + std::to_string(f.index) + " out of order");
    }
    scan.records.push_back({f.index, f.term, off, f.size});
    off += kRecordFrameSize + f.size;
    scan.valid_bytes = off;
  }
  return scan;
}

bool DecodeRecordAt(std::string_view bytes, uint64_t* index, uint64_t* term,
                    std::string_view* payload) {
  Frame f;
  if (bytes.size() < kRecordFrameSize || !DecodeFrame(bytes.data(), &f)) return false;
  if (bytes.size() - kRecordFrameSize < f.size) return false;
  *payload = bytes.substr(kRecordFrameSize, f.size);
  if (crc32c::Value(*payload) != f.payload_crc) return false;
  *index = f.index;
  *term = f.term;
  return true;
}

}  // namespace zks::storage
