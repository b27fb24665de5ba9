// How reportctl prints records: one JSON line per record (the protobuf
// JSON mapping, for scripts) or an aligned text table (for people).
//
//   RecordPrinter<v1::Commitment> printer(format, CommitmentHeader(),
//                                         CommitmentRow, std::cout);
//   for (const v1::Commitment& c : page.commitments()) printer.Add(c);
//   printer.Finish();  // the table, when format is kTable

#ifndef GOVREPORT_TOOLS_OUTPUT_H_
#define GOVREPORT_TOOLS_OUTPUT_H_

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/message.h"
#include "govreport/v1/records.pb.h"

namespace govreport::tools {

// How reportctl prints records.
enum class OutputFormat { kTable, kJsonl };

// One message as a single line of the protobuf JSON mapping (proto field
// names, enum names, zero values included), followed by '\n'.
void PrintJsonLine(const google::protobuf::Message& message, std::ostream& out);

// Prints rows as an aligned text table with a header; widths count
// characters, with CJK characters two columns wide.
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows,
                std::ostream& out);

// A commitment's table row: district, year, kind, domain, quantities, text.
std::vector<std::string> CommitmentRow(const govreport::v1::Commitment& c);

// The header matching CommitmentRow.
std::vector<std::string> CommitmentHeader();

// "2.2万人"-style short rendering of one quantity: value, unit, comparator.
std::string FormatQuantity(const govreport::v1::Quantity& q);

// Prints records of one type in one format: with kJsonl each record as a
// JSON line as soon as it is added; with kTable all of them as one table
// (`header`, then `row` of each record) at Finish. Not thread-safe.
template <typename Record>
class RecordPrinter final {
 public:
  using RowFunction = std::function<std::vector<std::string>(const Record&)>;

  // `out` must outlive the printer.
  RecordPrinter(OutputFormat format, std::vector<std::string> header,
                RowFunction row, std::ostream& out)
      : format_(format),
        header_(std::move(header)),
        row_(std::move(row)),
        out_(out) {}

  void Add(const Record& record) {
    ++count_;
    if (format_ == OutputFormat::kJsonl) {
      PrintJsonLine(record, out_);
    } else {
      rows_.push_back(row_(record));
    }
  }

  template <typename Records>
  void AddAll(const Records& records) {
    for (const Record& record : records) Add(record);
  }

  // Prints the table of the records added (kTable; nothing for kJsonl).
  // Call once, after the last Add.
  void Finish() {
    if (format_ == OutputFormat::kTable) PrintTable(header_, rows_, out_);
  }

  OutputFormat format() const { return format_; }

  // Records added so far.
  size_t count() const { return count_; }

 private:
  const OutputFormat format_;
  const std::vector<std::string> header_;
  const RowFunction row_;
  std::ostream& out_;
  std::vector<std::vector<std::string>> rows_;
  size_t count_ = 0;
};

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_OUTPUT_H_
