// The on-disk format of one RecordLog segment file, and its validating scanner.
//
// Segment file  = header, then records back to back. All integers little-endian.
//   header (28 bytes): magic "ZKSRLOG1" | u32 version (1) | u32 reserved (0) |
//                      u64 first_index | u32 crc32c of the preceding 24 bytes
//   record (28-byte frame + payload):
//                      u32 payload length | u64 index | u64 term | u32 crc32c of payload |
//                      u32 crc32c of the preceding 24 bytes | payload
// The frame has its own checksum so a damaged length is caught as corruption and is never
// mistaken for a record running past the end of the file (which would hide every later record
// as a "torn tail").
//
// ScanSegment classifies the end of a file:
//   kClean   every byte belongs to a complete, valid record;
//   kTorn    the file ends inside a record (or its header), or only zero bytes follow the
//            last valid record: what an interrupted, never-acknowledged write leaves behind;
//   kCorrupt a complete header or record fails its checksum, or indices do not increase.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zks::storage {

inline constexpr size_t kSegmentHeaderSize = 28;
inline constexpr size_t kRecordFrameSize = 28;

std::string EncodeSegmentHeader(uint64_t first_index);
// Appends one framed record to *dst.
void EncodeRecord(std::string* dst, uint64_t index, uint64_t term, std::string_view payload);

struct ScannedRecord {
  uint64_t index = 0;
  uint64_t term = 0;
  uint64_t offset = 0;  // of the frame within the file
  uint32_t payload_size = 0;
};

struct SegmentScan {
  enum class End { kClean, kTorn, kCorrupt };
  End end = End::kClean;
  uint64_t first_index = 0;  // from the header; meaningful when header_valid
  bool header_valid = false;
  uint64_t valid_bytes = 0;     // length of the prefix made of the header and valid records
  uint64_t problem_offset = 0;  // where the torn or corrupt part starts
  std::string problem;          // what is wrong there (empty when kClean)
  std::vector<ScannedRecord> records;
};

// Validates a whole segment file's bytes. Records larger than max_payload are corruption.
SegmentScan ScanSegment(std::string_view bytes, uint32_t max_payload);

// Decodes and checks the single record framed at bytes[0..]; used when reading back records
// found valid at open, to catch damage that happened since.
bool DecodeRecordAt(std::string_view bytes, uint64_t* index, uint64_t* term,
                    std::string_view* payload);

}  // namespace zks::storage
