#include "common/traditional.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/string_view.h"
#include "common/utf8.h"

namespace govreport {
namespace {

constexpr uint32_t kBmpSize = 0x10000;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Reads escaped characters ("\u4E7E", "\U00020000") from the front of
// `*text` up to the first byte that starts none; nullopt for a malformed
// escape or surrogate.
std::optional<std::u32string> ReadEscapes(std::string_view* text) {
  icu::UnicodeString units;
  while (text->size() >= 2 && (*text)[0] == '\\' &&
         ((*text)[1] == 'u' || (*text)[1] == 'U')) {
    const size_t digits = (*text)[1] == 'u' ? 4 : 8;
    if (text->size() < 2 + digits) return std::nullopt;
    uint32_t c = 0;
    for (size_t i = 0; i < digits; ++i) {
      const int v = HexValue((*text)[2 + i]);
      if (v < 0) return std::nullopt;
      c = c << 4 | static_cast<uint32_t>(v);
    }
    if (c > 0x10FFFF) return std::nullopt;
    units.append(static_cast<UChar32>(c));
    text->remove_prefix(2 + digits);
  }
  // toRules may write a supplementary character as two escaped surrogates.
  std::u32string code_points;
  for (int32_t i = 0; i < units.length();) {
    const UChar32 c = units.char32At(i);
    if (c >= 0xD800 && c <= 0xDFFF) return std::nullopt;
    code_points.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return code_points;
}

// The code point at byte `i` of `text` and, in *length, its byte length;
// -1 where the bytes there are no well-formed sequence (by IsValidUtf8's
// rules: no overlongs, surrogates or code points above U+10FFFF).
int32_t DecodeWellFormed(std::string_view text, size_t i, size_t* length) {
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    *length = 1;
    return lead;
  }
  // Most of Chinese text: after a lead byte E1-EC or EE-EF two continuation
  // bytes make a character, never an overlong form or a surrogate.
  if (lead >= 0xE1 && lead != 0xED && lead <= 0xEF && i + 3 <= text.size()) {
    const unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
    const unsigned char b2 = static_cast<unsigned char>(text[i + 2]);
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return -1;
    *length = 3;
    return static_cast<int32_t>((lead & 0x0Fu) << 12 | (b1 & 0x3Fu) << 6 |
                                (b2 & 0x3Fu));
  }
  if (lead < 0xC2 || lead > 0xF4) return -1;
  const size_t n = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (i + n > text.size()) return -1;
  uint32_t c = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return -1;
    c = c << 6 | (next & 0x3F);
  }
  if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
      (n == 4 && (c < 0x10000 || c > 0x10FFFF))) {
    return -1;
  }
  *length = n;
  return static_cast<int32_t>(c);
}

std::string ToUtf8(std::u32string_view code_points) {
  std::string utf8;
  for (char32_t c : code_points) AppendUtf8(c, &utf8);
  return utf8;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TraditionalConverter>>
TraditionalConverter::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu(icu::Transliterator::createInstance(
      "Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || icu == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create ICU's Traditional-Simplified "
                     "transliterator: ",
                     u_errorName(status)));
  }
  // A compound transliterator or a global filter would be more than one
  // rule set.
  if (icu->countElements() != 0 || icu->getFilter() != nullptr) {
    return absl::FailedPreconditionError(
        "ICU's Traditional-Simplified is no single rule set");
  }
  icu::UnicodeString rules;
  icu->toRules(rules, /*escapeUnprintable=*/true);
  std::string rules_utf8;
  rules.toUTF8String(rules_utf8);
  std::unique_ptr<TraditionalConverter> converter(new TraditionalConverter());
  converter->bmp_groups_.assign(kBmpSize, 0);
  // Escaping makes every rule one line of escapes: "KEY > REPLACEMENT;".
  // Anything else (a context, a variable, a set, a cursor) is no plain
  // replacement.
  for (absl::string_view split : absl::StrSplit(rules_utf8, '\n')) {
    const std::string_view line = AsStd(split);
    if (line.empty()) continue;
    std::string_view rest = line;
    std::optional<std::u32string> key = ReadEscapes(&rest);
    constexpr std::string_view kArrow = " > ";
    if (!key || key->empty() || rest.substr(0, kArrow.size()) != kArrow) {
      return absl::FailedPreconditionError(absl::StrCat(
          "ICU's Traditional-Simplified holds a rule that is no plain "
          "replacement: ",
          AsAbsl(line)));
    }
    rest.remove_prefix(kArrow.size());
    std::optional<std::u32string> replacement = ReadEscapes(&rest);
    if (!replacement || rest != ";") {
      return absl::FailedPreconditionError(absl::StrCat(
          "ICU's Traditional-Simplified holds a rule that is no plain "
          "replacement: ",
          AsAbsl(line)));
    }
    converter->AddRule(*key, *replacement);
  }
  return converter;
}

void TraditionalConverter::AddRule(const std::u32string& key,
                                   const std::u32string& replacement) {
  const uint32_t first = key[0];
  uint16_t* group = nullptr;
  if (first < kBmpSize) {
    group = &bmp_groups_[first];
  } else {
    group = &other_groups_[first];
  }
  if (*group == 0) {
    groups_.emplace_back();
    *group = static_cast<uint16_t>(groups_.size());
  }
  Rule rule{ToUtf8(std::u32string_view(key).substr(1)), ToUtf8(replacement)};
  const size_t key_bytes = ToUtf8(key).size();
  max_growth_ = std::max(max_growth_,
                         (rule.replacement.size() + key_bytes - 1) / key_bytes);
  groups_[*group - 1].push_back(std::move(rule));
}

void TraditionalConverter::AppendSimplified(std::string_view utf8,
                                            std::string* out) const {
  const size_t size = out->size();
  if (AppendIfWellFormed(utf8, out)) return;
  // Ill-formed bytes become U+FFFD just as ICU's conversion makes them;
  // no rule involves U+FFFD.
  out->resize(size);
  std::string repaired;
  icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()))
      .toUTF8String(repaired);
  AppendIfWellFormed(repaired, out);
}

bool TraditionalConverter::AppendIfWellFormed(std::string_view utf8,
                                              std::string* out) const {
  // Written through a pointer into room made beforehand (no replacement is
  // more than max_growth_ times its key): two appends per replaced
  // character, the run before it and the replacement, cost more than the
  // rest of the conversion.
  const size_t start = out->size();
  out->resize(start + utf8.size() * max_growth_);
  char* const begin = out->data();
  char* end = begin + start;
  // Bytes that start no rule are copied in runs.
  size_t copied = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t length = 0;
    const int32_t decoded = DecodeWellFormed(utf8, i, &length);
    if (decoded < 0) {
      out->resize(static_cast<size_t>(end - begin));
      return false;
    }
    const uint32_t c = static_cast<uint32_t>(decoded);
    uint16_t group = 0;
    if (c < kBmpSize) {
      group = bmp_groups_[c];
    } else if (const auto it = other_groups_.find(c);
               it != other_groups_.end()) {
      group = it->second;
    }
    if (group == 0) {
      i += length;
      continue;
    }
    const std::string_view after = utf8.substr(i + length);
    const Rule* match = nullptr;
    for (const Rule& rule : groups_[group - 1]) {
      // The last byte first: the rest's first is the lead byte of a common
      // character, and most keys tried do not match.
      const size_t n = rule.rest.size();
      if (n == 0 || (after.size() >= n && after[n - 1] == rule.rest[n - 1] &&
                     std::memcmp(after.data(), rule.rest.data(), n) == 0)) {
        match = &rule;
        break;
      }
    }
    if (match == nullptr) {
      i += length;
      continue;
    }
    std::memcpy(end, utf8.data() + copied, i - copied);
    end += i - copied;
    std::memcpy(end, match->replacement.data(), match->replacement.size());
    end += match->replacement.size();
    i += length + match->rest.size();
    copied = i;
  }
  std::memcpy(end, utf8.data() + copied, utf8.size() - copied);
  end += utf8.size() - copied;
  out->resize(static_cast<size_t>(end - begin));
  return true;
}

bool TraditionalConverter::Changes(uint32_t c) const {
  std::string alone;
  AppendUtf8(c, &alone);
  std::string converted;
  AppendIfWellFormed(alone, &converted);
  return converted != alone;
}

}  // namespace govreport
