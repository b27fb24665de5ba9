#include "common/metrics.h"

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(MetricsTest, CatalogueIsLargeSortedAndWellFormed) {
  const std::vector<MetricInfo>& all = AllMetrics();
  EXPECT_GE(all.size(), 150u);
  std::set<std::pair<std::string_view, std::string_view>> phrase_units;
  std::set<std::string_view> phrases;
  for (size_t i = 0; i < all.size(); ++i) {
    const MetricInfo& m = all[i];
    SCOPED_TRACE(std::string(m.id));
    EXPECT_FALSE(m.id.empty());
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.unit.empty());
    EXPECT_NE(m.domain, v1::DOMAIN_UNSPECIFIED);
    EXPECT_FALSE(m.phrases.empty());
    if (i > 0) {
      EXPECT_LT(all[i - 1].id, m.id);
    }
    for (std::string_view p : m.phrases) {
      // A phrase names one metric per unit, or lookups would depend on
      // order; the metrics a phrase names share their domain.
      EXPECT_TRUE(phrase_units.insert({p, m.unit}).second) << p;
      if (!phrases.insert(p).second) {
        EXPECT_EQ(FindMetricIn(p)->domain, m.domain) << p;
      }
    }
  }
}

// Every row of data/lexicon/metrics.tsv: each of its phrases, alone or at
// the end of a longer phrase, names it in its unit.
TEST(MetricsTest, EveryPhraseOfTheTableNamesItsMetricInItsUnit) {
  for (const MetricInfo& m : AllMetrics()) {
    for (std::string_view p : m.phrases) {
      EXPECT_EQ(FindMetricIn(p, m.unit), &m) << p;
      EXPECT_EQ(FindMetricIn("全年" + std::string(p), m.unit), &m) << p;
      EXPECT_EQ(FindMetricIn(p)->domain, m.domain) << p;
    }
  }
}

TEST(MetricsTest, LookupsByIdAndPhrase) {
  const MetricInfo* jobs = FindMetricById("urban_new_jobs");
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->domain, v1::DOMAIN_EMPLOYMENT);
  EXPECT_EQ(FindMetricByPhrase("城镇新增就业"), jobs);
  EXPECT_EQ(FindMetricByPhrase("新增城镇就业"), jobs);
  EXPECT_EQ(FindMetricByPhrase("托位")->id, "childcare_places");
  EXPECT_EQ(FindMetricByPhrase("空气优良率")->domain, v1::DOMAIN_ENVIRONMENT);
  EXPECT_EQ(FindMetricById("no_such_metric"), nullptr);
  EXPECT_EQ(FindMetricByPhrase("不存在的指标"), nullptr);
}

TEST(MetricsTest, FindsThePhraseThatEndsLastInsideAText) {
  EXPECT_EQ(FindMetricIn("全年新增城镇就业人数")->id, "urban_new_jobs");
  // Ending together, 中小学学位 (school places) is longer than 学位.
  EXPECT_EQ(FindMetricIn("新增中小学学位")->id, "school_places");
  // The head comes last: places, not kindergartens or school places.
  EXPECT_EQ(FindMetricIn("公办幼儿园托班托额")->id, "childcare_places");
  EXPECT_EQ(FindMetricIn("学位和托位")->id, "childcare_places");
  EXPECT_EQ(FindMetricIn("不存在的指标"), nullptr);
  EXPECT_EQ(FindMetricIn(""), nullptr);
  // A share names neither its base nor, in a unit, its part: the services'
  // share of GDP is no GDP growth and no growth of the services. A phrase
  // of the share itself names it; 占地 and 占比 are words of their own.
  EXPECT_EQ(FindMetricIn("服务业增加值占地区生产总值比重")->id,
            "service_industry_value");
  EXPECT_EQ(FindMetricIn("服务业增加值占地区生产总值比重", "%"), nullptr);
  EXPECT_EQ(FindMetricIn("占GDP比重", "%"), nullptr);
  EXPECT_EQ(FindMetricIn("全社会研发投入占GDP比重", "%")->id, "rd_intensity");
  EXPECT_EQ(FindMetricIn("全社会研发投入占比", "%")->id, "rd_intensity");
  EXPECT_EQ(FindMetricIn("民营经济增加值占地区生产总值的比重", "%"), nullptr);
}

// FindMetricIn against its definition, by brute force over every phrase
// of the catalogue: the phrase ending last, then the longest (two phrases
// ending together and as long are one phrase), and the first metric in id
// order that names it (in `unit` when one is given). In a share, no
// phrase wholly after its 占 counts, and in a unit none wholly before it.
// Random texts of catalogue phrases, their parts and other characters, so
// that phrases overlap, nest and end together.
TEST(MetricsTest, FindsWhatASearchOfEveryPhraseFinds) {
  const std::vector<MetricInfo>& all = AllMetrics();
  std::vector<std::string_view> phrases;
  for (const MetricInfo& m : all) {
    phrases.insert(phrases.end(), m.phrases.begin(), m.phrases.end());
  }
  auto brute_force = [&](std::string_view text,
                         std::optional<std::string_view> unit) {
    // The first 占 that is not of 占比, or of 占地 ending the text or
    // before 面积.
    size_t share = std::string_view::npos;
    for (size_t at = text.find("占"); at != std::string_view::npos;
         at = text.find("占", at + 1)) {
      const std::string_view after = text.substr(at + 3);
      const bool floor_space = after == "地" || after.substr(0, 9) == "地面积";
      if (!floor_space && after.substr(0, 3) != "比") {
        share = at;
        break;
      }
    }
    const MetricInfo* best = nullptr;
    std::string_view best_phrase;
    size_t best_end = 0;
    for (const MetricInfo& m : all) {
      for (std::string_view p : m.phrases) {
        // The last place of p not wholly after the share's 占 ends last.
        size_t at = text.rfind(p);
        while (at != std::string_view::npos &&
               share != std::string_view::npos && at > share) {
          at = at == 0 ? std::string_view::npos : text.rfind(p, at - 1);
        }
        if (at == std::string_view::npos) continue;
        const size_t end = at + p.size();
        if (best == nullptr || end > best_end ||
            (end == best_end && p.size() > best_phrase.size())) {
          best = &m;
          best_phrase = p;
          best_end = end;
        }
      }
    }
    if (best == nullptr || !unit.has_value()) return best;
    if (share != std::string_view::npos && best_end <= share) {
      return static_cast<const MetricInfo*>(nullptr);
    }
    for (const MetricInfo& m : all) {
      if (m.unit == *unit && std::find(m.phrases.begin(), m.phrases.end(),
                                       best_phrase) != m.phrases.end()) {
        return &m;
      }
    }
    return static_cast<const MetricInfo*>(nullptr);
  };
  const std::vector<std::string_view> fillers = {
      "全年", "新增", "的", "和",   "、",   "率",
      "GDP",  "5",    "占", "占地", "占比", "面积"};
  std::mt19937 random(41);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int pieces = 1 + static_cast<int>(random() % 4);
    for (int k = 0; k < pieces; ++k) {
      const std::string_view phrase = phrases[random() % phrases.size()];
      switch (random() % 3) {
        case 0:
          text += phrase;
          break;
        case 1:  // its first character cut off: a phrase inside it may end it
          text += phrase.substr(
              std::min(Utf8SequenceLength(phrase[0]), phrase.size()));
          break;
        default:
          text += fillers[random() % fillers.size()];
          break;
      }
    }
    ASSERT_EQ(FindMetricIn(text), brute_force(text, std::nullopt)) << text;
    const std::string_view unit = all[random() % all.size()].unit;
    ASSERT_EQ(FindMetricIn(text, unit), brute_force(text, unit))
        << text << " in " << unit;
  }
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// Issue 14: the phrasings districts use name one indicator, so that
// comparisons across districts find them all.
TEST(MetricsTest, SynonymsAcrossReportsNameOneIndicator) {
  for (const char* phrase :
       {"新增就业", "城镇新增就业", "新增城镇就业人数", "全年新增就业人数"}) {
    const MetricInfo* m = FindMetricIn(phrase);
    ASSERT_NE(m, nullptr) << phrase;
    EXPECT_EQ(m->id, "urban_new_jobs") << phrase;
  }
  for (const char* phrase :
       {"地区生产总值", "全区生产总值", "本区生产总值", "全县生产总值", "GDP"}) {
    const MetricInfo* m = FindMetricIn(phrase);
    ASSERT_NE(m, nullptr) << phrase;
    EXPECT_EQ(m->id, "gdp_growth") << phrase;
  }
  // Energy per unit of GDP is its own indicator: its head ends last.
  EXPECT_EQ(FindMetricIn("单位GDP能耗")->id, "energy_intensity");
}

}  // namespace
}  // namespace govreport
