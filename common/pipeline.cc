#include "common/pipeline.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decode.h"
#include "common/extract.h"
#include "common/hashing.h"
#include "common/report_id.h"
#include "common/report_identity.h"
#include "common/segment.h"
#include "common/string_view.h"
#include "common/unicode.h"
#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::Warning;

// True when `text` holds a Chinese character.
bool ContainsHanCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    if (IsHanIdeograph(DecodeUtf8At(text, i, &length))) return true;
    i += length;
  }
  return false;
}

// Whether every line of `text` holding Chinese is the report's title, so
// that nothing is left to read: a failed extraction (a scanned PDF whose text
// layer holds only page furniture) or a cover page alone.
bool HoldsOnlyTitle(std::string_view text, std::string_view title) {
  if (title.empty()) return false;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line != title && ContainsHanCharacter(line)) return false;
    start = end + 1;
  }
  return true;
}

// Marks that end a sentence of a report's body.
constexpr std::string_view kBodySentenceEnds[] = {"。", "！", "？", "；"};

// Whether `normalized` was a web page (its debris removed) that holds not
// one sentence: a scrape that caught the portal's navigation and a
// publication stamp but not the report.
bool IsWebPageWithoutBody(const NormalizedText& normalized) {
  const bool page =
      std::any_of(normalized.warnings.begin(), normalized.warnings.end(),
                  [](const Warning& w) {
                    return w.kind() == v1::WARNING_KIND_MARKUP_REMOVED;
                  });
  return page &&
         std::none_of(std::begin(kBodySentenceEnds),
                      std::end(kBodySentenceEnds), [&](std::string_view end) {
                        return normalized.text.find(end) != std::string::npos;
                      });
}

bool Overlaps(int begin, int end, const Warning& w) {
  return w.end() > w.begin() && begin < w.end() && w.begin() < end;
}

bool IsConfidenceWarning(const Warning& w) {
  return w.kind() == v1::WARNING_KIND_MOJIBAKE ||
         w.kind() == v1::WARNING_KIND_INVALID_BYTES;
}

// Replaces the evidence for `field` by the client's hint.
void SetHintEvidence(std::string_view field, std::string_view hint,
                     std::vector<v1::IdentityEvidence>* evidence) {
  evidence->erase(std::remove_if(evidence->begin(), evidence->end(),
                                 [&](const v1::IdentityEvidence& e) {
                                   return e.field() == field;
                                 }),
                  evidence->end());
  v1::IdentityEvidence& e = evidence->emplace_back();
  e.set_field(std::string(field));
  e.set_cue("hint");
  e.set_text(std::string(hint));
}

Warning WholeReportWarning(v1::WarningKind kind, std::string message) {
  Warning w;
  w.set_kind(kind);
  w.set_message(std::move(message));
  w.set_count(1);
  return w;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create() {
  absl::StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  return std::unique_ptr<Pipeline>(new Pipeline(*std::move(normalizer)));
}

Pipeline::Pipeline(std::unique_ptr<Normalizer> normalizer)
    : normalizer_(std::move(normalizer)), gazetteer_(Gazetteer::Default()) {}

absl::StatusOr<Analysis> Pipeline::Analyze(const v1::RawReport& raw) const {
  if (!raw.client_id().empty()) {
    absl::Status id_status = ValidateReportId(raw.client_id(), "client_id");
    if (!id_status.ok()) return id_status;
    if (IsContentReportId(raw.client_id())) {
      // Else a client could replace another client's report by naming its
      // content id.
      return absl::InvalidArgumentError(
          "client_id: \"r\" followed by 16 hex digits is the form of content "
          "ids, reserved for reports sent without a client id; choose "
          "another id");
    }
  }
  if (raw.year_hint() != 0 && !IsReportYear(raw.year_hint())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "year_hint ", raw.year_hint(), " is outside ", kMinReportYear, "-",
        kMaxReportYear, "; leave it 0 to detect the year"));
  }
  std::optional<v1::District> district;
  if (!raw.district_hint().empty()) {
    absl::StatusOr<v1::District> hinted =
        gazetteer_.Resolve(raw.district_hint());
    if (!hinted.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("district_hint: ", hinted.status().message()));
    }
    district = *std::move(hinted);
  }

  absl::StatusOr<DecodedText> decoded =
      Decode(raw.content(), DecodeOptions{raw.charset_hint()});
  if (!decoded.ok()) return decoded.status();
  NormalizedText normalized = normalizer_->Normalize(decoded->text);
  if (!ContainsHanCharacter(normalized.text)) {
    return absl::InvalidArgumentError(
        "content holds no Chinese text, so it is not a work report; check "
        "the file and its charset_hint");
  }
  if (IsWebPageWithoutBody(normalized)) {
    return absl::InvalidArgumentError(
        "content is a web page without a report body: navigation, menus and "
        "page furniture but not one sentence; save the page that holds the "
        "report's text (a failed scrape), or send the report itself");
  }

  SegmentedText segmented = Segment(normalized.text);
  if (HoldsOnlyTitle(normalized.text, segmented.title)) {
    return absl::InvalidArgumentError(
        "content holds no text besides its title and page furniture (page "
        "numbers, running headers); extract the report's text again, with "
        "OCR if it is a scanned PDF");
  }

  Analysis analysis;
  v1::Report& report = *analysis.mutable_report();
  report.set_content_sha256(Sha256Hex(raw.content()));
  // The id follows the text, not the bytes: the same report sent again in
  // GB18030 or UTF-16 is the same report, not a second one. A UTF-8 report
  // that normalizing left as it was has the content's digest: a comparison
  // costs a small part of a second hash.
  report.set_text_sha256(normalized.text == raw.content()
                             ? report.content_sha256()
                             : Sha256Hex(normalized.text));
  report.set_id(raw.client_id().empty() ? ContentReportId(report.text_sha256())
                                        : raw.client_id());
  report.set_source_file(raw.file_name());
  report.set_charset(decoded->charset);
  report.set_content_size(static_cast<int64_t>(raw.content().size()));
  report.set_converted_from_traditional(normalized.converted_from_traditional);
  report.set_title(segmented.title);
  for (Warning& w : normalized.warnings) *report.add_warnings() = std::move(w);
  if (decoded->charset_uncertain) {
    *report.add_warnings() = WholeReportWarning(
        v1::WARNING_KIND_CHARSET_UNCERTAIN,
        absl::StrCat("the charset was guessed as ", decoded->charset,
                     " with low confidence; send charset_hint if the text "
                     "looks wrong"));
  }

  ReportIdentity identity = IdentifyReport(normalized.text, gazetteer_);
  if (district.has_value()) {
    // The client's hint wins; a hint names a county-level division.
    identity.level = v1::REPORT_LEVEL_COUNTY;
    identity.district = std::move(district);
    identity.name_as_written.clear();
    SetHintEvidence("district", raw.district_hint(), &identity.evidence);
    SetHintEvidence("level", raw.district_hint(), &identity.evidence);
  }
  if (raw.year_hint() != 0) {
    identity.year = raw.year_hint();
    SetHintEvidence("year", absl::StrCat(raw.year_hint()), &identity.evidence);
  }
  report.set_level(identity.level);
  if (identity.district.has_value()) {
    *report.mutable_district() = *std::move(identity.district);
  } else {
    *report.add_warnings() = WholeReportWarning(
        v1::WARNING_KIND_DISTRICT_UNKNOWN,
        "the text names no district clearly; send district_hint (a 6-digit "
        "code or an official name)");
  }
  report.set_name_as_written(std::move(identity.name_as_written));
  const int year = identity.year;
  report.set_year(year);
  if (year == 0) {
    *report.add_warnings() = WholeReportWarning(
        v1::WARNING_KIND_YEAR_UNKNOWN,
        "the text states no delivery year (no session date, title, review "
        "or plan heading with a year); send year_hint");
  }
  *report.mutable_identity_evidence() = {identity.evidence.begin(),
                                         identity.evidence.end()};

  google::protobuf::RepeatedPtrField<v1::Commitment>& commitments =
      *analysis.mutable_commitments();
  ExtractCommitments(normalized.text, segmented, &commitments);
  if (commitments.size() > static_cast<int>(kMaxCommitments)) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the text holds ", commitments.size(),
                     " commitments, over the limit of ", kMaxCommitments,
                     " for one report; split the file into reports"));
  }
  // Every commitment shows its report's district. On the analysis's arena
  // they all point at one District rather than each holding a copy of its
  // four strings (a sixth of the pipeline's arena allocations): the arena,
  // not the messages, frees it, and nothing changes a commitment's district
  // once it is made (records are read, serialized and copied from here on).
  v1::District* district_of_all =
      report.has_district()
          ? report.mutable_district()
          : google::protobuf::Arena::CreateMessage<v1::District>(
                analysis.arena());
  // Ids "<report id>/<ordinal>": the report id's prefix is written once,
  // and each id only appends its number to a copy of it.
  std::string id = absl::StrCat(report.id(), "/");
  const size_t prefix_size = id.size();
  int ordinal = 0;
  for (v1::Commitment& c : commitments) {
    id.resize(prefix_size);
    absl::StrAppend(&id, ordinal++);
    c.set_id(id);
    c.set_report_id(report.id());
    c.unsafe_arena_set_allocated_district(district_of_all);
    c.set_year(year);
    c.set_level(report.level());
    for (const Warning& w : report.warnings()) {
      if (IsConfidenceWarning(w) && Overlaps(c.begin(), c.end(), w)) {
        c.set_low_confidence(true);
        break;
      }
    }
  }
  report.set_commitment_count(commitments.size());
  *report.mutable_sections() = {segmented.sections.begin(),
                                segmented.sections.end()};
  report.set_text(std::move(normalized.text));
  return analysis;
}

}  // namespace govreport
