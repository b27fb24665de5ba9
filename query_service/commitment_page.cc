#include "query_service/commitment_page.h"

#include <cstdint>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "govreport/v1/query.pb.h"

namespace govreport {
namespace {

// The wire type of strings, bytes and messages.
constexpr uint32_t kLengthDelimited = 2;

// Writes field `number` of a message as a length-delimited field; the
// field numbers come from the generated code so that the proto stays the
// one definition of the wire format.
void WriteLengthDelimited(int number, std::string_view bytes,
                          google::protobuf::io::CodedOutputStream* out) {
  out->WriteTag(static_cast<uint32_t>(number) << 3 | kLengthDelimited);
  out->WriteVarint32(static_cast<uint32_t>(bytes.size()));
  out->WriteRaw(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace

std::string EncodeListCommitmentsResponse(const CommitmentPage& page) {
  size_t size = page.next_page_token.size() + 8;
  for (const std::string& c : page.commitments) size += c.size() + 8;
  std::string out;
  out.reserve(size);
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const std::string& c : page.commitments) {
      WriteLengthDelimited(
          govreport::v1::ListCommitmentsResponse::kCommitmentsFieldNumber, c,
          &coded);
    }
    // proto3 leaves an empty string out of the wire format.
    if (!page.next_page_token.empty()) {
      WriteLengthDelimited(
          govreport::v1::ListCommitmentsResponse::kNextPageTokenFieldNumber,
          page.next_page_token, &coded);
    }
  }  // the streams trim `out` to what was written
  return out;
}

std::string EncodeStreamCommitmentsResponse(std::string_view commitment) {
  std::string out;
  out.reserve(commitment.size() + 8);
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    WriteLengthDelimited(
        govreport::v1::StreamCommitmentsResponse::kCommitmentFieldNumber,
        commitment, &coded);
  }
  return out;
}

}  // namespace govreport
