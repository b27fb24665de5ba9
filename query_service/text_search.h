#ifndef GOVREPORT_QUERY_SERVICE_TEXT_SEARCH_H_
#define GOVREPORT_QUERY_SERVICE_TEXT_SEARCH_H_

// Finds the commitments whose sentence holds a phrase, through the bigram
// index (by_bigram, store/keys.h): the reports holding the phrase's rarest
// bigram are the candidates, and their commitments are read in the order
// the answer wants until enough match. Serves SearchCommitments and
// ListCommitments with text_contains alone.
//
//   TextMatchOrder order;
//   order.newest_first = true;
//   order.enough = page_size + 1;
//   absl::StatusOr<std::vector<TextMatch>> matches =
//       FindTextMatches(reader, "托位", filter, order, 200000);

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"
#include "query_service/commitment_plan.h"
#include "store/report_reader.h"

namespace govreport {

// How FindTextMatches orders its matches and where it may stop.
struct TextMatchOrder {
  // Newest year first, then district and commitment key (a search hit's
  // order, NewestFirstKey); else commitment-key order.
  bool newest_first = false;
  // Only matches whose sort key comes after this one (a page cursor).
  std::string after;
  // Enough matches: reading stops once this many are found (0: all, up to
  // the caps).
  int enough = 0;
};

// A commitment holding the phrase, with its sort key.
struct TextMatch {
  std::string sort_key;
  govreport::v1::Commitment commitment;
};

// The longest phrase FindTextMatches takes, in characters.
inline constexpr int kMaxSearchChars = 64;

// The matches of `text` passing `filter`, sorted by sort key, after
// order.after. At most `max_candidates` reports are read. InvalidArgument
// for a text over kMaxSearchChars or without an indexable bigram (two
// consecutive word characters, one of them Chinese); DataLoss for a
// malformed index entry or commitment; the reader's errors.
absl::StatusOr<std::vector<TextMatch>> FindTextMatches(
    const ReportReader& reader, const std::string& text,
    const ResolvedFilter& filter, const TextMatchOrder& order,
    int max_candidates);

// The newest-first sort key of what `tail` names (a commitment key, or a
// report's commitment prefix) in `year` and district `code`: later years
// first, then district, then tail.
std::string NewestFirstKey(int year, std::string_view code,
                           std::string_view tail);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_TEXT_SEARCH_H_
