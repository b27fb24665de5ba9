#include "common/segment.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "common/lexicon.h"
#include "common/quantities.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Kind;
using govreport::v1::Section;

// Sentence ends, full- and half-width.
constexpr std::string_view kSentenceEnds[] = {"。", "；", "！", "？",
                                              ";",  "!",  "?"};
constexpr std::string_view kCommas[] = {"，", ","};
constexpr std::string_view kOpenQuotes[] = {"“", "「", "『", "‘"};
constexpr std::string_view kCloseQuotes[] = {"”", "」", "』", "’"};

// A "sentence" longer than this (a line without punctuation) is cut, at its
// last comma before the limit if it has one: no real sentence is this long,
// and every commitment stores its sentence.
constexpr size_t kMaxSentenceBytes = 3000;

// A lead sentence naming its paragraph's topic is short.
constexpr size_t kMaxLeadTitleChars = 24;
// A line that is all heading is short too.
constexpr size_t kMaxHeadingLineChars = 60;
// An appendix heading ("《政府工作报告》有关名词解释", "附件2") is a short
// line.
constexpr size_t kMaxAppendixHeadingChars = 20;

constexpr std::string_view kChineseDigits[] = {"一", "二", "三", "四", "五",
                                               "六", "七", "八", "九", "十"};

// The punctuation SentenceAt reads, each mark with what it does.
struct SentenceMark {
  enum class Role { kEnd, kComma, kOpenQuote, kCloseQuote };
  std::string_view word;
  Role role;
};

std::vector<SentenceMark> SentenceMarks() {
  std::vector<SentenceMark> marks;
  for (const auto& [table, role] :
       {std::pair(absl::MakeConstSpan(kSentenceEnds), SentenceMark::Role::kEnd),
        std::pair(absl::MakeConstSpan(kCommas), SentenceMark::Role::kComma),
        std::pair(absl::MakeConstSpan(kOpenQuotes),
                  SentenceMark::Role::kOpenQuote),
        std::pair(absl::MakeConstSpan(kCloseQuotes),
                  SentenceMark::Role::kCloseQuote)}) {
    for (std::string_view word : table) marks.push_back({word, role});
  }
  return marks;
}

std::vector<std::string_view> MarksAndPhrases(
    absl::Span<const SentenceMark> marks,
    absl::Span<const std::string_view> phrases) {
  std::vector<std::string_view> words(phrases.begin(), phrases.end());
  for (const SentenceMark& mark : marks) words.push_back(mark.word);
  return words;
}

// The rows of data/lexicon/section_cues.tsv for one side and place.
std::vector<std::string_view> SectionCues(std::string_view side,
                                          std::string_view where) {
  std::vector<std::string_view> words;
  for (const auto& row : Lexicon("section_cues").rows) {
    if (row.size() != 3) {
      LexiconRowError("section_cues", row,
                      "want word, plan|review, heading|sentence|opening");
    }
    if (row[1] == side && row[2] == where) words.push_back(row[0]);
  }
  return words;
}

// The word tables above and those of data/lexicon/, indexed for lookups at
// every character.
struct Tables {
  // Declared before the sets over them, so built first.
  std::vector<std::string_view> plan_word_list = SectionCues("plan", "heading");
  std::vector<std::string_view> review_word_list =
      SectionCues("review", "heading");
  std::vector<std::string_view> plan_phrase_list =
      SectionCues("plan", "sentence");
  std::vector<std::string_view> plan_opener_list =
      SectionCues("plan", "opening");
  std::vector<std::string_view> review_opener_list =
      SectionCues("review", "opening");
  WordSet plan_words{plan_word_list};
  WordSet review_words{review_word_list};
  WordSet plan_phrases{plan_phrase_list};
  WordSet plan_openers{plan_opener_list};
  WordSet review_openers{review_opener_list};
  // The four tables above in one: SentenceAt knows a mark's role after one
  // lookup.
  std::vector<SentenceMark> sentence_mark_list = SentenceMarks();
  WordTable<SentenceMark> sentence_marks{sentence_mark_list};
  // The marks and the plan phrases: SentenceAt finds both in one walk,
  // where a second walk over every sentence for the phrases took as long
  // as the first.
  std::vector<std::string_view> mark_and_phrase_list =
      MarksAndPhrases(sentence_mark_list, plan_phrase_list);
  WordSet marks_and_phrases{mark_and_phrase_list};
  WordSet chinese_digits{kChineseDigits};
  std::vector<std::string_view> notes_heading_list =
      Lexicon("appendix_headings").FirstColumnWhere(1, "notes");
  std::vector<std::string_view> annex_heading_list =
      Lexicon("appendix_headings").FirstColumnWhere(1, "annex");
  WordSet notes_headings{notes_heading_list};
  WordSet annex_headings{annex_heading_list};
};

const Tables& T() {
  static const Tables* tables = new Tables();
  return *tables;
}

bool ContainsAny(std::string_view text, const WordSet& words) {
  return words.Find(text) != std::string_view::npos;
}

// Where the last of `words` in `text` starts, or npos.
size_t LastWordStart(std::string_view text, const WordSet& words) {
  size_t last = std::string_view::npos;
  for (size_t at = words.Find(text); at != std::string_view::npos;
       at = words.Find(text, at + Utf8SequenceLength(text[at]))) {
    last = at;
  }
  return last;
}

// Bytes of a run of Chinese digits at `pos`.
size_t ChineseDigitsAt(std::string_view text, size_t pos) {
  size_t i = pos;
  while (size_t length = T().chinese_digits.LengthAt(text, i)) i += length;
  return i - pos;
}

size_t AsciiDigitsAt(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i - pos;
}

// A sentence of a line (see SentenceAt): [begin, end) of the text, and
// whether a plan phrase stands in it.
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;
  bool has_plan_phrase = false;
};

// The kind from `sentence` on: a sentence that opens a review or a plan
// switches it, others keep `kind`.
Kind KindFromSentence(std::string_view text, const SentenceSpan& sentence,
                      Kind kind) {
  const std::string_view words =
      text.substr(sentence.begin, sentence.end - sentence.begin);
  if (T().review_openers.LongestAt(words, 0) >= 0) {
    return v1::KIND_ACHIEVEMENT;
  }
  if (T().plan_openers.LongestAt(words, 0) >= 0 || sentence.has_plan_phrase) {
    return v1::KIND_TARGET;
  }
  return kind;
}

// An enumeration marker at the start of `line` and its level: "一、" (1),
// "（一）"/"(一)" and "第一，" (2), "1."/"1、" (3), "（1）"/"(1)" (4), "一是"
// (5). 0 for none.
int MarkerAt(std::string_view line, size_t* marker_length) {
  size_t n = ChineseDigitsAt(line, 0);
  if (n > 0 && line.substr(n, 3) == "、") {
    *marker_length = n + 3;
    return 1;
  }
  // "一是" opens an item of the innermost list.
  if (n > 0 && line.substr(n, 3) == "是") {
    *marker_length = n + 3;
    return 5;
  }
  // "第一，" stands where "（一）" would.
  constexpr std::string_view kOrdinal = "第";
  if (line.substr(0, kOrdinal.size()) == kOrdinal) {
    size_t digits = ChineseDigitsAt(line, kOrdinal.size());
    size_t at = kOrdinal.size() + digits;
    for (std::string_view comma :
         {std::string_view("，"), std::string_view(","),
          std::string_view("、")}) {
      if (digits > 0 && line.substr(at, comma.size()) == comma) {
        *marker_length = at + comma.size();
        return 2;
      }
    }
  }
  for (std::string_view open :
       {std::string_view("（"), std::string_view("(")}) {
    if (line.substr(0, open.size()) != open) continue;
    size_t start = open.size();
    size_t chinese = ChineseDigitsAt(line, start);
    size_t ascii = chinese == 0 ? AsciiDigitsAt(line, start) : 0;
    size_t end = start + chinese + ascii;
    if (chinese + ascii == 0) continue;
    for (std::string_view close :
         {std::string_view("）"), std::string_view(")")}) {
      if (line.substr(end, close.size()) == close) {
        *marker_length = end + close.size();
        return chinese > 0 ? 2 : 4;
      }
    }
  }
  n = AsciiDigitsAt(line, 0);
  if (n > 0 && n <= 2) {
    for (std::string_view dot : {std::string_view("、"), std::string_view("．"),
                                 std::string_view(".")}) {
      if (line.substr(n, dot.size()) == dot &&
          // "2.2万人" is a number, not a marker.
          !(dot == "." && AsciiDigitsAt(line, n + 1) > 0)) {
        *marker_length = n + dot.size();
        return 3;
      }
    }
  }
  return 0;
}

// The sentence starting at `pos` within [pos, end): it ends just after its
// final punctuation outside quotes, or at `end`, or at a cut of an overlong
// one.
SentenceSpan SentenceAt(std::string_view text, size_t pos, size_t end) {
  const Tables& t = T();
  const size_t limit = std::min(end, pos + kMaxSentenceBytes);
  int quote_depth = 0;
  size_t i = pos;
  size_t last_comma = 0;
  // The first character where a plan phrase starts, and the phrase's end
  // (which may lie past the sentence's).
  size_t phrase_begin = std::string_view::npos;
  size_t phrase_end = 0;
  // The walk over characters is that of ContainsAny over the sentence:
  // a plan phrase inside it starts at one of them.
  auto span_to = [&](size_t sentence_end) {
    SentenceSpan span{pos, sentence_end, false};
    if (phrase_begin < sentence_end) {
      // A phrase running past the sentence's end (cut short at
      // kMaxSentenceBytes) may hide a shorter one: search the sentence.
      span.has_plan_phrase =
          phrase_end <= sentence_end ||
          ContainsAny(text.substr(pos, sentence_end - pos), t.plan_phrases);
    }
    return span;
  };
  while (i < limit) {
    // The characters between marks and phrases change nothing.
    i = t.marks_and_phrases.SkipToPossibleStart(text, i, limit);
    if (i >= limit) break;
    if (phrase_begin == std::string_view::npos) {
      if (const size_t n = t.plan_phrases.LengthAt(text, i)) {
        phrase_begin = i;
        phrase_end = i + n;
      }
    }
    const SentenceMark* mark = t.sentence_marks.LongestAt(text, i);
    if (mark == nullptr) {
      i += Utf8SequenceLength(text[i]);
      continue;
    }
    switch (mark->role) {
      case SentenceMark::Role::kComma:
        last_comma = i + mark->word.size();
        break;
      case SentenceMark::Role::kOpenQuote:
        ++quote_depth;
        break;
      case SentenceMark::Role::kCloseQuote:
        quote_depth = std::max(0, quote_depth - 1);
        break;
      case SentenceMark::Role::kEnd:
        if (quote_depth == 0) return span_to(i + mark->word.size());
        break;
    }
    // Every mark is one character.
    i += mark->word.size();
  }
  // `i` is the first character from the limit on: an overlong sentence is
  // cut there, unless that is its end.
  if (i >= end) return span_to(end);
  return span_to(last_comma > pos ? last_comma : i);
}

// Drops the final sentence punctuation of a heading or lead title.
std::string_view TrimTitle(std::string_view title) {
  size_t length = 0;
  for (std::string_view end : kSentenceEnds) {
    if (title.size() >= end.size() &&
        title.substr(title.size() - end.size()) == end) {
      length = end.size();
    }
  }
  title.remove_suffix(length);
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) {
    title.remove_suffix(1);
  }
  return title;
}

// The text before the first comma or colon, or all of it.
std::string_view FirstClause(std::string_view text) {
  size_t end = text.size();
  for (std::string_view stop : {"，", ",", "：", ":"}) {
    end = std::min(end, text.find(stop));
  }
  return text.substr(0, end);
}

// The open sections, outermost first, while the text is walked.
class SectionStack {
 public:
  explicit SectionStack(std::vector<Section>* roots) : roots_(roots) {}

  void Open(int level, std::string_view marker, std::string_view title,
            Kind kind, int begin) {
    CloseDeeperThan(level - 1, begin);
    Section section;
    section.set_level(level);
    section.set_marker(std::string(marker));
    section.set_title(std::string(title));
    section.set_kind(kind);
    section.set_begin(begin);
    open_.push_back(std::move(section));
  }

  // Closes every open section of `level` or deeper at `end`.
  void CloseDeeperThan(int level, int end) {
    while (!open_.empty() && open_.back().level() > level) {
      Section done = std::move(open_.back());
      open_.pop_back();
      done.set_end(end);
      if (open_.empty()) {
        roots_->push_back(std::move(done));
      } else {
        *open_.back().add_children() = std::move(done);
      }
    }
  }

  std::vector<std::string> Path() const {
    std::vector<std::string> path;
    for (const Section& s : open_) path.push_back(s.title());
    return path;
  }

 private:
  std::vector<Section>* roots_;
  std::vector<Section> open_;
};

// The index in `paths` of `path`: the last entry when it is the same (the
// sentences of a paragraph, and the paragraphs of a section, share it),
// else a new one.
int PathIndex(std::vector<std::string> path,
              std::vector<std::vector<std::string>>* paths) {
  if (paths->back() != path) paths->push_back(std::move(path));
  return static_cast<int>(paths->size()) - 1;
}

}  // namespace

SegmentedText Segment(std::string_view text) {
  SegmentedText out;
  SectionStack sections(&out.sections);
  Kind kind = v1::KIND_TARGET;
  // Whether the lines read are the glossary's (Sentence::is_note).
  bool in_notes = false;

  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    // Leading indentation (spaces, U+3000) is not part of the paragraph.
    size_t pos = line_start;
    while (pos < line_end) {
      if (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r') {
        ++pos;
      } else if (text.substr(pos, 3) == "\u3000") {
        pos += 3;
      } else {
        break;
      }
    }
    size_t end = line_end;
    while (end > pos && (text[end - 1] == ' ' || text[end - 1] == '\r')) --end;
    std::string_view line = text.substr(pos, end - pos);
    if (line.empty()) {
      line_start = line_end + 1;
      continue;
    }
    if (line.size() <= 4 * kMaxAppendixHeadingChars &&
        Utf8Length(line) <= kMaxAppendixHeadingChars &&
        FindUtf8(line, "。") == std::string_view::npos) {
      if (ContainsAny(line, T().notes_headings)) {
        in_notes = true;
      } else if (ContainsAny(line, T().annex_headings)) {
        in_notes = false;
      }
    }
    if (out.title.empty() &&
        FindUtf8(line, "政府工作报告") != std::string_view::npos &&
        Utf8Length(line) <= kMaxHeadingLineChars) {
      out.title = std::string(TrimTitle(line));
    }

    size_t marker_length = 0;
    int level = MarkerAt(line, &marker_length);
    const SentenceSpan first_sentence = SentenceAt(text, pos, end);
    const size_t first_end = first_sentence.end;
    std::string_view first = text.substr(pos, first_end - pos);
    // Review and plan words in a heading or a short standalone line switch
    // the kind of everything after them.
    // A standalone line is heading-like unless it ends as a sentence does
    // ("一年来，我们圆满完成了全年目标任务。" reviews, whatever it names).
    const bool heading_like =
        level > 0 ||
        (first_end == end && TrimTitle(first).size() == first.size() &&
         Utf8Length(first) <= kMaxHeadingLineChars);
    if (heading_like) {
      const size_t plan_at = LastWordStart(first, T().plan_words);
      const size_t review_at = LastWordStart(first, T().review_words);
      if (plan_at != std::string_view::npos &&
          (review_at == std::string_view::npos || plan_at > review_at)) {
        kind = v1::KIND_TARGET;
      } else if (review_at != std::string_view::npos) {
        kind = v1::KIND_ACHIEVEMENT;
      }
    } else {
      kind = KindFromSentence(text, first_sentence, kind);
    }

    size_t body = pos;
    // The line's first sentence is a heading, not content: no commitment
    // comes of it, and the body starts after it.
    auto add_first_as_heading = [&] {
      Sentence s;
      s.begin = static_cast<int>(pos);
      s.end = static_cast<int>(first_end);
      s.kind = kind;
      s.is_heading = true;
      s.is_note = in_notes;
      s.section_path_index = PathIndex(sections.Path(), &out.section_paths);
      out.sentences.push_back(std::move(s));
      body = first_end;
    };
    std::vector<std::string> lead_path;
    const std::string_view after_marker =
        text.substr(pos + marker_length, first_end - pos - marker_length);
    if (level > 0 &&
        (!FindQuantities(after_marker, 0).empty() ||
         (first_end < end && Utf8Length(after_marker) > kMaxLeadTitleChars))) {
      // A numbered item that states figures ("1.新增城镇就业1万人。") or
      // opens with a long sentence ("一是加快建设…，推动…；") is content, not
      // a heading: its section is titled by its first clause.
      sections.Open(level, line.substr(0, marker_length),
                    TrimTitle(FirstClause(after_marker)), kind,
                    static_cast<int>(pos));
      body = pos + marker_length;
    } else if (level > 0) {
      sections.Open(level, line.substr(0, marker_length),
                    TrimTitle(after_marker), kind, static_cast<int>(pos));
      add_first_as_heading();
    } else if (heading_like && FindQuantities(first, 0).empty()) {
      // An unnumbered line too short for a sentence and not ending as one,
      // stating no figure: the report's title, the speech's byline, a
      // heading's second line or a web page's menu entry, never a pledge.
      add_first_as_heading();
    } else if (first_end < end && Utf8Length(first) <= kMaxLeadTitleChars &&
               first.size() >= 3 && first.substr(first.size() - 3) == "。" &&
               FindQuantities(first, 0).empty()) {
      // A short first sentence followed by more, stating no figure: the
      // paragraph's title.
      lead_path.push_back(std::string(TrimTitle(first)));
      add_first_as_heading();
    }

    std::vector<std::string> path = sections.Path();
    path.insert(path.end(), lead_path.begin(), lead_path.end());
    const int path_index = PathIndex(std::move(path), &out.section_paths);
    while (body < end) {
      while (body < end && text[body] == ' ') ++body;
      if (body >= end) break;
      // The line's first sentence was read above; its kind too, unless the
      // line was taken for a heading.
      const bool is_first = body == pos;
      const SentenceSpan sentence =
          is_first ? first_sentence : SentenceAt(text, body, end);
      const size_t sentence_end = sentence.end;
      if (!is_first || heading_like) {
        kind = KindFromSentence(text, sentence, kind);
      }
      Sentence s;
      s.begin = static_cast<int>(body);
      s.end = static_cast<int>(sentence_end);
      s.kind = kind;
      s.section_path_index = path_index;
      s.is_note = in_notes;
      out.sentences.push_back(std::move(s));
      body = sentence_end;
    }
    line_start = line_end + 1;
  }
  sections.CloseDeeperThan(0, static_cast<int>(text.size()));
  return out;
}

}  // namespace govreport
