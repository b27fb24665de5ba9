#ifndef GOVREPORT_TOOLS_OUTPUT_H_
#define GOVREPORT_TOOLS_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "govreport/v1/records.pb.h"

namespace govreport::tools {

// How reportctl prints records.
enum class OutputFormat { kTable, kJsonl };

// Parses "table" or "jsonl"; false for anything else.
bool ParseOutputFormat(const std::string& text, OutputFormat* format);

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

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_OUTPUT_H_
