#include "common/domain_classifier.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

// Words that point at a domain, space-separated, by domain. Longer, more
// specific words outweigh shorter ones (智慧警务 is policing before it is
// smart-city); a word ambiguous across domains (照护, 实事, 场景) is listed
// only in the longer forms that settle it (婴幼儿照护, 民生实事, 应用场景).
struct DomainWords {
  Domain domain;
  std::string_view words;
};

// clang-format off
constexpr DomainWords kDomainWords[] = {
    {v1::DOMAIN_ECONOMY,
     "地区生产总值 生产总值 GDP 经济总量 经济增长 经济增速 一般公共预算 "
     "公共预算收入 财政收入 财政 税收 固定资产投资 社会消费品零售 消费 零售 "
     "可支配收入 居民收入 人均收入 总部 楼宇 商圈 商业 商贸 金融 服务业 "
     "民生支出 消费价格 物价 首店 夜间经济 债务 存贷款 批发 住宿餐饮 "
     "现代服务业"},
    {v1::DOMAIN_INDUSTRY,
     "企业 产业 园区 工业 制造 科技 创新 高新技术 专精特新 小巨人 研发 "
     "数字经济 孵化 独角兽 瞪羚 规上 规模以上 产值 营业收入 技术合同 专利 "
     "知识产权 科研 实验室 研究院 新兴产业 生物医药 集成电路 智能制造 软件 "
     "建筑业 上市 公共服务示范平台 科技人才 人才 链主 产业链 中小企业 "
     "工业互联网 技术改造 技改"},
    {v1::DOMAIN_INVESTMENT_TRADE,
     "招商 引资 外资 外贸 进出口 出口 进口 跨境电商 自贸 对外开放 开放型经济 "
     "重大项目 产业化项目 签约 项目 到位资金 市场主体 经营主体 营商环境 "
     "世界500强 500强 外资企业 服务贸易"},
    {v1::DOMAIN_EMPLOYMENT,
     "就业 创业 职业技能 技能培训 就业培训 招聘 岗位 公益性岗位 失业 安置率 "
     "困难人员 就业创业 创业孵化 零工 见习 劳动力 农民工 高校毕业生 "
     "创业担保贷款 技能人才 人力资源 用工 就业服务 高级工"},
    {v1::DOMAIN_SOCIAL_SECURITY,
     "参保 社会保险 社保 养老保险 医疗保险 失业保险 工伤保险 低保 最低生活保障 "
     "救助 特困 残疾 退役军人 优抚 双拥 拥军 军地 兜底 社会保障 补贴 养老金 "
     "慈善 孤儿 困境儿童 被征地农民 社会福利 帮扶救助"},
    {v1::DOMAIN_EDUCATION,
     "学校 幼儿园 学位 教育 教师 中小学 初中 小学 高中 校舍 教室 实验校 学前 "
     "办学 教育人才 学生 课后服务 托管服务 职业教育 高校 大学 入园率 校园 名师 "
     "双减"},
    {v1::DOMAIN_HEALTH,
     "医院 卫生 医疗 健康 中医 疾控 诊所 医保 家庭医生 医共体 医联体 病床 "
     "公共卫生 疫苗 接种 妇幼 急救 体检 药品供应 医生 护士 安宁疗护 卫生院 "
     "筛查 癌 除颤器 康复中心 心理健康 传染病 检查检验 妇科 乳腺 两癌"},
    {v1::DOMAIN_ELDERLY_CARE,
     "养老 为老 孝老 老年 老人 敬老 助餐 幸福食堂 长者 适老 认知障碍 康养 失能 老龄 "
     "银发 护理型床位 居家养老 日间照料 养老床位 照护之家 长者食堂"},
    {v1::DOMAIN_CHILDCARE,
     "托位 托育 婴幼儿 生育 婴幼儿照护 托额 托班 育儿 宝宝屋 幼儿园托班"},
    {v1::DOMAIN_HOUSING,
     "安置房 保障性住房 租赁住房 保障房 住房 棚户区 棚改 不动产 回迁 人才公寓 "
     "公租房 房源 保交楼 征收 旧住房 住宅 房地产 产权 安居"},
    {v1::DOMAIN_URBAN_DEVELOPMENT,
     "道路 公厕 公园 绿道 停车 泊位 管网 老旧小区 城市更新 拆违 两拆一增 点位 "
     "交通 地铁 轨道 桥 绿化 绿地 街巷 背街小巷 市政 充电桩 城市管理 片区 公交 "
     "供热 供水 供气 电梯 街区 城中村 雨污 排水 海绵城市 照明 路灯 井盖 生活圈 "
     "菜市场 菜场 农贸市场 停车场 快速路 立交 隧道 铁路 高铁 机场 港口 环卫 架空线 "
     "风貌 违建 城市 拆迁 基础设施 路网 通车 主干道 次干道 支路 人行道 慢行"},
    {v1::DOMAIN_ENVIRONMENT,
     "空气 水质 污染 绿色建筑 低碳 节能 节约型 碳 垃圾 生态 环境 河湖 污水 "
     "河长 PM2.5 细颗粒物 森林 造林 林地 湿地 土壤 新能源 可再生能源 光伏 减排 "
     "排放 能耗 黑臭水体 蓝天 碧水 净土 扬尘 无废 河道 水环境 排污口 环保 燃煤 "
     "煤电 清洁能源 固废 噪声 水土保持 绿水青山 耕地安全利用 优良天数 增绿"},
    {v1::DOMAIN_CULTURE_SPORTS_TOURISM,
     "文化 文艺 体育 健身 赛事 旅游 文博 博物馆 图书馆 书房 阅读 演出 课程 "
     "文旅 体育场地 体育公园 健身路径 景区 非遗 非物质文化遗产 文物 文保 剧目 "
     "电影 游客 书店 运动 球场 全民健身 文创 艺术 展览 音乐 戏剧 历史文化 研学 "
     "精品线路 文体"},
    {v1::DOMAIN_PUBLIC_SAFETY,
     "安全生产 警务 警情 消防 应急 食品 食用农产品 快检 燃气 药品 治安 防汛 "
     "刑事 安全 诈骗 犯罪 扫黑除恶 交通事故 火灾 隐患 救援 防灾 减灾 地质灾害 "
     "禁毒 平安 派出所 抽检 电诈 事故 应急救护"},
    {v1::DOMAIN_DIGITAL_GOVERNMENT,
     "智慧城市 智慧社区 数字政府 政务服务 一网通办 一网统管 数据 数字 智慧 5G "
     "5g 信息化 全光 时延 应用场景 政务 网上办 掌上办 一件事 电子证照 算力 "
     "千兆 光网 物联网 城市大脑 数字化 基站"},
    {v1::DOMAIN_GOVERNANCE,
     "信访 网格 民生实事 为民办实事 区办实事 县办实事 实事项目 法治 基层治理 "
     "社区治理 社会治理 社区 小区 调解 普法 志愿 自治 矛盾纠纷 物业 社会组织 "
     "议事 党建 依法行政 审计 廉政 建议提案 政务公开 街道 文明城市 文明典范"},
    {v1::DOMAIN_RURAL,
     "农田 农业 乡村 粮食 农村 耕地 村 农民 脱贫 种植 养殖 农产品 农房 宅基地 "
     "改厕 村庄 合作社 集体经济 复耕 储备粮 菜田 蔬菜 畜牧 渔业 灌溉 乡镇 振兴"},
};
// clang-format on

constexpr int kMetricWeight = 6;
constexpr int kClauseWeight = 2;
// The sentence around the clause names its topic ("深化军地双拥共建,互办实事
// 不少于200件"); it weighs less than the clause, as much as a title.
constexpr int kSentenceWeight = 1;
constexpr int kSectionWeight = 1;

// Every keyword of kDomainWords in table order, with its domain and its
// length in characters.
struct Keywords {
  std::vector<std::string_view> words;
  std::vector<Domain> domains;
  std::vector<int> chars;
  // Over `words`: a text is scanned once rather than once per keyword.
  std::unique_ptr<const WordSet> set;
};

const Keywords& GetKeywords() {
  static const Keywords* keywords = [] {
    auto* k = new Keywords();
    for (const DomainWords& d : kDomainWords) {
      for (std::string_view rest = d.words; !rest.empty();) {
        size_t space = std::min(rest.find(' '), rest.size());
        std::string_view word = rest.substr(0, space);
        rest.remove_prefix(std::min(space + 1, rest.size()));
        if (word.empty()) continue;
        k->words.push_back(word);
        k->domains.push_back(d.domain);
        k->chars.push_back(static_cast<int>(Utf8Length(word)));
      }
    }
    k->set = std::make_unique<const WordSet>(k->words);
    return k;
  }();
  return *keywords;
}

// Adds each keyword's weight: its length times `weight`, and, when
// `head_final`, up to twice that for keywords nearer the end, since a
// Chinese noun phrase ends with its head ("校园体育场地开放率" is about
// sports grounds, not schools). A keyword counts once, at its last place.
void Score(std::string_view text, int weight, bool head_final,
           DomainScores* scores) {
  const Keywords& keywords = GetKeywords();
  // (keyword, where it ends last); a text holds few keywords.
  absl::InlinedVector<std::pair<int, size_t>, 16> last_end;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    keywords.set->ForEachAt(text, i, [&](int k) {
      const size_t end = i + keywords.words[k].size();
      auto found = std::find_if(last_end.begin(), last_end.end(),
                                [k](const auto& e) { return e.first == k; });
      if (found == last_end.end()) {
        last_end.emplace_back(k, end);
      } else {
        found->second = end;
      }
    });
  }
  for (const auto& [k, end] : last_end) {
    int points = weight * keywords.chars[k] * 4;
    if (head_final && !text.empty()) {
      points += points * static_cast<int>(end) / static_cast<int>(text.size());
    }
    (*scores)[keywords.domains[k]] += points;
  }
}

// Adds keyword `k` at `weight` unless it is in `seen` already: as Score
// does for a text without a head, each keyword counts once.
void AddOnce(int k, int weight, absl::InlinedVector<int, 32>* seen,
             DomainScores* scores) {
  if (std::find(seen->begin(), seen->end(), k) != seen->end()) return;
  seen->push_back(k);
  const Keywords& table = GetKeywords();
  (*scores)[table.domains[k]] += weight * table.chars[k] * 4;
}

Domain Best(const DomainScores& scores) {
  int best = v1::DOMAIN_ECONOMY;
  for (int d = 1; d < v1::Domain_ARRAYSIZE; ++d) {
    if (scores[d] > scores[best]) best = d;
  }
  return static_cast<Domain>(best);
}

}  // namespace

SentenceKeywords::SentenceKeywords(std::string_view sentence)
    : sentence_(sentence) {
  const WordSet& set = *GetKeywords().set;
  for (size_t i = 0; i < sentence.size();
       i += Utf8SequenceLength(sentence[i])) {
    set.ForEachAt(sentence, i, [&](int k) { matches_.push_back({i, k}); });
  }
  absl::InlinedVector<int, 32> seen;
  for (const Match& m : matches_) {
    AddOnce(m.keyword, kSentenceWeight, &seen, &sentence_points_);
  }
}

void SentenceKeywords::AddSentencePoints(DomainScores* scores) const {
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += sentence_points_[d];
  }
}

void SentenceKeywords::AddClausePoints(std::string_view clause,
                                       DomainScores* scores) const {
  const size_t begin = static_cast<size_t>(clause.data() - sentence_.data());
  const size_t end = begin + clause.size();
  const Keywords& table = GetKeywords();
  absl::InlinedVector<int, 32> seen;
  for (const Match& m : matches_) {
    if (m.begin >= end) break;
    if (m.begin >= begin && m.begin + table.words[m.keyword].size() <= end) {
      AddOnce(m.keyword, kClauseWeight, &seen, scores);
    }
  }
}

DomainScores SectionScores(const std::vector<std::string>& section_path) {
  DomainScores scores{};
  for (const std::string& title : section_path) {
    Score(title, kSectionWeight, /*head_final=*/false, &scores);
  }
  return scores;
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, const SentenceKeywords& sentence,
                      const DomainScores& section_scores) {
  DomainScores scores = section_scores;
  sentence.AddSentencePoints(&scores);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores);
  }
  sentence.AddClausePoints(clause, &scores);
  return Best(scores);
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, std::string_view sentence,
                      const std::vector<std::string>& section_path) {
  DomainScores scores = SectionScores(section_path);
  SentenceKeywords(sentence).AddSentencePoints(&scores);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores);
  }
  Score(clause, kClauseWeight, /*head_final=*/false, &scores);
  return Best(scores);
}

}  // namespace govreport
