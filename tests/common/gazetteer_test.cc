#include "common/gazetteer.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/counties_data.h"
#include "common/string_view.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

// A name NameMatcher found: where, which, how long.
struct Found {
  size_t pos;
  size_t index;
  size_t length;
  bool operator==(const Found& other) const {
    return pos == other.pos && index == other.index && length == other.length;
  }
};

std::vector<Found> MatcherFinds(const NameMatcher& matcher,
                                std::string_view text) {
  std::vector<Found> found;
  matcher.ForEachMatch(text, [&](size_t pos, const NameMatcher::Match& m) {
    found.push_back({pos, m.index, m.length});
  });
  return found;
}

// NameMatcher's definition, plainly: at each character the longest name
// of two characters or more starting there, then on after it.
std::vector<Found> PlainFinds(const std::vector<std::string>& names,
                              std::string_view text) {
  std::vector<Found> found;
  for (size_t pos = 0; pos < text.size();) {
    std::optional<size_t> longest;
    for (size_t i = 0; i < names.size(); ++i) {
      if (Utf8Length(names[i]) >= 2 &&
          absl::StartsWith(AsAbsl(text.substr(pos)), names[i]) &&
          (!longest || names[i].size() > names[*longest].size())) {
        longest = i;
      }
    }
    if (longest) {
      found.push_back({pos, *longest, names[*longest].size()});
      pos += names[*longest].size();
    } else {
      pos += Utf8SequenceLength(text[pos]);
    }
  }
  return found;
}

TEST(NameMatcherTest, FindsWhatThePlainDefinitionFinds) {
  const std::vector<std::string> names = {
      "渝中",   "渝中区", "密云县", "云县",   "李沧",
      "李沧区", "中山",   "中山市", "A区",    "区",
      "北京",   "北京市", "京市",   "市南区", "\xF0\x9F\x8C\x8F县",
      "é县",    "渝北区"};
  const NameMatcher matcher(names);
  // Pieces of texts: names and their prefixes, other characters of each
  // length, and a lead byte cut off.
  std::vector<std::string> pieces = {
      "区",   "县",      "市", "的", "a", "\n", "é", "\xF0\x9F\x8C\x8F",
      "\xE6", "\xE6\xB8"};
  for (const std::string& name : names) {
    pieces.push_back(name);
    pieces.push_back(name.substr(0, Utf8Advance(name, 0, 1)));
  }
  std::mt19937 random(17);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = std::uniform_int_distribution<int>(0, 12)(random);
    for (int i = 0; i < length; ++i) {
      text += pieces[std::uniform_int_distribution<size_t>(
          0, pieces.size() - 1)(random)];
    }
    ASSERT_EQ(MatcherFinds(matcher, text), PlainFinds(names, text)) << text;
  }
}

// With the gazetteer's thousands of names (so that the filters of
// characters and pairs are dense) over pieces of the sample reports cut at
// any byte, with ASCII, two- and four-byte characters spliced in: the scan
// reads eight bytes at a time and the last few on their own.
TEST(NameMatcherTest, FindsWhatThePlainDefinitionFindsInReports) {
  std::vector<std::string> names;
  for (const v1::District& d : Gazetteer::Default().districts()) {
    names.push_back(d.name());
    names.push_back(ShortPlaceName(d.name()));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const NameMatcher matcher(names);
  const std::string report = ReadSample("licang.txt");
  const std::string splices[] = {"a",    "7",    "é",      "\xF0\x9F\x8C\x8F",
                                 "\xE6", "李沧", "渝中区", ""};
  std::mt19937 random(17);
  for (int round = 0; round < 200; ++round) {
    const size_t begin =
        std::uniform_int_distribution<size_t>(0, report.size() - 1)(random);
    const size_t length = std::uniform_int_distribution<size_t>(0, 120)(random);
    std::string text = report.substr(begin, length);
    const size_t at =
        std::uniform_int_distribution<size_t>(0, text.size())(random);
    text.insert(at, splices[std::uniform_int_distribution<size_t>(
                        0, std::size(splices) - 1)(random)]);
    ASSERT_EQ(MatcherFinds(matcher, text), PlainFinds(names, text)) << text;
  }
  // A whole report, and the names it holds.
  EXPECT_EQ(MatcherFinds(matcher, report), PlainFinds(names, report));
  EXPECT_FALSE(MatcherFinds(matcher, report).empty());
}

TEST(NameMatcherTest, MatchesNothingWithoutNames) {
  EXPECT_TRUE(MatcherFinds(NameMatcher(), "李沧区").empty());
}

TEST(GazetteerTest, CompiledInDataHasEveryDivision) {
  const Gazetteer& g = Gazetteer::Default();
  EXPECT_GT(g.districts().size(), 2900u);
  const v1::District* licang = g.FindByCode("370213");
  ASSERT_NE(licang, nullptr);
  EXPECT_EQ(licang->name(), "李沧区");
  EXPECT_EQ(licang->city(), "青岛市");
  EXPECT_EQ(licang->province(), "山东省");
}

TEST(GazetteerTest, MunicipalityDistrictsHaveTheMunicipalityAsCity) {
  const v1::District* d = Gazetteer::Default().FindByCode("110101");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->city(), "北京市");
}

TEST(GazetteerTest, ShortPlaceNames) {
  EXPECT_EQ(ShortPlaceName("李沧区"), "李沧");
  EXPECT_EQ(ShortPlaceName("青岛市"), "青岛");
  EXPECT_EQ(ShortPlaceName("山东省"), "山东");
  EXPECT_EQ(ShortPlaceName("大厂回族自治县"), "大厂");
  EXPECT_EQ(ShortPlaceName("新疆维吾尔自治区"), "新疆");
  EXPECT_EQ(ShortPlaceName("内蒙古自治区"), "内蒙古");
  EXPECT_EQ(ShortPlaceName("城区"), "城区");
}

TEST(GazetteerTest, ResolvesCodesAndNames) {
  const Gazetteer& g = Gazetteer::Default();
  EXPECT_EQ(g.Resolve("370213")->name(), "李沧区");
  EXPECT_EQ(g.Resolve("李沧区")->code(), "370213");
  EXPECT_EQ(g.Resolve("李沧")->code(), "370213");
}

TEST(GazetteerTest, ResolveExplainsUnknownAndAmbiguousNames) {
  const Gazetteer& g = Gazetteer::Default();
  absl::StatusOr<v1::District> unknown = g.Resolve("不存在区");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<v1::District> bad_code = g.Resolve("999999");
  EXPECT_EQ(bad_code.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<v1::District> ambiguous = g.Resolve("城关区");
  ASSERT_EQ(ambiguous.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ambiguous.status().message()),
              ::testing::HasSubstr("ambiguous"));
}

TEST(GazetteerTest, DetectsTheDistrictOfEverySample) {
  const Gazetteer& g = Gazetteer::Default();
  const std::pair<const char*, const char*> kSamples[] = {
      {"licang.txt", "李沧区"},
      {"shinan.txt", "市南区"},
      {"qingyang.txt", "青羊区"},
      {"jinniu.txt", "金牛区"}};
  for (const auto& [file, district] : kSamples) {
    std::optional<v1::District> detected = g.Detect(ReadSample(file));
    ASSERT_TRUE(detected.has_value()) << file;
    EXPECT_EQ(detected->name(), district) << file;
  }
}

TEST(GazetteerTest, DetectCountsOnlyTheLongestNameAtAPosition) {
  // One full name of another district against three short self-mentions.
  std::optional<v1::District> d = Gazetteer::Default().Detect(
      "健康金牛。平安金牛。优教金牛。深化与重庆渝中区合作。");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->name(), "金牛区");
}

TEST(GazetteerTest, DetectIgnoresNamesThatAreCommonWords) {
  const Gazetteer& g = Gazetteer::Default();
  EXPECT_EQ(g.Detect("中心城区示范县建设"), std::nullopt);
  // 振兴区, 资源县, 和政县, 大关县, 双城区, 新兴区 hide in these.
  EXPECT_EQ(g.Detect("全面推进乡村振兴,优化资源配置,主动接受人大和政协监督。"
                     "工业总产值突破千亿大关,融入成渝地区双城经济圈,"
                     "培育战略性新兴产业。乡村振兴、资源节约。"),
            std::nullopt);
}

TEST(GazetteerTest, OneShortNameMentionAloneIsTooWeak) {
  const Gazetteer& g = Gazetteer::Default();
  EXPECT_EQ(g.Detect("建成数字李沧平台。"), std::nullopt);
  std::optional<v1::District> twice = g.Detect("数字李沧,活力李沧。");
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->name(), "李沧区");
  std::optional<v1::District> with_city = g.Detect("青岛数字李沧建设。");
  ASSERT_TRUE(with_city.has_value());
  EXPECT_EQ(with_city->name(), "李沧区");
  std::optional<v1::District> official = g.Detect("李沧区人民政府。");
  ASSERT_TRUE(official.has_value());
  EXPECT_EQ(official->name(), "李沧区");
}

TEST(GazetteerTest, ACitysReportIsNoReportOfItsCounty) {
  const Gazetteer& g = Gazetteer::Default();
  // 北流市 is a county-level city of 玉林.
  EXPECT_EQ(g.Detect("玉林人民圆了高铁梦。玉林高新区产值突破100亿元，北流产业园"
                     "产值达到167亿元。玉林首个园区。玉林经济技术开发区。"),
            std::nullopt);
  std::optional<v1::District> own =
      g.Detect("北流产业园产值达到167亿元。北流市人民政府。玉林。玉林。玉林。");
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->name(), "北流市");
}

TEST(GazetteerTest, DetectUsesTheCityToSettleNamesakes) {
  const Gazetteer& g = Gazetteer::Default();
  std::optional<v1::District> d = g.Detect("兰州市城关区人民政府工作报告");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->city(), "兰州市");
  EXPECT_EQ(g.Detect("城关区人民政府工作报告"), std::nullopt);
  EXPECT_EQ(g.Detect("没有地名的文字"), std::nullopt);
}

TEST(GazetteerTest, LiteraryCityNamesSettleNamesakes) {
  // 鼓楼区 exists in four cities; 榕城 is 福州.
  const Gazetteer& g = Gazetteer::Default();
  std::vector<const v1::District*> gulou = g.FindByName("鼓楼区");
  ASSERT_GT(gulou.size(), 1u);
  std::optional<v1::District> d = g.Detect("鼓楼区工作报告。建设美丽榕城。");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->city(), "福州市");
}

// Every row of data/renames.tsv names a successor the gazetteer has, and
// the former name finds it.
TEST(GazetteerTest, EveryRenameFindsItsSuccessor) {
  const Gazetteer& g = Gazetteer::Default();
  int rows = 0;
  for (absl::string_view line : absl::StrSplit(RenamesTsv(), '\n')) {
    if (line.empty() || line.front() == '#' ||
        absl::StartsWith(line, "former_name")) {
      continue;
    }
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    SCOPED_TRACE(fields[0]);
    ++rows;
    std::optional<Gazetteer::NamedUnit> unit = g.FindUnit(fields[0]);
    ASSERT_TRUE(unit.has_value());
    EXPECT_TRUE(unit->former_name);
    EXPECT_EQ(unit->district.code(), fields[1]);
    // A text naming the former county finds today's division.
    std::optional<v1::District> d =
        g.Detect(absl::StrCat(fields[0], "人民政府。", fields[0], "经济。"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->code(), fields[1]);
  }
  EXPECT_GE(rows, 20);
  EXPECT_FALSE(Gazetteer::FromCsv(
                   "code,name,city_code,city,province_code,province\n"
                   "130609,徐水区,1306,保定市,13,河北省\n",
                   "former_name\tsuccessor_code\tyear\n徐水县\t999999\t2015\n")
                   .ok());
}

TEST(GazetteerTest, FindUnitReadsEndingsAndLevels) {
  const Gazetteer& g = Gazetteer::Default();
  struct Case {
    const char* name;
    v1::ReportLevel level;
    const char* code;
    const char* city;
    const char* province;
  };
  const Case kCases[] = {
      {"涞源县", v1::REPORT_LEVEL_COUNTY, "130630", "保定市", "河北省"},
      {"保定市满城区", v1::REPORT_LEVEL_COUNTY, "130607", "保定市", "河北省"},
      // Cities and provinces have their own division codes.
      {"包头市", v1::REPORT_LEVEL_CITY, "150200", "包头市", "内蒙古自治区"},
      {"海南省", v1::REPORT_LEVEL_PROVINCE, "460000", "", "海南省"},
      {"河北省", v1::REPORT_LEVEL_PROVINCE, "130000", "", "河北省"},
      {"上海市", v1::REPORT_LEVEL_PROVINCE, "310000", "", "上海市"},
      {"延边朝鲜族自治州", v1::REPORT_LEVEL_CITY, "222400", "延边朝鲜族自治州",
       "吉林省"},
      {"锡林郭勒盟", v1::REPORT_LEVEL_CITY, "152500", "锡林郭勒盟",
       "内蒙古自治区"},
      // Namesakes are settled by the prefix.
      {"深圳市南山区", v1::REPORT_LEVEL_COUNTY, "440305", "深圳市", "广东省"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    std::optional<Gazetteer::NamedUnit> unit = g.FindUnit(c.name);
    ASSERT_TRUE(unit.has_value());
    EXPECT_EQ(unit->level, c.level);
    EXPECT_EQ(unit->district.code(), c.code);
    EXPECT_EQ(unit->district.city(), c.city);
    EXPECT_EQ(unit->district.province(), c.province);
    EXPECT_EQ(Gazetteer::LevelOfCode(c.code), c.level);
    EXPECT_EQ(g.FindAnyByCode(c.code)->province(), c.province);
  }
  EXPECT_EQ(Gazetteer::LevelOfCode("000000"), v1::REPORT_LEVEL_COUNTY);
  EXPECT_FALSE(g.FindAnyByCode("990000").has_value());
  // A city filter's own unit; a province's, with its cities.
  EXPECT_THAT(g.HigherUnitCodes("三亚", ""), ::testing::ElementsAre("460200"));
  EXPECT_THAT(g.HigherUnitCodes("", "海南省"),
              ::testing::IsSupersetOf({"460000", "460100", "460200"}));
  EXPECT_TRUE(g.HigherUnitCodes("", "").empty());
  // Every unit above the counties, of a city's or province's level only,
  // each as FindAnyByCode gives it but for the cities that are also
  // county-level divisions (东莞市, 中山市), which it gives as counties.
  std::set<std::string> higher;
  for (const v1::District& unit : g.HigherUnits()) {
    EXPECT_NE(Gazetteer::LevelOfCode(unit.code()), v1::REPORT_LEVEL_COUNTY)
        << unit.code();
    if (g.FindByCode(unit.code()) == nullptr) {
      EXPECT_EQ(g.FindAnyByCode(unit.code())->SerializeAsString(),
                unit.SerializeAsString());
    }
    higher.insert(unit.code());
  }
  EXPECT_THAT(higher, ::testing::IsSupersetOf({"460000", "460200", "370200",
                                               "222400", "152500", "441900"}));
  // Without a prefix or a context, a shared name is no one's.
  EXPECT_FALSE(g.FindUnit("南山区").has_value());
  EXPECT_EQ(g.FindUnit("南山区", "深圳湾。深圳。")->district.code(), "440305");
  EXPECT_FALSE(g.FindUnit("大鹏新区").has_value());
  EXPECT_FALSE(g.FindUnit("人民").has_value());
}

TEST(GazetteerTest, MatchesCityAndProvinceWithOrWithoutSuffix) {
  v1::District d = *Gazetteer::Default().FindByCode("370213");
  EXPECT_TRUE(Gazetteer::MatchesCity(d, "青岛市"));
  EXPECT_TRUE(Gazetteer::MatchesCity(d, "青岛"));
  EXPECT_FALSE(Gazetteer::MatchesCity(d, "成都"));
  EXPECT_TRUE(Gazetteer::MatchesProvince(d, "山东"));
  EXPECT_FALSE(Gazetteer::MatchesProvince(d, ""));
}

}  // namespace
}  // namespace govreport
