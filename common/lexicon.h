#ifndef GOVREPORT_COMMON_LEXICON_H_
#define GOVREPORT_COMMON_LEXICON_H_

// The pipeline's word tables (data/lexicon/*.tsv, compiled in by
// lexicon_data.h): the rule code reads its units, verbs, keywords and cues
// here, so that improving a rule is editing a table, not code.
//
// Example:
//   for (std::string_view word : Lexicon("counting_verbs").FirstColumn()) ...

#include <cstddef>
#include <string_view>
#include <vector>

namespace govreport {

// The word tables of data/lexicon/: one concept per file (domain keywords,
// words that open or close a metric phrase, problem statements…), so that
// an analyst improves a rule by editing a table and running the tests.
//
// A table is UTF-8 text of rows of tab-separated fields; lines starting
// with '#' (the header saying what the table is and what its columns mean)
// and blank lines are skipped, and trailing empty fields dropped. A field
// written "\n" (backslash, n) stands for a line break. Fields are views
// into text compiled into the binary, so they live as long as the program.
struct LexiconTable {
  std::vector<std::vector<std::string_view>> rows;

  // The first field of every row: the table as a word list.
  std::vector<std::string_view> FirstColumn() const;

  // The first field of every row whose field `column` is `value` (a table
  // of words with a column saying which list each belongs to).
  std::vector<std::string_view> FirstColumnWhere(size_t column,
                                                 std::string_view value) const;
};

// Parses a table's text (as above). Pure.
LexiconTable ParseLexiconTable(std::string_view text);

// The table data/lexicon/<name>.tsv, parsed once. Names a table the build
// does not hold is a programming error: it aborts with a message.
// Thread-safe.
const LexiconTable& Lexicon(std::string_view name);

// Reports a row of table `name` that its reader cannot use (`want` says
// what the row should hold) and aborts: the tables are compiled in, so a
// bad row is a build's defect, caught by the first test that reads it.
[[noreturn]] void LexiconRowError(std::string_view name,
                                  const std::vector<std::string_view>& row,
                                  std::string_view want);

// The names of every table compiled in, sorted.
std::vector<std::string_view> LexiconNames();

}  // namespace govreport

#endif  // GOVREPORT_COMMON_LEXICON_H_
