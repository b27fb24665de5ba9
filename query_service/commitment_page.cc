#include "query_service/commitment_page.h"

#include <cstdint>

#include "govreport/v1/query.pb.h"

namespace govreport {
namespace {

// The wire type of strings, bytes and messages.
constexpr uint32_t kLengthDelimited = 2;

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// Appends field `number` of a message as a length-delimited field; the
// field numbers come from the generated code so that the proto stays the
// one definition of the wire format.
void AppendLengthDelimited(int number, std::string_view bytes,
                           std::string* out) {
  AppendVarint(static_cast<uint32_t>(number) << 3 | kLengthDelimited, out);
  AppendVarint(bytes.size(), out);
  out->append(bytes);
}

}  // namespace

std::string EncodeListCommitmentsResponse(const CommitmentPage& page) {
  size_t size = page.next_page_token.size() + 8;
  for (const std::string& c : page.commitments) size += c.size() + 8;
  std::string out;
  out.reserve(size);
  for (const std::string& c : page.commitments) {
    AppendLengthDelimited(
        govreport::v1::ListCommitmentsResponse::kCommitmentsFieldNumber, c,
        &out);
  }
  // proto3 leaves an empty string out of the wire format.
  if (!page.next_page_token.empty()) {
    AppendLengthDelimited(
        govreport::v1::ListCommitmentsResponse::kNextPageTokenFieldNumber,
        page.next_page_token, &out);
  }
  return out;
}

std::string EncodeStreamCommitmentsResponse(std::string_view commitment) {
  std::string out;
  out.reserve(commitment.size() + 8);
  AppendLengthDelimited(
      govreport::v1::StreamCommitmentsResponse::kCommitmentFieldNumber,
      commitment, &out);
  return out;
}

}  // namespace govreport
