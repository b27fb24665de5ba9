#ifndef GOVREPORT_COMMON_SEGMENT_H_
#define GOVREPORT_COMMON_SEGMENT_H_

// The pipeline's third stage: normalized text split into its section tree
// and sentences, each sentence marked as review (achievement) or plan
// (target). decode → normalize → segment → extract.
//
// Example:
//   SegmentedText segmented = Segment(normalized.text);
//   for (const Sentence& s : segmented.sentences) ...

#include <string>
#include <string_view>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {

// One sentence of a report, ending at 。；！？ (or their half-width forms)
// outside quotes, or at the end of its paragraph.
struct Sentence {
  // Byte offsets into the segmented text; end is exclusive and includes the
  // final punctuation.
  int begin = 0;
  int end = 0;
  // Index in SegmentedText::section_paths of the titles of the enclosing
  // sections (SegmentedText::PathOf).
  int section_path_index = 0;
  // KIND_ACHIEVEMENT inside a review part, KIND_TARGET otherwise.
  govreport::v1::Kind kind = govreport::v1::KIND_TARGET;
  // True when this sentence is itself a heading or a paragraph's lead title.
  bool is_heading = false;
  // True inside the report's glossary of terms ("名词解释"), whose entries
  // define words and pledge nothing (data/lexicon/appendix_headings.tsv).
  bool is_note = false;
};

// A report's structure: its section tree and its sentences in text order.
struct SegmentedText {
  // Top-level sections in text order, each with its children.
  std::vector<govreport::v1::Section> sections;
  // Every sentence of the text, headings included, in text order.
  std::vector<Sentence> sentences;
  // The sentences' section paths: titles of the enclosing sections,
  // outermost first, including a paragraph's lead sentence when it names
  // the paragraph's topic. A run of sentences under one path shares one
  // entry (the first, for sentences before any section, is empty).
  std::vector<std::vector<std::string>> section_paths = {{}};

  // The section path of `s`, a sentence of this text.
  const std::vector<std::string>& PathOf(const Sentence& s) const {
    return section_paths[s.section_path_index];
  }
  // The report's title when the text states one, e.g. "2024年政府工作报告".
  std::string title;
};

// Splits normalized report text (one paragraph per line) into a section tree
// and sentences, and marks review parts ("2023年工作回顾", "一年来") apart from
// plan parts ("2024年重点工作"); an excerpt without a review is all plan.
// Pure and thread-safe.
SegmentedText Segment(std::string_view text);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_SEGMENT_H_
