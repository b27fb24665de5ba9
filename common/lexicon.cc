#include "common/lexicon.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "common/lexicon_data.h"
#include "common/string_view.h"

namespace govreport {
namespace {

// Drops a trailing carriage return, so a table saved with CRLF reads alike.
std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::vector<std::string_view> LexiconTable::FirstColumn() const {
  std::vector<std::string_view> words;
  words.reserve(rows.size());
  for (const auto& row : rows) words.push_back(row.front());
  return words;
}

std::vector<std::string_view> LexiconTable::FirstColumnWhere(
    size_t column, std::string_view value) const {
  std::vector<std::string_view> words;
  for (const auto& row : rows) {
    if (column < row.size() && row[column] == value) words.push_back(row[0]);
  }
  return words;
}

LexiconTable ParseLexiconTable(std::string_view text) {
  LexiconTable table;
  while (!text.empty()) {
    const size_t newline = std::min(text.find('\n'), text.size());
    std::string_view line = StripCr(text.substr(0, newline));
    text.remove_prefix(std::min(newline + 1, text.size()));
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    while (true) {
      const size_t tab = line.find('\t');
      const std::string_view field = line.substr(0, tab);
      fields.push_back(field == "\\n" ? std::string_view("\n") : field);
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    if (!fields.empty()) table.rows.push_back(std::move(fields));
  }
  return table;
}

const LexiconTable& Lexicon(std::string_view name) {
  using Tables = absl::flat_hash_map<std::string, LexiconTable>;
  static const Tables* tables = [] {
    auto* t = new Tables();
    for (const LexiconFile& file : LexiconFiles()) {
      t->emplace(std::string(file.name), ParseLexiconTable(file.text));
    }
    return t;
  }();
  auto it = tables->find(AsAbsl(name));
  if (it == tables->end()) {
    std::fprintf(stderr, "lexicon: no table data/lexicon/%.*s.tsv\n",
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return it->second;
}

void LexiconRowError(std::string_view name,
                     const std::vector<std::string_view>& row,
                     std::string_view want) {
  std::string line;
  for (std::string_view field : row) {
    if (!line.empty()) line += '\t';
    line.append(field);
  }
  std::fprintf(stderr, "lexicon: data/lexicon/%.*s.tsv: row \"%s\": %.*s\n",
               static_cast<int>(name.size()), name.data(), line.c_str(),
               static_cast<int>(want.size()), want.data());
  std::abort();
}

std::vector<std::string_view> LexiconNames() {
  std::vector<std::string_view> names;
  for (const LexiconFile& file : LexiconFiles()) names.push_back(file.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace govreport
