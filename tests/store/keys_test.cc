#include "store/keys.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string>

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
  auto entries = IndexEntries(c, ck, c.SerializeAsString());
  // One district entry, one domain entry, one per distinct metric, one
  // value entry per quantity, one counter per metric group (the sentence
  // is empty: no bigrams).
  ASSERT_EQ(entries.size(), 4u + 3u + 2u);
  std::map<std::string, int64_t> counters;
  std::set<int> quantities;
  for (const IndexEntry& e : entries) {
    SCOPED_TRACE(ColumnFamilyName(e.cf));
    if (e.cf == ColumnFamily::kMetricCounts) {
      EXPECT_FALSE(ParseIndexKey(e.cf, e.key).has_value());
      counters[e.key.substr(0, e.key.find('\0'))] = e.count;
      continue;
    }
    EXPECT_EQ(e.count, 0);
    std::optional<IndexKey> parts = ParseIndexKey(e.cf, e.key);
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->year, 2024);
    EXPECT_EQ(parts->district_code, "370213");
    EXPECT_EQ(parts->commitment_key, ck);
    EXPECT_EQ(parts->domain, e.cf == ColumnFamily::kByDomain
                                 ? v1::DOMAIN_EDUCATION
                                 : v1::DOMAIN_UNSPECIFIED);
    const bool names_metric =
        e.cf == ColumnFamily::kByMetric || e.cf == ColumnFamily::kByMetricValue;
    EXPECT_EQ(parts->metric.empty(), !names_metric);
    if (e.cf == ColumnFamily::kByMetricValue) {
      quantities.insert(parts->quantity);
      EXPECT_EQ(c.quantities(parts->quantity).metric(), parts->metric);
    }
  }
  EXPECT_EQ(counters,
            (std::map<std::string, int64_t>{{"学校", 2}, {"幼儿园", 1}}));
  EXPECT_EQ(quantities, (std::set<int>{0, 1, 2}));
}

TEST(KeysTest, ParseIndexKeyRejectsTruncatedKeys) {
  v1::Commitment c = MakeCommitment("370213", 2024, {"学校"});
  for (const IndexEntry& e :
       IndexEntries(c, CommitmentKey("r1", 3), c.SerializeAsString())) {
    if (e.cf == ColumnFamily::kMetricCounts) continue;
    SCOPED_TRACE(ColumnFamilyName(e.cf));
    // Cut before the commitment key starts (for by_metric_value, inside
    // its group prefix), a key lacks a required part.
    const size_t cut =
        e.cf == ColumnFamily::kByMetricValue ? e.key.find('\0') + 1 + 2 : 5;
    EXPECT_FALSE(ParseIndexKey(e.cf, e.key.substr(0, cut)).has_value());
  }
  EXPECT_FALSE(ParseIndexKey(ColumnFamily::kCommitments, "r1").has_value());
  EXPECT_FALSE(ParseIndexKey(ColumnFamily::kByMetric, "no-nul").has_value());
}

TEST(KeysTest, ValueRanksOrderLargerValuesFirst) {
  const double values[] = {1e300,   1e9, 2.5,  1,    1e-300, 0,
                           -1e-300, -1,  -2.5, -1e9, -1e300};
  for (size_t i = 1; i < std::size(values); ++i) {
    EXPECT_LT(ValueRank(values[i - 1]), ValueRank(values[i])) << values[i];
  }
  EXPECT_EQ(ValueRank(-0.0), ValueRank(0.0));
  for (double v : values) {
    double back = 0;
    ASSERT_TRUE(ValueOfRank(ValueRank(v) + "tail", &back));
    EXPECT_EQ(back, v);
  }
  double ignored = 0;
  EXPECT_FALSE(ValueOfRank("short", &ignored));
  EXPECT_EQ(ValueRank(7).size(), 8u);
}

TEST(KeysTest, CountersAndMetricGroupsRoundTrip) {
  for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1} << 40}) {
    int64_t back = 99;
    ASSERT_TRUE(DecodeCounter(EncodeCounter(n), &back));
    EXPECT_EQ(back, n);
  }
  int64_t ignored = 0;
  EXPECT_FALSE(DecodeCounter("1234", &ignored));
  const MetricGroup group{2024, v1::REPORT_LEVEL_CITY, "万元",
                          v1::KIND_ACHIEVEMENT};
  const std::string prefix = MetricGroupPrefix("gdp", group);
  MetricGroup back;
  ASSERT_TRUE(
      ParseMetricGroup(prefix.substr(MetricPrefix("gdp").size()), &back));
  EXPECT_EQ(back.year, 2024);
  EXPECT_EQ(back.level, v1::REPORT_LEVEL_CITY);
  EXPECT_EQ(back.unit, "万元");
  EXPECT_EQ(back.kind, v1::KIND_ACHIEVEMENT);
  EXPECT_FALSE(ParseMetricGroup("\x07", &back));
  EXPECT_FALSE(ParseMetricGroup(std::string("\x07\xe8\x00元", 6), &back));
  MetricValueKeyTail tail;
  const std::string key = ValueRank(5) + "370213" + CommitmentKey("r1", 2) +
                          std::string("\x00\x03", 2);
  ASSERT_TRUE(ParseMetricValueKeyTail(key, &tail));
  EXPECT_EQ(tail.code, "370213");
  EXPECT_EQ(tail.commitment_key, CommitmentKey("r1", 2));
  EXPECT_EQ(tail.quantity, 3);
  EXPECT_FALSE(ParseMetricValueKeyTail("short", &tail));
}

TEST(KeysTest, BigramsSkipPunctuationRepeatsAndAsciiPairs) {
  EXPECT_EQ(TextBigrams("托位托位, ab 5G基站2024"),
            (std::vector<std::string>{"托位", "位托", "G基", "基站", "站2"}));
  EXPECT_TRUE(TextBigrams("托").empty());
  // None across 。
  EXPECT_EQ(TextBigrams("新增托位。新增托位"),
            (std::vector<std::string>{"新增", "增托", "托位"}));
}

TEST(KeysTest, MalformedSequencesHoldingAZeroByteSeparate) {
  // "\xE4" "\0" "A" reads as one malformed three-byte character.
  const std::string text = std::string("新") + '\xE4' + '\0' + 'A' + "增";
  EXPECT_TRUE(TextBigrams(text).empty());
  EXPECT_EQ(TextBigrams(text + "加"), (std::vector<std::string>{"增加"}));
}

// TextBigrams as its contract states it, one character at a time, with
// strings all the way: a text's distinct bigrams in order of first
// appearance.
std::vector<std::string> PlainBigrams(const std::vector<std::string>& chars) {
  static const std::set<std::string> kPunctuation = {
      "。", "，", "、", "；", "：", "！", "？", "“", "”", "‘", "’",
      "（", "）", "《", "》", "【", "】", "—",  "…", "·", "　"};
  auto separates = [](const std::string& c) {
    if (c.size() > 1) return kPunctuation.count(c) > 0;
    const unsigned char b = static_cast<unsigned char>(c[0]);
    return b <= ' ' || (b < 0x80 && !std::isalnum(b));
  };
  std::vector<std::string> bigrams;
  std::set<std::string> seen;
  for (size_t i = 1; i < chars.size(); ++i) {
    const std::string& a = chars[i - 1];
    const std::string& b = chars[i];
    if (separates(a) || separates(b) || (a.size() == 1 && b.size() == 1)) {
      continue;
    }
    if (seen.insert(a + b).second) bigrams.push_back(a + b);
  }
  return bigrams;
}

TEST(KeysTest, BigramsAreWhatThePlainDefinitionGives) {
  // Characters of every length and kind: Chinese, the punctuation (two and
  // three bytes), ASCII letters, digits, spaces and marks, a four-byte
  // character.
  const std::vector<std::string> alphabet = {
      "新", "增", "托", "位", "基", "站", "。", "，", "“", "·", "—",
      "　", "a",  "G",  "5",  " ",  ",",  "-",  "\n", "é", "𠀀"};
  std::mt19937 random(17);
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> chars(random() % 40);
    std::string text;
    for (std::string& c : chars) {
      c = alphabet[random() % alphabet.size()];
      text += c;
    }
    EXPECT_EQ(TextBigrams(text), PlainBigrams(chars)) << text;
  }
}

// The postings of one write group, by key.
std::map<std::string, std::string> BuildGroup(uint64_t group) {
  BigramGroupBuilder builder(group);
  EXPECT_TRUE(builder.empty());
  builder.Add("r1", "370213", 2024, {"新增", "托位"});
  builder.Add("r2", "000000", 2024, {"托位", "学校"});
  builder.Add("no-text", "370213", 2024, {});
  builder.Add("r3", "370202", 2023, {"托位"});
  EXPECT_FALSE(builder.empty());
  std::vector<std::pair<std::string, std::string>> entries =
      std::move(builder).Finish();
  return {entries.begin(), entries.end()};
}

std::string PostingKey(std::string_view bigram, uint64_t group) {
  std::string key = BigramPrefix(bigram);
  for (int shift = 56; shift >= 0; shift -= 8) {
    key.push_back(static_cast<char>((group >> shift) & 0xFF));
  }
  return key;
}

TEST(KeysTest, WriteGroupListsMembersOnceAndOnePostingPerBigram) {
  constexpr uint64_t kGroup = 0x0102030405;
  std::map<std::string, std::string> entries = BuildGroup(kGroup);
  // Members, then 新增 托位 学校.
  ASSERT_EQ(entries.size(), 4u);

  std::vector<BigramGroupMember> members;
  ASSERT_TRUE(
      ParseBigramGroupMembers(entries.at(BigramGroupKey(kGroup)), &members));
  ASSERT_EQ(members.size(), 3u);  // a report without bigrams is not listed
  EXPECT_EQ(members[0].code, "370213");
  EXPECT_EQ(members[0].year, 2024);
  EXPECT_EQ(members[0].report_id, "r1");
  EXPECT_EQ(members[1].code, "000000");
  EXPECT_EQ(members[2].report_id, "r3");
  EXPECT_EQ(members[2].year, 2023);

  std::vector<uint32_t> indexes;
  ASSERT_TRUE(ParsePosting(entries.at(PostingKey("托位", kGroup)), &indexes));
  EXPECT_EQ(indexes, (std::vector<uint32_t>{0, 1, 2}));
  ASSERT_TRUE(ParsePosting(entries.at(PostingKey("学校", kGroup)), &indexes));
  EXPECT_EQ(indexes, (std::vector<uint32_t>{1}));

  for (const auto& [key, value] : entries) {
    EXPECT_EQ(GroupOfBigramKey(key), kGroup);
  }
  // Groups sort in number order within each bigram's postings.
  EXPECT_LT(BigramGroupKey(9), BigramGroupKey(256));
  EXPECT_LT(PostingKey("托位", 9), PostingKey("托位", 256));
}

TEST(KeysTest, PostingsHoldManyMembersAndRejectMalformedValues) {
  BigramGroupBuilder builder(1);
  for (int i = 0; i < 300; ++i) {
    builder.Add("r" + std::to_string(i), "370213", 2024,
                {i % 2 == 0 ? "托位" : "学校"});
  }
  std::map<std::string, std::string> entries;
  for (auto& entry : std::move(builder).Finish()) entries.insert(entry);
  std::vector<uint32_t> indexes;
  ASSERT_TRUE(ParsePosting(entries.at(PostingKey("托位", 1)), &indexes));
  ASSERT_EQ(indexes.size(), 150u);
  EXPECT_EQ(indexes.back(), 298u);
  std::vector<BigramGroupMember> members;
  ASSERT_TRUE(ParseBigramGroupMembers(entries.at(BigramGroupKey(1)), &members));
  EXPECT_EQ(members.size(), 300u);
  EXPECT_EQ(members[299].report_id, "r299");

  EXPECT_FALSE(ParsePosting("\x80", &indexes));  // varint cut short
  EXPECT_FALSE(
      ParsePosting(std::string_view("\x01\x00", 2), &indexes));  // repeated
  EXPECT_FALSE(ParseBigramGroupMembers("37021", &members));
  EXPECT_FALSE(
      ParseBigramGroupMembers(std::string_view("370213\x07\xe8\x05r1", 11),
                              &members));  // id cut short
  EXPECT_EQ(GroupOfBigramKey("r1"), 0u);
  EXPECT_EQ(GroupOfBigramKey(""), 0u);
}

TEST(KeysTest, ReportTallyCountsAsTheIndexesDo) {
  const std::vector<v1::Commitment> made = {
      MakeCommitment("370213", 2024, {"学校", "幼儿园", "学校"}),
      MakeCommitment("370213", 2024, {"学校"}),
      MakeCommitment("370213", 2024, {}),
  };
  google::protobuf::RepeatedPtrField<v1::Commitment> commitments(made.begin(),
                                                                 made.end());
  commitments[2].set_domain(v1::DOMAIN_UNSPECIFIED);
  v1::ReportTally tally;
  ASSERT_TRUE(ParseReportTally(ReportTallyValue(commitments), &tally));
  EXPECT_EQ(tally.commitment_count(), 3);
  EXPECT_EQ(tally.quantified_count(), 2);
  std::map<std::string, int64_t> domains, metrics;
  for (const v1::Count& c : tally.by_domain()) domains[c.name()] = c.count();
  for (const v1::Count& c : tally.by_metric()) metrics[c.name()] = c.count();
  EXPECT_EQ(domains, (std::map<std::string, int64_t>{{"education", 2},
                                                     {"unspecified", 1}}));
  // A metric counts once per commitment, as by_metric holds it once.
  EXPECT_EQ(metrics,
            (std::map<std::string, int64_t>{{"学校", 2}, {"幼儿园", 1}}));

  EXPECT_FALSE(ParseReportTally("\xff", &tally));
}

TEST(KeysTest, UnknownDistrictUsesThePlaceholderCode) {
  v1::Commitment c = MakeCommitment("", 0, {});
  auto entries = IndexEntries(c, CommitmentKey("r1", 0), c.SerializeAsString());
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
  auto entries = IndexEntries(c, CommitmentKey("r1", 0), c.SerializeAsString());
  auto metric = std::find_if(entries.begin(), entries.end(), [](const auto& e) {
    return e.cf == ColumnFamily::kByMetric;
  });
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
  for (const IndexEntry& e :
       IndexEntries(c, CommitmentKey("zz", 7), c.SerializeAsString())) {
    EXPECT_LT(e.key, std::string(kReservedPrefix)) << ColumnFamilyName(e.cf);
  }
  EXPECT_GE(std::string(kMarkerKey), std::string(kReservedPrefix));
}

}  // namespace
}  // namespace govreport::keys
