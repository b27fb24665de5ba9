#include "common/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/string_view.h"
#include "common/utf8.h"

namespace govreport {
namespace {

// File signatures of things that are not text, with what to tell the user.
struct Signature {
  std::string_view magic;
  std::string_view what;
};
constexpr Signature kBinarySignatures[] = {
    {"%PDF-",
     "a PDF file; extract its text first (e.g. pdftotext) and send that"},
    {"\x89PNG", "a PNG image"},
    {"\xFF\xD8\xFF", "a JPEG image"},
    {"GIF8", "a GIF image"},
    {"PK\x03\x04",
     "a ZIP archive (or a .docx/.xlsx file); extract the text first"},
    {"\x1F\x8B", "a gzip archive; decompress it first"},
    {"7z\xBC\xAF", "a 7z archive; extract it first"},
    {"BZh", "a bzip2 archive; decompress it first"},
    {"Rar!", "a RAR archive; extract it first"},
    {"\xD0\xCF\x11\xE0",
     "an old Office document (.doc/.xls); save it as text first"},
    {"RIFF", "a RIFF media file"},
    {"\x7F"
     "ELF",
     "an executable"},
};

// Above these shares of the decoded characters, content is not text.
constexpr double kMaxReplacedShare = 0.10;
constexpr double kMaxControlShare = 0.02;

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Characters common in Chinese prose, simplified and traditional: the more
// a decoding yields of them, the more plausible it is.
constexpr std::string_view kCommonChars =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主"
    "发年"
    "动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如"
    "水化高"
    "自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外"
    "天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道"
    "命此变条"
    "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常"
    "文总次品"
    "式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农"
    "指几九区"
    "强放决西被干做必战先回则任取据处理府研质务推进设施服务保障促完善健全区县镇"
    "村街道"
    "們這個來時說為會國發經學對開關實現體進產業務設點區縣鎮務員長門問題與後過還"
    "將";

int PlausibleCount(std::string_view utf8) {
  int count = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t length = Utf8SequenceLength(utf8[i]);
    if (length == 3 &&
        kCommonChars.find(utf8.substr(i, 3)) != std::string_view::npos) {
      ++count;
    }
    i += length;
  }
  return count;
}

// Decodes with an ICU converter, replacing invalid sequences (and
// private-use characters) with U+FFFD.
// Returns false when ICU does not know the charset.
bool ConvertToUtf8(std::string_view bytes, const char* charset,
                   std::string* out, int* replaced) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(
      ucnv_open(charset, &status));
  if (U_FAILURE(status)) return false;
  // U+FFFD rather than ICU's default substitution character.
  static const UChar kReplacement[] = {0xFFFD};
  ucnv_setSubstString(converter.get(), kReplacement, 1, &status);
  std::u16string utf16(bytes.size() + 1, u'\0');
  status = U_ZERO_ERROR;
  int32_t length =
      ucnv_toUChars(converter.get(), reinterpret_cast<UChar*>(utf16.data()),
                    static_cast<int32_t>(utf16.size()), bytes.data(),
                    static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    utf16.resize(length + 1);
    status = U_ZERO_ERROR;
    length =
        ucnv_toUChars(converter.get(), reinterpret_cast<UChar*>(utf16.data()),
                      static_cast<int32_t>(utf16.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) return false;
  utf16.resize(length);
  // To UTF-8, counting replacements; lone surrogates become U+FFFD.
  out->clear();
  out->reserve(utf16.size() * 3 / 2);
  *replaced = 0;
  for (size_t i = 0; i < utf16.size(); ++i) {
    uint32_t c = utf16[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < utf16.size() &&
        utf16[i + 1] >= 0xDC00 && utf16[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    } else if (c >= 0xE000 && c <= 0xF8FF) {
      // Private use: bytes the charset has no character for (ICU's Big5,
      // windows-950, reads a lone 0xFF as U+F8F8, and GBK's user-defined
      // areas map here). No report's text uses them, and counted as valid
      // they would let a stray byte pick the charset.
      c = 0xFFFD;
    }
    if (c == 0xFFFD) ++*replaced;
    AppendUtf8(c, out);
  }
  return true;
}

// The canonical name of a charset hint, or empty when it is not supported.
std::string CanonicalCharset(std::string_view hint) {
  std::string name = absl::AsciiStrToLower(AsAbsl(hint));
  name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
  name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
  if (name == "utf8") return "UTF-8";
  if (name == "gb18030" || name == "gbk" || name == "gb2312" ||
      name == "cp936" || name == "euccn") {
    return "GB18030";
  }
  if (name == "big5" || name == "big5hkscs" || name == "cp950") return "Big5";
  if (name == "utf16le") return "UTF-16LE";
  if (name == "utf16be") return "UTF-16BE";
  if (name == "utf16") return "UTF-16";
  return "";
}

// ICU's guess between two charsets, or empty.
std::string DetectorGuess(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return "";
  ucsdet_setText(detector, bytes.data(),
                 static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 16)),
                 &status);
  const UCharsetMatch* match = ucsdet_detect(detector, &status);
  std::string name;
  if (U_SUCCESS(status) && match != nullptr) {
    const char* guessed = ucsdet_getName(match, &status);
    if (U_SUCCESS(status) && guessed != nullptr) name = guessed;
  }
  ucsdet_close(detector);
  return name;
}

// How many invalid sequences cost against common characters when
// decodings are compared: a decoding in the right charset yields common
// characters by the hundred and a wrong one few, while a bad byte or two
// costs each decoding alike.
constexpr int kReplacementCost = 2;

// Decodes content that is not strictly UTF-8, as UTF-8, GB18030 and Big5,
// each leniently (invalid sequences become U+FFFD), and keeps the decoding
// with the most common characters less kReplacementCost per invalid
// sequence. Text overwhelmingly valid in one charset so stays in it: one
// stray byte in UTF-8 is one U+FFFD, not a reason to read the whole text
// as GB18030 mojibake. Ties go to UTF-8 when it is among them, else to
// ICU's detector between GB18030 and Big5, and are marked uncertain.
DecodedText DetectAmongInvalid(std::string_view content) {
  constexpr const char* kCandidates[] = {"UTF-8", "GB18030", "Big5"};
  DecodedText decoded[3];
  int64_t score[3];
  for (int i = 0; i < 3; ++i) {
    decoded[i].charset = kCandidates[i];
    ConvertToUtf8(content, kCandidates[i], &decoded[i].text,
                  &decoded[i].replaced_sequences);
    score[i] = PlausibleCount(decoded[i].text) -
               int64_t{kReplacementCost} * decoded[i].replaced_sequences;
  }
  const int64_t best = *std::max_element(score, score + 3);
  const int tied = static_cast<int>(std::count(score, score + 3, best));
  int pick;
  if (score[0] == best) {
    pick = 0;
  } else if (tied == 1) {
    pick = score[1] == best ? 1 : 2;
  } else {
    pick = DetectorGuess(content).rfind("Big5", 0) == 0 ? 2 : 1;
  }
  DecodedText out = std::move(decoded[pick]);
  out.charset_uncertain = tied > 1;
  return out;
}

absl::Status NotText(std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("content is not text: it looks like ", AsAbsl(what)));
}

// What CheckLooksLikeText counts in well-formed UTF-8.
struct CharacterCounts {
  size_t chars = 0;
  // Control characters but line breaks, tabs and form feeds; NULs included.
  size_t control = 0;
  size_t nuls = 0;
};

CharacterCounts CountCharacters(std::string_view utf8) {
  // In well-formed UTF-8 every byte but a continuation byte starts a
  // character, and a byte below 0x20 is a character of its own: counted
  // byte by byte without branches, in blocks small enough for byte-wide
  // counters, so that the compiler vectorizes the loop (a step per
  // character cost as much as the rest of Decode).
  constexpr size_t kBlock = 255;
  CharacterCounts counts;
  const auto* const bytes = reinterpret_cast<const unsigned char*>(utf8.data());
  for (size_t begin = 0; begin < utf8.size(); begin += kBlock) {
    const size_t end = std::min(utf8.size(), begin + kBlock);
    uint8_t chars = 0, control = 0, nuls = 0;
    for (size_t i = begin; i < end; ++i) {
      const unsigned char b = bytes[i];
      chars += (b & 0xC0) != 0x80;
      control += b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f';
      nuls += b == 0;
    }
    counts.chars += chars;
    counts.control += control;
    counts.nuls += nuls;
  }
  return counts;
}

// Checks decoded text for signs of binary content; `counts` are its
// characters (CountCharacters). `chosen_by` says why the text was decoded
// in its charset, so that a refusal never names a charset the client did
// not choose without saying where it came from.
absl::Status CheckLooksLikeText(const DecodedText& decoded,
                                const CharacterCounts& counts,
                                std::string_view chosen_by) {
  const size_t chars = counts.chars, control = counts.control;
  if (chars == 0) return absl::InvalidArgumentError("content is empty");
  if (decoded.replaced_sequences > kMaxReplacedShare * chars) {
    return absl::InvalidArgumentError(absl::StrCat(
        "content is not text: ", decoded.replaced_sequences, " of ", chars,
        " characters are invalid in ", decoded.charset, " (", AsAbsl(chosen_by),
        "); check the file or send charset_hint"));
  }
  if (control > kMaxControlShare * chars) {
    return absl::InvalidArgumentError(
        "content is not text: it is full of control characters (binary data?)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodedText> Decode(std::string_view content,
                                   const DecodeOptions& options) {
  if (content.empty()) return absl::InvalidArgumentError("content is empty");
  for (const Signature& s : kBinarySignatures) {
    if (content.substr(0, s.magic.size()) == s.magic) return NotText(s.what);
  }
  DecodedText out;
  std::string_view chosen_by = "its byte order mark";
  if (!options.charset_hint.empty()) {
    chosen_by = "the charset_hint";
    std::string charset = CanonicalCharset(options.charset_hint);
    if (charset.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "charset_hint \"", AsAbsl(options.charset_hint),
          "\" is not supported; use UTF-8, GB18030 (GBK, GB2312), Big5, "
          "UTF-16LE or UTF-16BE"));
    }
    std::string_view body = content;
    if (charset == "UTF-8" && body.substr(0, 3) == "\xEF\xBB\xBF") {
      body.remove_prefix(3);
    }
    ConvertToUtf8(body, charset.c_str(), &out.text, &out.replaced_sequences);
    out.charset = charset;
  } else if (content.substr(0, 3) == "\xEF\xBB\xBF") {
    ConvertToUtf8(content.substr(3), "UTF-8", &out.text,
                  &out.replaced_sequences);
    out.charset = "UTF-8";
  } else if (content.substr(0, 2) == "\xFF\xFE" ||
             content.substr(0, 2) == "\xFE\xFF") {
    out.charset = content[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    ConvertToUtf8(content.substr(2), out.charset.c_str(), &out.text,
                  &out.replaced_sequences);
  } else if (IsValidUtf8(content)) {
    out.text = std::string(content);
    out.charset = "UTF-8";
  } else {
    out = DetectAmongInvalid(content);
    chosen_by =
        "detected: the content is valid in none of UTF-8, GB18030 and Big5, "
        "and this charset reads best";
  }
  // Every branch above leaves well-formed UTF-8, as CountCharacters needs.
  CharacterCounts counts = CountCharacters(out.text);
  // NULs are binary data (UTF-16 without a BOM is refused here too: send
  // a charset_hint); a stray one or two are dropped.
  const size_t nuls = counts.nuls;
  if (nuls > 2 && nuls * 100 > out.text.size()) {
    return absl::InvalidArgumentError(
        "content is not text: it holds NUL bytes (binary data, or UTF-16 "
        "without a byte order mark: send charset_hint UTF-16LE or UTF-16BE)");
  }
  if (nuls > 0) {
    out.text.erase(std::remove(out.text.begin(), out.text.end(), '\0'),
                   out.text.end());
    // Each NUL was a character and a control character.
    counts.chars -= nuls;
    counts.control -= nuls;
  }
  if (absl::Status text = CheckLooksLikeText(out, counts, chosen_by);
      !text.ok()) {
    return text;
  }
  return out;
}

}  // namespace govreport
