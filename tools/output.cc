#include "tools/output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/domains.h"
#include "common/utf8.h"
#include "google/protobuf/util/json_util.h"

namespace govreport::tools {
namespace {

// Display width: East Asian wide characters take two terminal columns.
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    width += Utf8SequenceLength(text[i]) >= 3 ? 2 : 1;
  }
  return width;
}

// Long cells (sentences) are cut so that a row stays on one screen line.
constexpr size_t kMaxCellWidth = 60;

std::string Truncate(const std::string& text) {
  if (DisplayWidth(text) <= kMaxCellWidth) return text;
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = Utf8SequenceLength(text[i]);
    size_t w = length >= 3 ? 2 : 1;
    if (width + w > kMaxCellWidth - 1) break;
    out.append(text, i, length);
    width += w;
    i += length;
  }
  return out + "…";
}

std::string ComparatorSymbol(v1::Comparator comparator) {
  switch (comparator) {
    case v1::COMPARATOR_AT_LEAST:
      return "≥";
    case v1::COMPARATOR_AT_MOST:
      return "≤";
    case v1::COMPARATOR_APPROX:
      return "≈";
    default:
      return "";
  }
}

}  // namespace

void PrintJsonLine(const google::protobuf::Message& message,
                   std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  // Serializing a valid in-memory message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  out << json << '\n';
}

void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows,
                std::ostream& out) {
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(Truncate(row[i])));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      std::string cell = Truncate(row[i]);
      out << cell;
      if (i + 1 < row.size()) {
        out << std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
      }
    }
    out << '\n';
  };
  print(header);
  for (const auto& row : rows) print(row);
}

std::string FormatQuantity(const v1::Quantity& q) {
  return absl::StrCat(ComparatorSymbol(q.comparator()), q.value(), q.unit(),
                      q.metric().empty() ? "" : absl::StrCat(" ", q.metric()));
}

std::vector<std::string> CommitmentHeader() {
  return {"district", "year", "kind", "domain", "quantities", "text"};
}

std::vector<std::string> CommitmentRow(const v1::Commitment& c) {
  std::vector<std::string> quantities;
  for (const v1::Quantity& q : c.quantities()) {
    quantities.push_back(FormatQuantity(q));
  }
  return {c.district().name().empty() ? "?" : c.district().name(),
          c.year() == 0 ? "?" : absl::StrCat(c.year()),
          c.kind() == v1::KIND_ACHIEVEMENT ? "achievement" : "target",
          DomainId(c.domain()),
          absl::StrJoin(quantities, "; "),
          c.text()};
}

}  // namespace govreport::tools
