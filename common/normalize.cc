#include "common/normalize.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/normalize_internal.h"
#include "common/traditional.h"
#include "common/unicode.h"
#include "common/utf8.h"
#include "common/web_debris.h"

namespace govreport {
namespace normalize_internal {
namespace {

using govreport::v1::Warning;

// Full-width forms folded to ASCII; the Chinese punctuation that carries
// sentence structure (。，；：“”、（）！？) keeps its form.
bool KeepsFullWidth(uint32_t c) {
  return c == 0xFF0C /*，*/ || c == 0xFF1B /*；*/ || c == 0xFF1A /*：*/ ||
         c == 0xFF08 /*（*/ || c == 0xFF09 /*）*/ || c == 0xFF01 /*！*/ ||
         c == 0xFF1F /*？*/;
}

// Chinese punctuation and quotes: no space belongs next to them.
bool IsCjkPunctuation(uint32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || c == 0x201C || c == 0x201D ||
         c == 0x2018 || c == 0x2019 || c == 0x2014 || c == 0x2026;
}

bool IsDigit(uint32_t c) { return c >= '0' && c <= '9'; }

bool IsToneVowel(uint32_t c) {
  static constexpr uint32_t kTones[] = {
      0x101, 0xE1,  0x1CE, 0xE0,  0x113, 0xE9,  0x11B, 0xE8,  0x12B,
      0xED,  0x1D0, 0xEC,  0x14D, 0xF3,  0x1D2, 0xF2,  0x16B, 0xFA,
      0x1D4, 0xF9,  0x1D6, 0x1D8, 0x1DA, 0x1DC, 0xFC};
  for (uint32_t t : kTones) {
    if (c == t) return true;
  }
  return false;
}

// The code point that starts at byte `i` of `text` (i < text.size()).
uint32_t CodePointAt(std::string_view text, size_t i) {
  size_t length = 0;
  return DecodeUtf8At(text, i, &length);
}

// The code point that ends at byte `end` of `text` (end > 0).
uint32_t CodePointBefore(std::string_view text, size_t end) {
  return CodePointAt(text, PreviousUtf8Start(text, end));
}

// Whether `text` holds at least `n` characters; counts no further than it
// must.
bool HasAtLeastChars(std::string_view text, size_t n) {
  if (text.size() < n) return false;
  if (text.size() >= 4 * n) return true;
  return Utf8Length(text) >= n;
}

// Length in bytes of a parenthesised toned pinyin syllable at byte `i`,
// e.g. "(qū)"; 0 when there is none. Parentheses with anything else stay.
size_t PinyinAnnotationAt(std::string_view text, size_t i) {
  size_t length = 0;
  uint32_t c = DecodeUtf8At(text, i, &length);
  if (c != '(' && c != 0xFF08) return 0;
  size_t j = i + length;
  bool toned = false;
  size_t letters = 0;
  while (j < text.size() && letters <= 6) {
    c = DecodeUtf8At(text, j, &length);
    if (c >= 'a' && c <= 'z') {
      ++letters;
    } else if (IsToneVowel(c)) {
      ++letters;
      toned = true;
    } else {
      break;
    }
    j += length;
  }
  if (!toned || letters == 0 || j >= text.size()) return 0;
  c = DecodeUtf8At(text, j, &length);
  if (c != ')' && c != 0xFF09) return 0;
  return j + length - i;
}

bool IsSentenceEnd(uint32_t c) {
  return c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == ';' ||
         c == '!' || c == '?' || c == ':' || c == 0xFF1A || c == 0x201D;
}

// Whether a line starts with an enumeration marker: 一、 （一） (1) 1. 1、
bool StartsWithMarker(std::string_view line) {
  static constexpr std::u32string_view kChineseDigits = U"一二三四五六七八九十";
  if (line.empty()) return false;
  size_t i = 0, length = 0;
  uint32_t c = DecodeUtf8At(line, i, &length);
  if (c == '(' || c == 0xFF08) i += length;
  size_t digits = 0;
  for (; i < line.size(); i += length, ++digits) {
    c = DecodeUtf8At(line, i, &length);
    if (!IsDigit(c) && kChineseDigits.find(c) == std::u32string_view::npos) {
      break;
    }
  }
  if (digits == 0 || i >= line.size()) return false;
  return c == 0x3001 || c == ')' || c == 0xFF09 ||
         (c == '.' &&
          (i + length >= line.size() ||
           !IsDigit(static_cast<unsigned char>(line[i + length])))) ||
         c == 0xFF0E;
}

Warning MakeWarning(v1::WarningKind kind, std::string message, int count,
                    int begin = 0, int end = 0) {
  Warning w;
  w.set_kind(kind);
  w.set_message(std::move(message));
  w.set_count(count);
  w.set_begin(begin);
  w.set_end(end);
  return w;
}

// Whether a line break between `left` and `right` falls inside a number:
// PDF lines break anywhere in Chinese text ("4" / "40个", "3" / "000批次").
bool SplitsNumber(uint32_t left, uint32_t right) {
  return (IsDigit(left) || left == '.') &&
         (IsDigit(right) || right == '.' || right == '%');
}

// A line shorter than this without final punctuation is a heading or a
// title, never half of a broken sentence.
constexpr size_t kMinBrokenLineChars = 20;

// What a space between two characters is next to, for deciding whether PDF
// extraction put it there.
enum class SpaceNeighbour {
  kOther,  // Latin letters and everything not below
  kHan,    // CJK characters and Chinese punctuation
  kDigit,
  kPercent,
  kDot,
  kDash,
  kClausePunctuation,  // , ; : ! ? standing in for their Chinese forms
  kOpenParenthesis,
  kCloseParenthesis,
  kAny,  // in kStraySpaces only: matches every neighbour
};

SpaceNeighbour NeighbourOf(uint32_t c) {
  if (IsHanIdeograph(c) || IsCjkPunctuation(c)) return SpaceNeighbour::kHan;
  if (IsDigit(c)) return SpaceNeighbour::kDigit;
  switch (c) {
    case '%':
      return SpaceNeighbour::kPercent;
    case '.':
      return SpaceNeighbour::kDot;
    case '-':
      return SpaceNeighbour::kDash;
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
      return SpaceNeighbour::kClausePunctuation;
    case '(':
      return SpaceNeighbour::kOpenParenthesis;
    case ')':
      return SpaceNeighbour::kCloseParenthesis;
    default:
      return SpaceNeighbour::kOther;
  }
}

// Spaces PDF extraction leaves inside Chinese text ("绿色建筑 标准", "建成
// 109.4 万平米", "场 次 , 建 设", "( 五 )"), by what is left and right of
// them. Spaces between Latin words, and after a comma before a number
// ("100, 200": no thousands separator), stay.
struct StraySpace {
  SpaceNeighbour left;
  SpaceNeighbour right;
};
constexpr StraySpace kStraySpaces[] = {
    {SpaceNeighbour::kHan, SpaceNeighbour::kHan},
    {SpaceNeighbour::kHan, SpaceNeighbour::kDigit},
    {SpaceNeighbour::kHan, SpaceNeighbour::kPercent},
    {SpaceNeighbour::kHan, SpaceNeighbour::kClausePunctuation},
    {SpaceNeighbour::kHan, SpaceNeighbour::kOpenParenthesis},
    {SpaceNeighbour::kHan, SpaceNeighbour::kCloseParenthesis},
    {SpaceNeighbour::kDigit, SpaceNeighbour::kHan},
    {SpaceNeighbour::kPercent, SpaceNeighbour::kHan},
    {SpaceNeighbour::kDot, SpaceNeighbour::kHan},
    {SpaceNeighbour::kClausePunctuation, SpaceNeighbour::kHan},
    {SpaceNeighbour::kOpenParenthesis, SpaceNeighbour::kHan},
    {SpaceNeighbour::kCloseParenthesis, SpaceNeighbour::kHan},
    {SpaceNeighbour::kDigit, SpaceNeighbour::kDot},
    {SpaceNeighbour::kDot, SpaceNeighbour::kDigit},
    {SpaceNeighbour::kDigit, SpaceNeighbour::kPercent},
    {SpaceNeighbour::kDigit, SpaceNeighbour::kClausePunctuation},
    {SpaceNeighbour::kPercent, SpaceNeighbour::kClausePunctuation},
    {SpaceNeighbour::kOpenParenthesis, SpaceNeighbour::kDigit},
    {SpaceNeighbour::kDigit, SpaceNeighbour::kCloseParenthesis},
    {SpaceNeighbour::kDash, SpaceNeighbour::kAny},
    {SpaceNeighbour::kAny, SpaceNeighbour::kDash},
};

// A space or a line break: what stands around a character of spaced-out
// text.
bool IsLineSpace(uint32_t c) { return c == ' ' || c == '\n' || c == '\f'; }

bool IsStraySpace(uint32_t left, uint32_t right) {
  const SpaceNeighbour l = NeighbourOf(left), r = NeighbourOf(right);
  for (const StraySpace& s : kStraySpaces) {
    if ((s.left == l || s.left == SpaceNeighbour::kAny) &&
        (s.right == r || s.right == SpaceNeighbour::kAny)) {
      return true;
    }
  }
  return false;
}

// A page number line as PDF extraction leaves it, spaces removed: the number
// between `before` and `after` ("—3—", "-12-", "第3页", "Page3"), optionally
// followed by the page count read the same way ("3/20", "第3页共20页",
// "Page3of20").
struct NumberShape {
  std::u32string_view before;
  std::u32string_view after;
};
constexpr NumberShape kPageNumberShapes[] = {
    {U"", U""},    {U"-", U"-"},   {U"—", U"—"},   {U"——", U"——"},
    {U"–", U"–"},  {U"─", U"─"},   {U"·", U"·"},   {U"•", U"•"},
    {U"[", U"]"},  {U"第", U"页"}, {U"Page", U""}, {U"page", U""},
    {U"PAGE", U""}};
constexpr NumberShape kPageCountShapes[] = {{U"/", U""},      {U"/共", U"页"},
                                            {U"共", U"页"},   {U",共", U"页"},
                                            {U"，共", U"页"}, {U"of", U""}};
constexpr size_t kMaxPageNumberDigits = 4;
constexpr size_t kMaxPageNumberChars = 24;

// Reads `shape` around a number of 1 to kMaxPageNumberDigits digits at
// `*pos`, and moves `*pos` past it.
bool ReadNumberShape(std::u32string_view s, const NumberShape& shape,
                     size_t* pos) {
  size_t p = *pos;
  if (s.substr(p, shape.before.size()) != shape.before) return false;
  p += shape.before.size();
  const size_t digits_begin = p;
  while (p < s.size() && IsDigit(s[p])) ++p;
  if (p == digits_begin || p - digits_begin > kMaxPageNumberDigits) {
    return false;
  }
  if (s.substr(p, shape.after.size()) != shape.after) return false;
  *pos = p + shape.after.size();
  return true;
}

bool IsPageNumber(std::string_view line) {
  // A character takes at most four bytes.
  if (line.size() > 4 * kMaxPageNumberChars) return false;
  char32_t buffer[kMaxPageNumberChars];
  size_t length = 0, chars = 0;
  for (size_t i = 0, n = 0; i < line.size(); i += n) {
    if (++chars > kMaxPageNumberChars) return false;
    const uint32_t c = DecodeUtf8At(line, i, &n);
    if (c != ' ') buffer[length++] = c;
  }
  const std::u32string_view s(buffer, length);
  for (const NumberShape& shape : kPageNumberShapes) {
    size_t pos = 0;
    if (!ReadNumberShape(s, shape, &pos)) continue;
    if (pos == s.size()) return true;
    for (const NumberShape& count : kPageCountShapes) {
      size_t end = pos;
      if (ReadNumberShape(s, count, &end) && end == s.size()) return true;
    }
  }
  return false;
}

// Fewer Latin letters than this make no romanized line ("5G" stays text).
constexpr int kMinRomanizedLetters = 2;

// kPinyin or kLatin for a line of Latin letters, digits, spaces and ASCII
// punctuation only; kText for anything holding Chinese or other scripts.
LineKind RomanizedLineKind(std::string_view line) {
  int letters = 0;
  bool toned = false;
  for (size_t i = 0, n = 0; i < line.size(); i += n) {
    const uint32_t c = DecodeUtf8At(line, i, &n);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++letters;
    } else if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) {
      // Latin-1 to Latin Extended-B letters: pinyin's ā á ǎ à ǖ.
      ++letters;
      toned = true;
    } else if (c >= 0x80) {
      return LineKind::kText;
    }
  }
  if (letters < kMinRomanizedLetters) return LineKind::kText;
  return toned ? LineKind::kPinyin : LineKind::kLatin;
}

// A running header is at most this long, and recurs at least this often
// (its first occurrence may be the title itself).
constexpr size_t kMaxRunningHeaderChars = 40;
constexpr int kMinRunningHeaderRepeats = 3;

// A line's text with each number replaced by '#', so that a header
// carrying the page number ("李沧区政府工作报告 3") is one text on every page.
std::u32string RunningHeaderKey(std::string_view line) {
  std::u32string key;
  key.reserve(line.size());
  for (size_t i = 0, n = 0; i < line.size(); i += n) {
    const uint32_t c = DecodeUtf8At(line, i, &n);
    if (!IsDigit(c)) {
      key.push_back(c);
    } else if (key.empty() || key.back() != U'#') {
      key.push_back(U'#');
    }
  }
  return key;
}

// Marks the running headers among `lines`: short text lines recurring
// kMinRunningHeaderRepeats times or more that stand next to a page break,
// with only blank lines, page numbers, other headers and romanized debris
// in between. The first text line stays: on the first page the header
// stands where the title does, and the title names the year and district.
void MarkRunningHeaders(const std::vector<std::string_view>& lines,
                        std::vector<LineKind>* kinds) {
  const auto is_break = [](LineKind k) {
    return k == LineKind::kFormFeed || k == LineKind::kPageNumber;
  };
  if (std::none_of(kinds->begin(), kinds->end(), is_break)) return;
  const auto is_short_text = [&](size_t i) {
    return (*kinds)[i] == LineKind::kText &&
           !HasAtLeastChars(lines[i], kMaxRunningHeaderChars + 1);
  };
  absl::flat_hash_map<std::u32string, int> repeats;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_short_text(i)) ++repeats[RunningHeaderKey(lines[i])];
  }
  const size_t first_text = static_cast<size_t>(
      std::find(kinds->begin(), kinds->end(), LineKind::kText) -
      kinds->begin());
  const auto is_header = [&](size_t i) {
    return i != first_text && is_short_text(i) &&
           repeats.find(RunningHeaderKey(lines[i]))->second >=
               kMinRunningHeaderRepeats;
  };
  // Runs of lines that are no report text, each holding a page break or not.
  for (size_t begin = 0; begin < lines.size();) {
    size_t end = begin;
    bool page_break = false;
    while (end < lines.size() &&
           ((*kinds)[end] != LineKind::kText || is_header(end))) {
      page_break = page_break || is_break((*kinds)[end]);
      ++end;
    }
    if (page_break) {
      for (size_t i = begin; i < end; ++i) {
        if ((*kinds)[i] == LineKind::kText) {
          (*kinds)[i] = LineKind::kRunningHeader;
        }
      }
    }
    begin = end == begin ? end + 1 : end;
  }
}

}  // namespace

std::string RemoveWebDebris(std::string_view utf8,
                            std::vector<Warning>* warnings) {
  WebDebrisStats web;
  std::string text = StripWebDebris(utf8, &web);
  const int web_repairs = web.tags + web.furniture_lines + web.watermarks +
                          web.entities + web.lost_character_runs +
                          web.source_tags;
  if (web_repairs > 0) {
    warnings->push_back(MakeWarning(
        v1::WARNING_KIND_MARKUP_REMOVED,
        absl::StrCat("web page debris removed: ", web.tags, " HTML tags, ",
                     web.furniture_lines, " lines of site furniture, ",
                     web.watermarks, " watermark tokens, ", web.entities,
                     " HTML entities, ", web.lost_character_runs,
                     " runs of \"?\" for lost characters, ", web.source_tags,
                     " source tags"),
        web_repairs));
  }
  return text;
}

namespace {

// The byte length of a character that FoldCharacters copies as it is,
// by its first byte; 0 for the first bytes of the characters its rules may
// change ('\t', '\r', '(', U+00A0, U+2000-U+3FFF, U+F000-U+FFFF) and for
// bytes that start no character. Ideographs and ASCII text are the first.
constexpr std::array<uint8_t, 256> kPlainCharacterLengths = [] {
  std::array<uint8_t, 256> lengths{};
  for (int b = 0; b < 0x80; ++b) lengths[b] = 1;
  lengths['\t'] = lengths['\r'] = lengths['('] = 0;
  for (int b = 0xC3; b <= 0xDF; ++b) lengths[b] = 2;
  for (int b = 0xE0; b <= 0xEE; ++b) lengths[b] = 3;
  lengths[0xE2] = lengths[0xE3] = 0;
  for (int b = 0xF0; b <= 0xF4; ++b) lengths[b] = 4;
  return lengths;
}();

// Whether a rule of FoldCharacters may change `c`: most characters that
// kPlainCharacterLengths stops at are punctuation none changes (。、“”).
bool MayFold(uint32_t c) {
  return c == '\t' || c == '\r' || c == '(' || c == 0xA0 ||
         (c >= 0x200B && c <= 0x200D) || c == 0x3000 ||
         (c >= 0xFEFF && c <= 0xFFEF);
}

}  // namespace

namespace {

// FoldCharacters, and with kCheck FoldUnlessTraditional.
template <bool kCheck>
bool Fold(std::string_view text, const TraditionalCheck& check,
          RepairCounts* counts, std::string* folded) {
  folded->clear();
  folded->reserve(text.size());
  int traditional = 0;
  // text[copied, i) is still to append to `folded`, unchanged.
  size_t copied = 0;
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  // Characters that cannot run past the end are stepped over without a
  // bounds check per byte; the last three bytes take the general path.
  const size_t fast_end = text.size() > 3 ? text.size() - 3 : 0;
  for (size_t i = 0; i < text.size();) {
    while (i < fast_end) {
      const uint8_t plain = kPlainCharacterLengths[bytes[i]];
      if (plain == 0) break;
      if (kCheck && plain == 3 && check.characters->At(bytes + i) &&
          ++traditional == check.enough) {
        return false;
      }
      i += plain;
    }
    if (i >= text.size()) break;
    size_t length = 0;
    const uint32_t original = DecodeUtf8At(text, i, &length);
    if (kCheck && length == 3 && check.characters->At(bytes + i) &&
        ++traditional == check.enough) {
      return false;
    }
    if (!MayFold(original)) {
      i += length;
      continue;
    }
    uint32_t c = original;
    if (c == 0xA0 || c == '\t') c = ' ';
    if (!KeepsFullWidth(c)) c = FoldFullWidth(c);
    const bool dropped = original == 0x200B || original == 0x200C ||
                         original == 0x200D || original == 0xFEFF ||
                         original == '\r';
    // An annotation holds no ideograph, so none of check.characters.
    if (size_t n = PinyinAnnotationAt(text, i); n > 0) {
      // Written so far: `folded` and then text[copied, i).
      const bool after_han =
          i > copied
              ? IsHanIdeograph(CodePointBefore(text, i))
              : !folded->empty() &&
                    IsHanIdeograph(CodePointBefore(*folded, folded->size()));
      if (after_han) {
        ++counts->pinyin_annotations;
        folded->append(text, copied, i - copied);
        copied = i += n;
        continue;
      }
    }
    if (c != original || dropped) {
      folded->append(text, copied, i - copied);
      if (!dropped) AppendUtf8(c, folded);
      copied = i + length;
    }
    i += length;
  }
  folded->append(text, copied, std::string_view::npos);
  return true;
}

}  // namespace

void TraditionalCharacters::Add(uint32_t c) {
  masks_[(0x80u | (c >> 6 & 0x3F)) << 8 | (0x80u | (c & 0x3F))] |=
      static_cast<uint16_t>(1u << (c >> 12));
}

std::string FoldCharacters(std::string_view text, RepairCounts* counts) {
  std::string folded;
  Fold</*kCheck=*/false>(text, TraditionalCheck(), counts, &folded);
  return folded;
}

bool FoldUnlessTraditional(std::string_view text, const TraditionalCheck& check,
                           RepairCounts* counts, std::string* folded) {
  return Fold</*kCheck=*/true>(text, check, counts, folded);
}

std::string RemoveStraySpaces(std::string text, RepairCounts* counts) {
  size_t i = text.find(' ');
  if (i == std::string::npos) return text;
  std::string spaced;
  spaced.reserve(text.size());
  // text[copied, i) is still to append to `spaced`, unchanged.
  size_t copied = 0;
  for (; i != std::string::npos; i = text.find(' ', i)) {
    size_t j = i;
    while (j < text.size() && text[j] == ' ') ++j;
    spaced.append(text, copied, i - copied);
    copied = j;
    bool stray = true;
    if (!spaced.empty() && spaced.back() != '\n' && spaced.back() != '\f' &&
        j < text.size() && text[j] != '\n' && text[j] != '\f') {
      const uint32_t left = CodePointBefore(spaced, spaced.size());
      size_t right_length = 0;
      const uint32_t right = DecodeUtf8At(text, j, &right_length);
      // Between two characters standing alone the text is spaced out, a
      // space after every character, numbers and Latin words included ("活
      // 动 1 0 0 场 次", "文 旅 i p"). Line spaces are ASCII: a byte tells.
      const size_t left_start = PreviousUtf8Start(text, i);
      const size_t after_right = j + right_length;
      const bool spaced_out =
          (left_start == 0 ||
           IsLineSpace(static_cast<unsigned char>(text[left_start - 1]))) &&
          (after_right >= text.size() ||
           IsLineSpace(static_cast<unsigned char>(text[after_right])));
      stray = spaced_out || IsStraySpace(left, right);
    }
    if (stray) {
      counts->spaces_removed += static_cast<int>(j - i);
    } else {
      spaced.push_back(' ');
    }
    i = j;
  }
  spaced.append(text, copied, std::string::npos);
  return spaced;
}

ClassifiedLines ClassifyLines(std::string_view text) {
  ClassifiedLines out;
  std::vector<std::string_view>& lines = out.lines;
  std::vector<LineKind>& kinds = out.kinds;
  // Form feeds are rare: without one, memchr finds the line breaks.
  const bool form_feeds = text.find('\f') != std::string_view::npos;
  for (size_t start = 0;;) {
    size_t end =
        form_feeds ? text.find_first_of("\n\f", start) : text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    kinds.push_back(LineKind::kText);
    if (end == text.size()) break;
    if (text[end] == '\f') {
      lines.push_back(text.substr(end, 0));
      kinds.push_back(LineKind::kFormFeed);
    }
    start = end + 1;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] != LineKind::kText) continue;
    if (lines[i].empty()) {
      kinds[i] = LineKind::kBlank;
    } else if (IsPageNumber(lines[i])) {
      kinds[i] = LineKind::kPageNumber;
    } else {
      kinds[i] = RomanizedLineKind(lines[i]);
    }
  }
  MarkRunningHeaders(lines, &kinds);
  return out;
}

std::string JoinParagraphs(const ClassifiedLines& lines, RepairCounts* counts) {
  size_t most = lines.lines.size();
  for (std::string_view line : lines.lines) most += line.size() + 1;
  std::string result;
  result.reserve(most);
  // Where the last paragraph of `result` begins; npos before the first.
  size_t paragraph = std::string::npos;
  bool previous_open = false;
  // What stands between the previous text line and this one: a blank line
  // ends a paragraph, unless a page break is there too (pdftotext puts
  // blank lines around every page number).
  bool gap_blank = false, gap_page_break = false;
  for (size_t i = 0; i < lines.lines.size(); ++i) {
    const std::string_view line = lines.lines[i];
    switch (lines.kinds[i]) {
      case LineKind::kText:
        break;
      case LineKind::kBlank:
        gap_blank = true;
        continue;
      case LineKind::kFormFeed:
      case LineKind::kPageNumber:
      case LineKind::kRunningHeader:
        gap_page_break = true;
        ++counts->furniture_lines;
        continue;
      case LineKind::kLatin:
        ++counts->furniture_lines;
        continue;
      case LineKind::kPinyin:
        ++counts->pinyin_lines;
        continue;
    }
    if (gap_blank && !gap_page_break) previous_open = false;
    gap_blank = gap_page_break = false;
    if (previous_open && !StartsWithMarker(line)) {
      // Latin words broken across lines keep a space between them; a
      // number broken across lines ("2." / "2万人") is one number again.
      const uint32_t last = CodePointBefore(result, result.size());
      const uint32_t first = CodePointAt(line, 0);
      if (last < 0x80 && first < 0x80 && last != '-' &&
          !SplitsNumber(last, first)) {
        result.push_back(' ');
      }
      result.append(line);
      ++counts->lines_joined;
    } else {
      if (paragraph != std::string::npos) result.push_back('\n');
      paragraph = result.size();
      result.append(line);
    }
    const std::string_view current = std::string_view(result).substr(paragraph);
    previous_open = !IsSentenceEnd(CodePointBefore(current, current.size())) &&
                    HasAtLeastChars(current, kMinBrokenLineChars) &&
                    !StartsWithMarker(current);
  }
  return result;
}

void AddRepairWarnings(const RepairCounts& counts,
                       std::vector<Warning>* warnings) {
  if (counts.spaces_removed > 0 || counts.lines_joined > 0 ||
      counts.furniture_lines > 0) {
    warnings->push_back(MakeWarning(
        v1::WARNING_KIND_PDF_DEBRIS_REPAIRED,
        absl::StrCat("PDF extraction debris repaired: ", counts.spaces_removed,
                     " stray spaces removed, ", counts.lines_joined,
                     " broken lines joined, ", counts.furniture_lines,
                     " lines of page furniture (page breaks, page numbers, "
                     "running headers, Latin headers) removed"),
        counts.spaces_removed + counts.lines_joined + counts.furniture_lines));
  }
  if (counts.pinyin_annotations > 0 || counts.pinyin_lines > 0) {
    warnings->push_back(MakeWarning(
        v1::WARNING_KIND_PINYIN_REMOVED,
        absl::StrCat(counts.pinyin_annotations,
                     " parenthesised pinyin annotations and ",
                     counts.pinyin_lines, " lines of pinyin removed"),
        counts.pinyin_annotations + counts.pinyin_lines));
  }
}

void FlagDoubtfulSpans(std::string_view text, std::vector<Warning>* warnings) {
  // Most texts hold none of the three characters: three memchr-driven
  // searches tell, where the walk below decodes every character.
  if (text.find('?') == std::string_view::npos &&
      FindUtf8(text, "\uFFFD") == std::string_view::npos &&
      FindUtf8(text, "\uFF1F") == std::string_view::npos) {
    return;
  }
  for (size_t i = 0; i < text.size();) {
    // Only '?' and characters led by 0xEF (U+FFFD, U+FF1F) start a span:
    // the others are stepped over as DecodeUtf8At steps, undecoded.
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead != '?' && lead != 0xEF) {
      const size_t length = Utf8SequenceLength(lead);
      i += i + length > text.size() ? 1 : length;
      continue;
    }
    size_t length = 0;
    uint32_t c = DecodeUtf8At(text, i, &length);
    bool replacement = c == 0xFFFD;
    bool lost = c == '?' || c == 0xFF1F;
    if (!replacement && !lost) {
      i += length;
      continue;
    }
    size_t end = i;
    bool all_replacement = true;
    while (end < text.size()) {
      size_t l = 0;
      uint32_t d = DecodeUtf8At(text, end, &l);
      if (d == '?' || d == 0xFF1F || d == '!' || d == 0xFF01) {
        all_replacement = false;
      } else if (d != 0xFFFD) {
        break;
      }
      end += l;
    }
    // A question mark between Chinese characters is no punctuation: a
    // sentence-final one is followed by a line end or a quote.
    size_t ignored = 0;
    uint32_t before =
        i > 0 ? DecodeUtf8At(text, PreviousUtf8Start(text, i), &ignored) : 0;
    uint32_t after =
        end < text.size() ? DecodeUtf8At(text, end, &ignored) : '\n';
    bool inside_text = IsHanIdeograph(before) && IsHanIdeograph(after);
    if (all_replacement || inside_text) {
      // Take in the characters on both sides: they were decoded from the
      // damaged bytes too.
      size_t span_begin = i > 0 ? PreviousUtf8Start(text, i) : 0;
      size_t span_end =
          end < text.size() ? end + Utf8SequenceLength(text[end]) : text.size();
      warnings->push_back(MakeWarning(
          all_replacement ? v1::WARNING_KIND_INVALID_BYTES
                          : v1::WARNING_KIND_MOJIBAKE,
          all_replacement
              ? "invalid bytes were replaced by U+FFFD; the text here may be "
                "wrong"
              : "bytes were lost here in an earlier conversion (mojibake); "
                "the text is kept as it is",
          1, static_cast<int>(span_begin), static_cast<int>(span_end)));
    }
    i = end;
  }
}

}  // namespace normalize_internal

namespace {

using normalize_internal::AddRepairWarnings;
using normalize_internal::ClassifyLines;
using normalize_internal::FlagDoubtfulSpans;
using normalize_internal::FoldCharacters;
using normalize_internal::FoldUnlessTraditional;
using normalize_internal::JoinParagraphs;
using normalize_internal::MakeWarning;
using normalize_internal::RemoveStraySpaces;
using normalize_internal::RemoveWebDebris;
using normalize_internal::RepairCounts;

// Traditional characters common in reports: a few of them mean the text
// needs converting. Create() keeps only those the converter changes,
// so a character both scripts share can never trigger a conversion.
constexpr std::string_view kTraditionalCandidates =
    "們這個來時說為會國發經學對開關實現體進產業務設點區縣鎮員長門問題與後過還將"
    "質環態積極標準傳統權應戰劃層醫療衛價導計畫勞動興農讓濟範圍義務書記廣東臺"
    "灣歷願幫頭腦稅費資訊網絡數據線條護項當選擇協調組織鄉鐵軌";
constexpr int kMinTraditionalChars = 3;

// Phrases ICU's Traditional-Simplified gets wrong: kept as they are
// (their simplified form is the same text).
constexpr std::string_view kConversionExceptions[] = {"乾隆", "瞭望", "巡察",
                                                      "乾坤", "乾元"};

}  // namespace

struct Normalizer::Impl {
  // Converts `*text` to simplified Chinese, but for the phrases of
  // kConversionExceptions.
  std::string ToSimplified(std::string_view text) const;

  std::unique_ptr<TraditionalConverter> converter;
  // The characters of kTraditionalCandidates the converter changes.
  normalize_internal::TraditionalCharacters traditional_only;
};

std::string Normalizer::Impl::ToSimplified(std::string_view text) const {
  // Exception phrases are cut out, the pieces between them converted.
  std::string converted;
  converted.reserve(text.size());
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t next = std::string::npos;
    std::string_view exception;
    for (std::string_view e : kConversionExceptions) {
      size_t at = FindUtf8(text, e, pos);
      if (at < next) {
        next = at;
        exception = e;
      }
    }
    converter->AppendSimplified(
        text.substr(pos,
                    next == std::string::npos ? std::string::npos : next - pos),
        &converted);
    if (next == std::string::npos) break;
    converted += exception;
    pos = next + exception.size();
  }
  return converted;
}

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  auto impl = std::make_unique<Impl>();
  absl::StatusOr<std::unique_ptr<TraditionalConverter>> converter =
      TraditionalConverter::Create();
  if (!converter.ok()) return converter.status();
  impl->converter = *std::move(converter);
  for (size_t i = 0; i < kTraditionalCandidates.size(); i += 3) {
    size_t length = 0;
    const uint32_t c = DecodeUtf8At(kTraditionalCandidates, i, &length);
    if (impl->converter->Changes(c)) impl->traditional_only.Add(c);
  }
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(impl)));
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

NormalizedText Normalizer::Normalize(std::string_view utf8) const {
  NormalizedText out;
  const std::string text = RemoveWebDebris(utf8, &out.warnings);
  // Text holding kMinTraditionalChars traditional-only characters or more
  // is converted to simplified before it is folded; folding counts them.
  RepairCounts counts;
  std::string folded;
  if (!FoldUnlessTraditional(text,
                             {&impl_->traditional_only, kMinTraditionalChars},
                             &counts, &folded)) {
    out.converted_from_traditional = true;
    out.warnings.push_back(MakeWarning(
        v1::WARNING_KIND_TRADITIONAL_CONVERTED,
        "traditional characters were converted to simplified; the original "
        "content is kept",
        1));
    counts = RepairCounts();
    folded = FoldCharacters(impl_->ToSimplified(text), &counts);
  }
  const std::string spaced = RemoveStraySpaces(std::move(folded), &counts);
  out.text = JoinParagraphs(ClassifyLines(spaced), &counts);
  AddRepairWarnings(counts, &out.warnings);
  FlagDoubtfulSpans(out.text, &out.warnings);
  return out;
}

}  // namespace govreport
