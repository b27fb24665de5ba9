#ifndef GOVREPORT_COMMON_NORMALIZE_H_
#define GOVREPORT_COMMON_NORMALIZE_H_

// The pipeline's second stage: decoded report text (saved web pages, text
// extracted from PDFs, traditional or simplified) made clean simplified
// Chinese, one paragraph per line. decode → normalize → segment → extract.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Normalizer>> normalizer =
//       Normalizer::Create();  // once; share it between threads
//   NormalizedText normalized = (*normalizer)->Normalize(decoded->text);

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// Decoded text made ready for segmentation.
struct NormalizedText {
  // Clean simplified-Chinese UTF-8: full-width ASCII folded, pinyin
  // annotations and lines, page furniture and other PDF debris removed,
  // broken lines joined (across page breaks too), paragraphs one per line.
  std::string text;
  // True when traditional characters were found and converted.
  bool converted_from_traditional = false;
  // What was repaired or doubted; span offsets are byte offsets into text.
  std::vector<govreport::v1::Warning> warnings;
};

// Turns decoded report text into clean simplified Chinese: web page markup
// and site furniture removed (web_debris.h), traditional to
// simplified at the phrase level (with an exceptions table), parenthesised
// pinyin annotations removed, NFKC folding of full-width forms that keeps the
// Chinese punctuation carrying sentence structure, PDF debris repaired
// (stray and spaced-out spaces closed up; page numbers, form feeds and
// running headers removed; lines broken by the layout or a page break
// joined), lines without Chinese (pinyin, Latin page headers) removed, and
// mojibake spans flagged (never rewritten).
//
// Thread-safe: one instance serves any number of threads.
class Normalizer final {
 public:
  // Builds the converters once (reading ICU's Traditional-Simplified rules
  // into a table costs ~5 ms). Returns what TraditionalConverter::Create
  // returns when that fails (common/traditional.h).
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create();

  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;
  ~Normalizer();

  // Normalizes well-formed UTF-8 text (Decode's output is). Never fails:
  // what it cannot repair it reports as warnings. Clean simplified text
  // comes back unchanged but for line joins. It walks the text as bytes,
  // copying the characters no rule touches: on ill-formed UTF-8 it stays
  // within bounds, but its output is unspecified.
  NormalizedText Normalize(std::string_view utf8) const;

 private:
  struct Impl;
  explicit Normalizer(std::unique_ptr<Impl> impl);

  const std::unique_ptr<Impl> impl_;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_NORMALIZE_H_
