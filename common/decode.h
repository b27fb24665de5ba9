#ifndef GOVREPORT_COMMON_DECODE_H_
#define GOVREPORT_COMMON_DECODE_H_

// The pipeline's first stage: a report's raw bytes, in whatever charset the
// client sent, to UTF-8 text. decode → normalize → segment → extract
// (common/pipeline.h runs them all).
//
// Example:
//   absl::StatusOr<DecodedText> decoded =
//       Decode(raw.content(), DecodeOptions{raw.charset_hint()});
//   if (!decoded.ok()) return decoded.status();  // InvalidArgument

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace govreport {

// Options for Decode().
struct DecodeOptions {
  // The content's charset as a client named it ("UTF-8", "GB18030", "GBK",
  // "GB2312", "Big5", "UTF-16LE", "UTF-16BE", any case). Empty means detect.
  // A hint wins over detection.
  std::string charset_hint;
};

// Raw report bytes turned into UTF-8, before any normalization.
struct DecodedText {
  // The content as UTF-8; invalid sequences (and, when converted, private-use
  // characters: bytes the charset has no character for) became U+FFFD.
  std::string text;
  // The canonical name of the charset decoded from: "UTF-8", "UTF-16LE",
  // "UTF-16BE", "GB18030" or "Big5".
  std::string charset;
  // How many invalid byte sequences were replaced by U+FFFD.
  int replaced_sequences = 0;
  // True when detection could not tell two charsets apart with confidence.
  bool charset_uncertain = false;
};

// Decodes a report's bytes. Detection without a hint: a BOM, then a strict
// UTF-8 check, then lenient UTF-8, GB18030 and Big5 decodes compared by the
// common Chinese characters they yield against their invalid sequences (so
// that a few bad bytes in a text valid in one charset leave it in that
// charset, as U+FFFD), then ICU's detector to break ties.
//
// Returns InvalidArgument, with a message naming the reason, when the content
// is empty, is not text (an image, an archive, a PDF file's raw bytes, random
// bytes), or the hint names a charset that is not supported. Thread-safe.
absl::StatusOr<DecodedText> Decode(std::string_view content,
                                   const DecodeOptions& options);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_DECODE_H_
