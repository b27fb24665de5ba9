#include "common/domain_classifier.h"

#include <array>

#include "absl/container/flat_hash_map.h"

#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

struct Keyword {
  std::string_view word;
  Domain domain;
};

// Words that point at a domain. Longer, more specific words outweigh
// shorter ones (智慧警务 is policing before it is smart-city).
constexpr Keyword kKeywords[] = {
    // economy
    {"地区生产总值", v1::DOMAIN_ECONOMY}, {"GDP", v1::DOMAIN_ECONOMY},
    {"一般公共预算", v1::DOMAIN_ECONOMY}, {"财政收入", v1::DOMAIN_ECONOMY},
    {"税收", v1::DOMAIN_ECONOMY}, {"固定资产投资", v1::DOMAIN_ECONOMY},
    {"社会消费品零售", v1::DOMAIN_ECONOMY}, {"消费", v1::DOMAIN_ECONOMY},
    {"可支配收入", v1::DOMAIN_ECONOMY}, {"经济增长", v1::DOMAIN_ECONOMY},
    {"总部", v1::DOMAIN_ECONOMY}, {"商圈", v1::DOMAIN_ECONOMY},
    {"楼宇经济", v1::DOMAIN_ECONOMY}, {"金融", v1::DOMAIN_ECONOMY},
    // industry
    {"企业", v1::DOMAIN_INDUSTRY}, {"产业", v1::DOMAIN_INDUSTRY},
    {"园区", v1::DOMAIN_INDUSTRY}, {"工业", v1::DOMAIN_INDUSTRY},
    {"制造", v1::DOMAIN_INDUSTRY}, {"科技", v1::DOMAIN_INDUSTRY},
    {"创新", v1::DOMAIN_INDUSTRY}, {"高新技术", v1::DOMAIN_INDUSTRY},
    {"专精特新", v1::DOMAIN_INDUSTRY}, {"研发", v1::DOMAIN_INDUSTRY},
    {"数字经济", v1::DOMAIN_INDUSTRY}, {"孵化", v1::DOMAIN_INDUSTRY},
    {"公共服务示范平台", v1::DOMAIN_INDUSTRY}, {"科技人才", v1::DOMAIN_INDUSTRY},
    // investment and trade
    {"招商", v1::DOMAIN_INVESTMENT_TRADE}, {"引资", v1::DOMAIN_INVESTMENT_TRADE},
    {"外资", v1::DOMAIN_INVESTMENT_TRADE}, {"外贸", v1::DOMAIN_INVESTMENT_TRADE},
    {"进出口", v1::DOMAIN_INVESTMENT_TRADE}, {"出口", v1::DOMAIN_INVESTMENT_TRADE},
    {"重大项目", v1::DOMAIN_INVESTMENT_TRADE},
    {"产业化项目", v1::DOMAIN_INVESTMENT_TRADE},
    {"项目", v1::DOMAIN_INVESTMENT_TRADE},
    {"市场主体", v1::DOMAIN_INVESTMENT_TRADE},
    {"营商环境", v1::DOMAIN_INVESTMENT_TRADE},
    {"对外开放", v1::DOMAIN_INVESTMENT_TRADE},
    // employment
    {"就业", v1::DOMAIN_EMPLOYMENT}, {"创业", v1::DOMAIN_EMPLOYMENT},
    {"职业技能", v1::DOMAIN_EMPLOYMENT}, {"技能培训", v1::DOMAIN_EMPLOYMENT},
    {"就业培训", v1::DOMAIN_EMPLOYMENT}, {"招聘", v1::DOMAIN_EMPLOYMENT},
    {"岗位", v1::DOMAIN_EMPLOYMENT}, {"公益性岗位", v1::DOMAIN_EMPLOYMENT},
    {"失业", v1::DOMAIN_EMPLOYMENT}, {"安置率", v1::DOMAIN_EMPLOYMENT},
    {"困难人员", v1::DOMAIN_EMPLOYMENT}, {"就业创业", v1::DOMAIN_EMPLOYMENT},
    {"创业孵化", v1::DOMAIN_EMPLOYMENT},
    // social security
    {"参保", v1::DOMAIN_SOCIAL_SECURITY}, {"社会保险", v1::DOMAIN_SOCIAL_SECURITY},
    {"养老保险", v1::DOMAIN_SOCIAL_SECURITY}, {"医疗保险", v1::DOMAIN_SOCIAL_SECURITY},
    {"低保", v1::DOMAIN_SOCIAL_SECURITY}, {"救助", v1::DOMAIN_SOCIAL_SECURITY},
    {"残疾", v1::DOMAIN_SOCIAL_SECURITY}, {"退役军人", v1::DOMAIN_SOCIAL_SECURITY},
    {"优抚", v1::DOMAIN_SOCIAL_SECURITY}, {"兜底", v1::DOMAIN_SOCIAL_SECURITY},
    {"社会保障", v1::DOMAIN_SOCIAL_SECURITY}, {"补贴", v1::DOMAIN_SOCIAL_SECURITY},
    {"互办实事", v1::DOMAIN_SOCIAL_SECURITY},
    // education
    {"学校", v1::DOMAIN_EDUCATION}, {"幼儿园", v1::DOMAIN_EDUCATION},
    {"学位", v1::DOMAIN_EDUCATION}, {"教育", v1::DOMAIN_EDUCATION},
    {"教师", v1::DOMAIN_EDUCATION}, {"中小学", v1::DOMAIN_EDUCATION},
    {"初中", v1::DOMAIN_EDUCATION}, {"小学", v1::DOMAIN_EDUCATION},
    {"高中", v1::DOMAIN_EDUCATION}, {"校舍", v1::DOMAIN_EDUCATION},
    {"教室", v1::DOMAIN_EDUCATION}, {"实验校", v1::DOMAIN_EDUCATION},
    {"学前", v1::DOMAIN_EDUCATION}, {"办学", v1::DOMAIN_EDUCATION},
    {"教育人才", v1::DOMAIN_EDUCATION},
    // health
    {"医院", v1::DOMAIN_HEALTH}, {"卫生", v1::DOMAIN_HEALTH},
    {"医疗", v1::DOMAIN_HEALTH}, {"健康", v1::DOMAIN_HEALTH},
    {"中医", v1::DOMAIN_HEALTH}, {"疾控", v1::DOMAIN_HEALTH},
    {"诊所", v1::DOMAIN_HEALTH}, {"医保", v1::DOMAIN_HEALTH},
    {"家庭医生", v1::DOMAIN_HEALTH},
    // elderly care
    {"养老", v1::DOMAIN_ELDERLY_CARE}, {"为老", v1::DOMAIN_ELDERLY_CARE},
    {"老年", v1::DOMAIN_ELDERLY_CARE}, {"敬老", v1::DOMAIN_ELDERLY_CARE},
    {"助餐", v1::DOMAIN_ELDERLY_CARE}, {"幸福食堂", v1::DOMAIN_ELDERLY_CARE},
    {"长者", v1::DOMAIN_ELDERLY_CARE}, {"适老", v1::DOMAIN_ELDERLY_CARE},
    // childcare
    {"托位", v1::DOMAIN_CHILDCARE}, {"托育", v1::DOMAIN_CHILDCARE},
    {"婴幼儿", v1::DOMAIN_CHILDCARE}, {"生育", v1::DOMAIN_CHILDCARE},
    {"照护", v1::DOMAIN_CHILDCARE},
    // housing
    {"安置房", v1::DOMAIN_HOUSING}, {"保障性住房", v1::DOMAIN_HOUSING},
    {"租赁住房", v1::DOMAIN_HOUSING}, {"保障房", v1::DOMAIN_HOUSING},
    {"住房", v1::DOMAIN_HOUSING}, {"棚户区", v1::DOMAIN_HOUSING},
    {"不动产", v1::DOMAIN_HOUSING}, {"回迁", v1::DOMAIN_HOUSING},
    {"人才公寓", v1::DOMAIN_HOUSING},
    // urban development
    {"道路", v1::DOMAIN_URBAN_DEVELOPMENT}, {"公厕", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"公园", v1::DOMAIN_URBAN_DEVELOPMENT}, {"绿道", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"停车", v1::DOMAIN_URBAN_DEVELOPMENT}, {"管网", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"老旧小区", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"城市更新", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"点位", v1::DOMAIN_URBAN_DEVELOPMENT}, {"拆违", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"两拆一增", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"交通", v1::DOMAIN_URBAN_DEVELOPMENT}, {"地铁", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"轨道", v1::DOMAIN_URBAN_DEVELOPMENT}, {"桥", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"绿化", v1::DOMAIN_URBAN_DEVELOPMENT}, {"街巷", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"市政", v1::DOMAIN_URBAN_DEVELOPMENT}, {"充电桩", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"城市管理", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"空洞检测", v1::DOMAIN_URBAN_DEVELOPMENT},
    {"片区", v1::DOMAIN_URBAN_DEVELOPMENT},
    // environment
    {"空气", v1::DOMAIN_ENVIRONMENT}, {"水质", v1::DOMAIN_ENVIRONMENT},
    {"污染", v1::DOMAIN_ENVIRONMENT}, {"绿色建筑", v1::DOMAIN_ENVIRONMENT},
    {"低碳", v1::DOMAIN_ENVIRONMENT}, {"节能", v1::DOMAIN_ENVIRONMENT},
    {"节约型", v1::DOMAIN_ENVIRONMENT}, {"碳", v1::DOMAIN_ENVIRONMENT},
    {"垃圾", v1::DOMAIN_ENVIRONMENT}, {"生态", v1::DOMAIN_ENVIRONMENT},
    {"环境", v1::DOMAIN_ENVIRONMENT}, {"耕地安全利用", v1::DOMAIN_ENVIRONMENT},
    {"河湖", v1::DOMAIN_ENVIRONMENT}, {"污水", v1::DOMAIN_ENVIRONMENT},
    {"PM2.5", v1::DOMAIN_ENVIRONMENT}, {"森林", v1::DOMAIN_ENVIRONMENT},
    {"土壤", v1::DOMAIN_ENVIRONMENT}, {"新能源", v1::DOMAIN_ENVIRONMENT},
    // culture, sports, tourism
    {"文化", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"文艺", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"体育", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"健身", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"赛事", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"旅游", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"文博", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"博物馆", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"图书馆", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"演出", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"课程", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"文旅", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"体育场地", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"体育公园", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"健身路径", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    {"景区", v1::DOMAIN_CULTURE_SPORTS_TOURISM},
    // public safety
    {"安全生产", v1::DOMAIN_PUBLIC_SAFETY}, {"警务", v1::DOMAIN_PUBLIC_SAFETY},
    {"警情", v1::DOMAIN_PUBLIC_SAFETY}, {"消防", v1::DOMAIN_PUBLIC_SAFETY},
    {"应急", v1::DOMAIN_PUBLIC_SAFETY}, {"食品", v1::DOMAIN_PUBLIC_SAFETY},
    {"食用农产品", v1::DOMAIN_PUBLIC_SAFETY}, {"快检", v1::DOMAIN_PUBLIC_SAFETY},
    {"燃气", v1::DOMAIN_PUBLIC_SAFETY}, {"药品", v1::DOMAIN_PUBLIC_SAFETY},
    {"治安", v1::DOMAIN_PUBLIC_SAFETY}, {"防汛", v1::DOMAIN_PUBLIC_SAFETY},
    {"刑事", v1::DOMAIN_PUBLIC_SAFETY}, {"安全", v1::DOMAIN_PUBLIC_SAFETY},
    // digital government
    {"智慧城市", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"智慧社区", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"数字政府", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"政务服务", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"一网通办", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"数据", v1::DOMAIN_DIGITAL_GOVERNMENT}, {"数字", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"智慧", v1::DOMAIN_DIGITAL_GOVERNMENT}, {"5G", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"5g", v1::DOMAIN_DIGITAL_GOVERNMENT}, {"信息化", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"全光", v1::DOMAIN_DIGITAL_GOVERNMENT}, {"时延", v1::DOMAIN_DIGITAL_GOVERNMENT},
    {"应用场景", v1::DOMAIN_DIGITAL_GOVERNMENT},
    // governance
    {"信访", v1::DOMAIN_GOVERNANCE}, {"网格", v1::DOMAIN_GOVERNANCE},
    {"实事", v1::DOMAIN_GOVERNANCE}, {"法治", v1::DOMAIN_GOVERNANCE},
    {"基层治理", v1::DOMAIN_GOVERNANCE}, {"社区治理", v1::DOMAIN_GOVERNANCE},
    {"示范社区", v1::DOMAIN_GOVERNANCE}, {"示范街区", v1::DOMAIN_GOVERNANCE},
    {"小区", v1::DOMAIN_GOVERNANCE}, {"调解", v1::DOMAIN_GOVERNANCE},
    {"普法", v1::DOMAIN_GOVERNANCE}, {"场景", v1::DOMAIN_GOVERNANCE},
    {"志愿", v1::DOMAIN_GOVERNANCE}, {"自治", v1::DOMAIN_GOVERNANCE},
    // rural
    {"农田", v1::DOMAIN_RURAL}, {"农业", v1::DOMAIN_RURAL},
    {"乡村", v1::DOMAIN_RURAL}, {"粮食", v1::DOMAIN_RURAL},
    {"农村", v1::DOMAIN_RURAL}, {"耕地", v1::DOMAIN_RURAL},
    {"村", v1::DOMAIN_RURAL}, {"生态修复区", v1::DOMAIN_RURAL},
    {"整治区", v1::DOMAIN_RURAL}, {"农民", v1::DOMAIN_RURAL},
};

constexpr int kMetricWeight = 6;
constexpr int kClauseWeight = 2;
constexpr int kSectionWeight = 1;

// Keywords by their first character, so that a text is scanned once
// rather than once per keyword.
const absl::flat_hash_map<std::string_view, std::vector<const Keyword*>>&
KeywordsByFirstChar() {
  static const auto* index = [] {
    auto* m =
        new absl::flat_hash_map<std::string_view, std::vector<const Keyword*>>();
    for (const Keyword& k : kKeywords) {
      (*m)[k.word.substr(0, Utf8SequenceLength(k.word[0]))].push_back(&k);
    }
    return m;
  }();
  return *index;
}

// Adds each keyword's weight: its length times `weight`, and, when
// `head_final`, up to twice that for keywords nearer the end, since a
// Chinese noun phrase ends with its head ("校园体育场地开放率" is about
// sports grounds, not schools). A keyword counts once, at its last place.
void Score(std::string_view text, int weight, bool head_final,
           std::array<int, v1::Domain_ARRAYSIZE>* scores) {
  const auto& index = KeywordsByFirstChar();
  absl::flat_hash_map<const Keyword*, size_t> last_end;
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text[i]);
    auto it = index.find(text.substr(i, length));
    if (it != index.end()) {
      for (const Keyword* k : it->second) {
        if (text.substr(i, k->word.size()) == k->word) {
          last_end[k] = i + k->word.size();
        }
      }
    }
    i += length;
  }
  for (const auto& [k, end] : last_end) {
    int points = weight * static_cast<int>(Utf8Length(k->word)) * 4;
    if (head_final && !text.empty()) {
      points += points * static_cast<int>(end) / static_cast<int>(text.size());
    }
    (*scores)[k->domain] += points;
  }
}

}  // namespace

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause,
                      const std::vector<std::string>& section_path) {
  std::array<int, v1::Domain_ARRAYSIZE> scores{};
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores);
  }
  Score(clause, kClauseWeight, /*head_final=*/false, &scores);
  for (const std::string& title : section_path) {
    Score(title, kSectionWeight, /*head_final=*/false, &scores);
  }
  int best = v1::DOMAIN_ECONOMY;
  for (int d = 1; d < v1::Domain_ARRAYSIZE; ++d) {
    if (scores[d] > scores[best]) best = d;
  }
  return static_cast<Domain>(best);
}

}  // namespace govreport
