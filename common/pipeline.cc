#include "common/pipeline.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decode.h"
#include "common/extract.h"
#include "common/segment.h"
#include "common/string_view.h"
#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::Warning;

constexpr int kMinYear = 1949;
constexpr int kMaxYear = 2100;
constexpr size_t kMaxReportIdLength = 128;

bool IsYear(int year) { return year >= kMinYear && year <= kMaxYear; }

// Phrases after "YYYY年" that say which year the report plans for: a review
// of year Y belongs to the report for Y+1.
struct YearCue {
  std::string_view phrase;
  int plan_year_offset;
};
constexpr YearCue kYearCues[] = {
    {"政府工作报告", 0},
    {"重点工作", 0},
    {"工作安排", 0},
    {"主要预期目标", 0},
    {"工作总体要求", 0},
    {"工作回顾", 1},
    {"工作总结", 1},
    // A plan-execution report: "2023年国民经济和社会发展计划执行情况与2024年
    // 国民经济和社会发展计划草案".
    {"执行情况", 1},
    {"完成情况", 1},
    {"计划草案", 0},
};

// How far after "YYYY年" a cue may stand ("2018年发展主要预期目标",
// "2025年全区经济社会发展的主要预期目标"): up to this many characters,
// and never past a digit (the next year) or a punctuation mark.
constexpr size_t kMaxYearCueGapChars = 24;
constexpr std::string_view kYearCueStops[] = {"，", "。", "；", "：", "、",
                                              "（", ",",  ";",  ":",  "("};

// The part of `rest` (the text after "YYYY年") a year cue may stand in.
std::string_view YearCueWindow(std::string_view rest) {
  size_t end = 0;
  for (size_t chars = 0; end < rest.size() && chars < kMaxYearCueGapChars;
       ++chars) {
    const char c = rest[end];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '\n') break;
    const std::string_view here = rest.substr(end);
    if (std::any_of(std::begin(kYearCueStops), std::end(kYearCueStops),
                    [&](std::string_view stop) {
                      return absl::StartsWith(AsAbsl(here), AsAbsl(stop));
                    })) {
      break;
    }
    end += Utf8SequenceLength(c);
  }
  return rest.substr(0, std::min(end, rest.size()));
}

// The occasion line, "——2024年1月10日在李沧区第十八届人民代表大会…": the
// meeting is held early in the plan year.
bool IsOccasionDate(std::string_view rest) {
  size_t month = 0;
  while (month < rest.size() && month < 2 &&
         absl::ascii_isdigit(static_cast<unsigned char>(rest[month]))) {
    ++month;
  }
  if (month == 0 || rest.substr(month, 3) != "月") return false;
  size_t day = month + 3, digits = 0;
  while (day + digits < rest.size() && digits < 2 &&
         absl::ascii_isdigit(static_cast<unsigned char>(rest[day + digits]))) {
    ++digits;
  }
  return digits > 0 && rest.substr(day + digits, 6) == "日在";
}

// Reads four ASCII digits at `pos`; -1 when there are not four.
int FourDigitsAt(std::string_view text, size_t pos) {
  if (pos + 4 > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  if (pos > 0 &&
      absl::ascii_isdigit(static_cast<unsigned char>(text[pos - 1]))) {
    return -1;
  }
  if (pos + 4 < text.size() &&
      absl::ascii_isdigit(static_cast<unsigned char>(text[pos + 4]))) {
    return -1;
  }
  return value;
}

// True when `text` holds a character of the CJK Unified Ideographs block
// (U+4E00-U+9FFF, E4 B8 80 - E9 BF BF in UTF-8).
bool ContainsHanCharacter(std::string_view text) {
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead < 0xE4 || lead > 0xE9) continue;
    unsigned char second = static_cast<unsigned char>(text[i + 1]);
    if (lead == 0xE4 && second < 0xB8) continue;
    if ((second & 0xC0) == 0x80) return true;
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

// Units that are no statutory county but publish work reports too: new
// districts, development zones. They keep their name and no code.
constexpr std::string_view kNonStatutorySuffixes[] = {
    "经济技术开发区", "高新技术产业开发区",
    "高新区",         "开发区",
    "新区",           "管理区",
    "示范区",         "园区"};

// The name of a non-statutory unit in the report's title ("大鹏新区2024年
// 政府工作报告"), or empty.
std::string NonStatutoryUnitInTitle(std::string_view title) {
  size_t report = title.find("工作报告");
  if (report == std::string_view::npos) return "";
  std::string_view head = title.substr(0, report);
  // The unit's name ends before the year or the word 政府.
  size_t cut = head.find_first_of("0123456789");
  head = head.substr(0, cut);
  for (std::string_view word :
       {std::string_view("人民政府"), std::string_view("政府"),
        std::string_view("管委会")}) {
    size_t at = head.find(word);
    if (at != std::string_view::npos) head = head.substr(0, at);
  }
  for (std::string_view suffix : kNonStatutorySuffixes) {
    if (head.size() > suffix.size() &&
        head.substr(head.size() - suffix.size()) == suffix) {
      return std::string(head);
    }
  }
  return "";
}

bool Overlaps(int begin, int end, const Warning& w) {
  return w.end() > w.begin() && begin < w.end() && w.begin() < end;
}

bool IsConfidenceWarning(const Warning& w) {
  return w.kind() == v1::WARNING_KIND_MOJIBAKE ||
         w.kind() == v1::WARNING_KIND_INVALID_BYTES;
}

Warning WholeReportWarning(v1::WarningKind kind, std::string message) {
  Warning w;
  w.set_kind(kind);
  w.set_message(std::move(message));
  w.set_count(1);
  return w;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  // Fetched once: EVP_sha256() makes every digest fetch the algorithm
  // anew, which cost as much as hashing a whole report.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, sha256, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

std::string ContentReportId(std::string_view content_sha256_hex) {
  return absl::StrCat("r", AsAbsl(content_sha256_hex.substr(0, 16)));
}

std::string ReportIdFor(const v1::RawReport& raw) {
  if (!raw.client_id().empty()) return raw.client_id();
  return ContentReportId(Sha256Hex(raw.content()));
}

absl::Status ValidateReportId(std::string_view id, std::string_view field) {
  bool valid_chars = std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '-';
  });
  if (id.empty() || id.size() > kMaxReportIdLength || !valid_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(AsAbsl(field),
                     " must be 1-128 characters of letters, digits, '.', "
                     "'_' and '-'"));
  }
  return absl::OkStatus();
}

int DetectReportYear(std::string_view text) {
  // Votes, so that one stray cue cannot outweigh the report's own headings.
  std::map<int, int> votes;
  for (size_t pos = text.find("年"); pos != std::string_view::npos;
       pos = text.find("年", pos + 1)) {
    if (pos < 4) continue;
    int year = FourDigitsAt(text, pos - 4);
    if (!IsYear(year)) continue;
    std::string_view rest = text.substr(pos + std::string_view("年").size());
    const std::string_view window = YearCueWindow(rest);
    for (const YearCue& cue : kYearCues) {
      if (window.find(cue.phrase) != std::string_view::npos) {
        ++votes[year + cue.plan_year_offset];
      }
    }
    if (IsOccasionDate(rest)) ++votes[year];
  }
  if (votes.empty()) return 0;
  return std::max_element(
             votes.begin(), votes.end(),
             [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

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
  }
  if (raw.year_hint() != 0 && !IsYear(raw.year_hint())) {
    return absl::InvalidArgumentError(
        absl::StrCat("year_hint ", raw.year_hint(), " is outside ", kMinYear,
                     "-", kMaxYear, "; leave it 0 to detect the year"));
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
  SegmentedText segmented = Segment(normalized.text);
  if (HoldsOnlyTitle(normalized.text, segmented.title)) {
    return absl::InvalidArgumentError(
        "content holds no text besides its title and page furniture (page "
        "numbers, running headers); extract the report's text again, with "
        "OCR if it is a scanned PDF");
  }

  Analysis analysis;
  v1::Report& report = analysis.report;
  report.set_content_sha256(Sha256Hex(raw.content()));
  report.set_id(raw.client_id().empty()
                    ? ContentReportId(report.content_sha256())
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

  if (!district.has_value()) district = gazetteer_.Detect(normalized.text);
  if (!district.has_value()) {
    std::string unit = NonStatutoryUnitInTitle(segmented.title);
    if (!unit.empty()) {
      district.emplace();
      district->set_name(unit);
    }
  }
  if (district.has_value()) {
    *report.mutable_district() = *district;
  } else {
    *report.add_warnings() = WholeReportWarning(
        v1::WARNING_KIND_DISTRICT_UNKNOWN,
        "the text names no district clearly; send district_hint (a 6-digit "
        "code or an official name)");
  }
  int year = raw.year_hint() != 0 ? raw.year_hint()
                                  : DetectReportYear(normalized.text);
  report.set_year(year);
  if (year == 0) {
    *report.add_warnings() = WholeReportWarning(
        v1::WARNING_KIND_YEAR_UNKNOWN,
        "the text states no plan year (no title, occasion line or plan "
        "heading with a year); send year_hint");
  }

  analysis.commitments = ExtractCommitments(normalized.text, segmented);
  if (analysis.commitments.size() > kMaxCommitments) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the text holds ", analysis.commitments.size(),
                     " commitments, over the limit of ", kMaxCommitments,
                     " for one report; split the file into reports"));
  }
  int ordinal = 0;
  for (v1::Commitment& c : analysis.commitments) {
    c.set_id(absl::StrCat(report.id(), "/", ordinal++));
    c.set_report_id(report.id());
    *c.mutable_district() = report.district();
    c.set_year(year);
    for (const Warning& w : report.warnings()) {
      if (IsConfidenceWarning(w) && Overlaps(c.begin(), c.end(), w)) {
        c.set_low_confidence(true);
        break;
      }
    }
  }
  report.set_commitment_count(static_cast<int>(analysis.commitments.size()));
  *report.mutable_sections() = {segmented.sections.begin(),
                                segmented.sections.end()};
  report.set_text(std::move(normalized.text));
  return analysis;
}

}  // namespace govreport
