#ifndef GOVREPORT_QUERY_SERVICE_COMMITMENT_PAGE_H_
#define GOVREPORT_QUERY_SERVICE_COMMITMENT_PAGE_H_

// Commitment pages sent without re-serializing: QueryEngine::ListCommitments
// returns the commitments as the store holds them, and the query service
// wraps those bytes into response messages with the encoders below.
//
// Example:
//   absl::StatusOr<CommitmentPage> page = engine.ListCommitments(reader, req);
//   if (page.ok()) wire_bytes = EncodeListCommitmentsResponse(*page);

#include <string>
#include <string_view>
#include <vector>

namespace govreport {

// A page of ListCommitments with each commitment kept as stored: the
// serialized govreport.v1.Commitment the store holds. The service sends
// these bytes as they are, so a page costs no parse and re-serialize of
// its commitments (the store wrote them from valid messages).
struct CommitmentPage {
  // Serialized govreport.v1.Commitment messages, in page order.
  std::vector<std::string> commitments;
  // The token of the next page; empty on the last page.
  std::string next_page_token;
};

// The page as the wire bytes of a govreport.v1.ListCommitmentsResponse.
std::string EncodeListCommitmentsResponse(const CommitmentPage& page);

// One serialized commitment as the wire bytes of a
// govreport.v1.StreamCommitmentsResponse.
std::string EncodeStreamCommitmentsResponse(std::string_view commitment);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_COMMITMENT_PAGE_H_
