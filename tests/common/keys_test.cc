#include "common/keys.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace govreport::keys {
namespace {

v1::Commitment MakeCommitment(const std::string& code, int year,
                              std::vector<std::string> metrics) {
  v1::Commitment c;
  c.mutable_district()->set_code(code);
  c.set_year(year);
  c.set_domain(v1::DOMAIN_EDUCATION);
  for (const std::string& m : metrics) c.add_quantities()->set_metric(m);
  return c;
}

TEST(KeysTest, CommitmentKeysSortByReportThenOrdinal) {
  EXPECT_LT(CommitmentKey("r1", 2), CommitmentKey("r1", 10));
  EXPECT_LT(CommitmentKey("r1", 255), CommitmentKey("r1", 256));
  // "r1" must not be a prefix match of "r10"'s commitments.
  EXPECT_NE(CommitmentKey("r10", 0).rfind(CommitmentPrefix("r1"), 0), 0u);
}

TEST(KeysTest, CommitmentKeyFromIdParsesOrdinal) {
  std::string key;
  ASSERT_TRUE(CommitmentKeyFromId("r1/17", &key));
  EXPECT_EQ(key, CommitmentKey("r1", 17));
  EXPECT_FALSE(CommitmentKeyFromId("r1", &key));
  EXPECT_FALSE(CommitmentKeyFromId("r1/x", &key));
  EXPECT_FALSE(CommitmentKeyFromId("/3", &key));
}

TEST(KeysTest, IndexEntriesRoundTripTheCommitmentKeyAndYear) {
  v1::Commitment c = MakeCommitment("370213", 2024, {"学校", "幼儿园", "学校"});
  std::string ck = CommitmentKey("r1", 3);
  auto entries = IndexEntries(c, ck);
  // One district entry, one domain entry, one per distinct metric (the
  // sentence is empty: no bigrams).
  ASSERT_EQ(entries.size(), 4u);
  for (const IndexEntry& e : entries) {
    EXPECT_EQ(CommitmentKeyOfIndexKey(e.cf, e.key), ck) << e.cf;
    EXPECT_EQ(YearOfIndexKey(e.cf, e.key), 2024) << e.cf;
  }
}

TEST(KeysTest, BigramsSkipPunctuationRepeatsAndAsciiPairs) {
  EXPECT_EQ(TextBigrams("托位托位, ab 5G基站2024"),
            (std::vector<std::string>{"托位", "位托", "G基", "基站", "站2"}));
  EXPECT_TRUE(TextBigrams("托").empty());
  v1::Report report;
  report.set_id("r1");
  report.set_year(2024);
  report.mutable_district()->set_code("370213");
  report.set_text("新增托位。新增托位");
  std::vector<std::string> keys = ReportBigramKeys(report);
  ASSERT_EQ(keys.size(), 3u);  // 新增 增托 托位: none across 。
  for (const std::string& key : keys) {
    EXPECT_EQ(ReportIdOfBigramKey(key), "r1");
    EXPECT_EQ(DistrictCodeOfBigramKey(key), "370213");
    EXPECT_EQ(YearOfIndexKey(kByBigram, key), 2024);
  }
}

TEST(KeysTest, UnknownDistrictUsesThePlaceholderCode) {
  v1::Commitment c = MakeCommitment("", 0, {});
  auto entries = IndexEntries(c, CommitmentKey("r1", 0));
  EXPECT_EQ(entries[0].key.substr(0, 6), kUnknownDistrictCode);
}

TEST(KeysTest, YearsOrderWithinADistrict) {
  std::string a = DistrictPrefix("370213");
  AppendBigEndian16(2023, &a);
  std::string b = DistrictPrefix("370213");
  AppendBigEndian16(2024, &b);
  EXPECT_LT(a, b);
}

TEST(KeysTest, MetricPrefixIsExact) {
  v1::Commitment c = MakeCommitment("370213", 2024, {"学校建设"});
  auto entries = IndexEntries(c, CommitmentKey("r1", 0));
  auto metric = std::find_if(entries.begin(), entries.end(),
                             [](const auto& e) { return e.cf == kByMetric; });
  ASSERT_NE(metric, entries.end());
  EXPECT_NE(metric->key.rfind(MetricPrefix("学校"), 0), 0u);
  EXPECT_EQ(metric->key.rfind(MetricPrefix("学校建设"), 0), 0u);
  v1::Commitment value;
  ASSERT_TRUE(value.ParseFromString(metric->value));
  EXPECT_EQ(value.domain(), v1::DOMAIN_EDUCATION);
  ASSERT_EQ(value.quantities_size(), 1);
  EXPECT_EQ(value.quantities(0).metric(), "学校建设");
}

TEST(KeysTest, NoDataKeyReachesTheReservedSpace) {
  v1::Commitment c = MakeCommitment("370213", 0xFFFF, {"指标"});
  for (const IndexEntry& e : IndexEntries(c, CommitmentKey("zz", 7))) {
    EXPECT_LT(e.key, std::string(kReservedPrefix)) << e.cf;
  }
  EXPECT_GE(std::string(kMarkerKey), std::string(kReservedPrefix));
}

}  // namespace
}  // namespace govreport::keys
