#include "tools/output.h"

#include <algorithm>
#include <sstream>

#include "gtest/gtest.h"

namespace govreport::tools {
namespace {

v1::Commitment MakeCommitment(const std::string& district, int year,
                              const std::string& text) {
  v1::Commitment c;
  c.mutable_district()->set_name(district);
  c.set_year(year);
  c.set_kind(v1::KIND_TARGET);
  c.set_text(text);
  return c;
}

// A table aligns columns by display width (CJK characters two columns).
TEST(RecordPrinterTest, TableAtFinish) {
  std::ostringstream out;
  RecordPrinter<v1::Commitment> printer(
      OutputFormat::kTable, {"district", "year"},
      [](const v1::Commitment& c) {
        return std::vector<std::string>{c.district().name(),
                                        std::to_string(c.year())};
      },
      out);
  printer.Add(MakeCommitment("李沧区", 2024, "a"));
  printer.Add(MakeCommitment("Shinan", 2023, "b"));
  EXPECT_EQ(out.str(), "") << "nothing before Finish";
  EXPECT_EQ(printer.count(), 2u);
  printer.Finish();
  EXPECT_EQ(out.str(),
            "district  year\n"
            "李沧区    2024\n"
            "Shinan    2023\n");
}

// JSON lines come as records are added; the row function is not used.
TEST(RecordPrinterTest, JsonLinesAsAdded) {
  std::ostringstream out;
  RecordPrinter<v1::Commitment> printer(
      OutputFormat::kJsonl, CommitmentHeader(),
      [](const v1::Commitment&) -> std::vector<std::string> {
        ADD_FAILURE() << "row asked for in jsonl";
        return {};
      },
      out);
  printer.AddAll(
      std::vector<v1::Commitment>{MakeCommitment("李沧区", 2024, "托位")});
  EXPECT_NE(out.str().find("\"text\":\"托位\""), std::string::npos)
      << out.str();
  printer.Finish();
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(CommitmentRowTest, UnknownDistrictAndYearShowAsQuestionMarks) {
  EXPECT_EQ(CommitmentRow(MakeCommitment("", 0, "x")),
            (std::vector<std::string>{"?", "?", "target", "", "", "x"}));
}

}  // namespace
}  // namespace govreport::tools
