#include "common/metrics.h"

#include <algorithm>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "common/string_view.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

// The catalogue of canonical metrics: the quantities district reports
// commonly state, each with the phrasings that name it. A phrase found in a
// quantity's metric phrase assigns the metric (the longest phrase wins).
std::vector<MetricInfo>* BuildCatalogue() {
  // One metric per entry reads better than one field per line.
  // clang-format off
  auto* m = new std::vector<MetricInfo>{
      // economy
      {"gdp_growth", "地区生产总值增长", v1::DOMAIN_ECONOMY, "%",
       {"地区生产总值增长", "地区生产总值", "GDP增长", "经济增长", "生产总值增速",
        "全区生产总值", "本区生产总值", "全县生产总值", "本县生产总值",
        "全市生产总值", "GDP"}},
      {"general_budget_revenue", "一般公共预算收入", v1::DOMAIN_ECONOMY, "元",
       {"一般公共预算收入", "地方一般公共预算收入", "一般公共预算"}},
      {"tax_revenue", "税收收入", v1::DOMAIN_ECONOMY, "元", {"税收收入", "税收"}},
      {"fixed_asset_investment", "固定资产投资", v1::DOMAIN_ECONOMY, "%",
       {"固定资产投资", "全社会固定资产投资"}},
      {"retail_sales", "社会消费品零售总额", v1::DOMAIN_ECONOMY, "%",
       {"社会消费品零售总额", "社零总额", "社会消费品零售"}},
      {"urban_disposable_income", "城镇居民人均可支配收入", v1::DOMAIN_ECONOMY,
       "%", {"城镇居民人均可支配收入", "城镇居民收入"}},
      {"rural_disposable_income", "农村居民人均可支配收入", v1::DOMAIN_ECONOMY,
       "%", {"农村居民人均可支配收入", "农民人均可支配收入", "农村居民收入"}},
      {"disposable_income", "居民人均可支配收入", v1::DOMAIN_ECONOMY, "%",
       {"居民人均可支配收入", "人均可支配收入"}},
      {"service_industry_value", "服务业增加值", v1::DOMAIN_ECONOMY, "%",
       {"服务业增加值", "第三产业增加值"}},
      {"headquarters_enterprises", "总部企业", v1::DOMAIN_INDUSTRY, "家",
       {"总部企业", "总部项目"}},
      {"tax_billion_buildings", "亿元楼宇", v1::DOMAIN_ECONOMY, "座",
       {"税收亿元楼宇", "亿元楼宇", "亿元楼"}},
      // industry
      {"industrial_value_added", "规上工业增加值", v1::DOMAIN_ECONOMY, "%",
       {"规模以上工业增加值", "规上工业增加值", "工业增加值"}},
      {"high_tech_enterprises", "高新技术企业", v1::DOMAIN_INDUSTRY, "家",
       {"国家高新技术企业", "高新技术企业", "高企"}},
      {"specialized_smes", "专精特新企业", v1::DOMAIN_INDUSTRY, "家",
       {"专精特新", "专精特新企业", "专精特新“小巨人”"}},
      {"tech_smes", "科技型中小企业", v1::DOMAIN_INDUSTRY, "家",
       {"科技型中小企业", "科技型企业"}},
      {"rd_intensity", "研发投入强度", v1::DOMAIN_INDUSTRY, "%",
       {"研发投入强度", "研发经费投入强度", "R&D经费投入强度", "研发投入",
        "全社会研发经费"}},
      {"above_scale_enterprises", "规上企业", v1::DOMAIN_INDUSTRY, "家",
       {"规上企业", "规模以上企业", "规上工业企业", "新增规上"}},
      {"listed_companies", "上市企业", v1::DOMAIN_INDUSTRY, "家",
       {"上市企业", "上市公司"}},
      // Incubators of start-ups support entrepreneurship (rule 5); a
      // 众创空间 counted as a sci-tech venue is industry, by keyword.
      {"incubators", "孵化载体", v1::DOMAIN_EMPLOYMENT, "处",
       {"孵化载体", "孵化器"}},
      {"digital_economy_core", "数字经济核心产业增加值", v1::DOMAIN_INDUSTRY, "%",
       {"数字经济核心产业"}},
      {"industrial_output", "规上工业总产值", v1::DOMAIN_INDUSTRY, "元",
       {"规上工业总产值", "规模以上工业总产值", "工业总产值", "工业产值"}},
      {"tech_contract_turnover", "技术合同成交额", v1::DOMAIN_INDUSTRY, "元",
       {"技术合同成交额", "技术交易额"}},
      {"invention_patents", "发明专利", v1::DOMAIN_INDUSTRY, "件",
       {"发明专利", "有效发明专利", "每万人发明专利拥有量", "专利授权"}},
      {"talents_attracted", "引进人才", v1::DOMAIN_EMPLOYMENT, "人",
       {"高层次人才", "引进人才", "青年人才", "科技人才"}},
      // investment and trade
      {"foreign_trade", "外贸进出口总额", v1::DOMAIN_INVESTMENT_TRADE, "元",
       {"外贸进出口总额", "进出口总额", "外贸进出口", "进出口"}},
      {"actual_foreign_investment", "实际利用外资", v1::DOMAIN_INVESTMENT_TRADE,
       "美元", {"实际利用外资", "实际使用外资", "利用外资"}},
      {"investment_attracted", "招商引资到位资金", v1::DOMAIN_INVESTMENT_TRADE,
       "元", {"招商引资", "到位资金", "引进内资"}},
      {"major_projects", "重大项目", v1::DOMAIN_ECONOMY, "个",
       {"重大项目", "重点项目", "重大产业化项目", "产业化项目"}},
      {"market_entities", "市场主体", v1::DOMAIN_INVESTMENT_TRADE, "户",
       {"市场主体", "新增市场主体", "经营主体"}},
      // employment
      {"urban_new_jobs", "新增城镇就业", v1::DOMAIN_EMPLOYMENT, "人",
       {"新增城镇就业", "城镇新增就业", "新增就业", "城镇就业",
        "新增城镇就业人数", "城镇新增就业人数", "新增就业人数"}},
      {"urban_unemployment_rate", "城镇登记失业率", v1::DOMAIN_EMPLOYMENT, "%",
       {"城镇登记失业率", "城镇调查失业率", "登记失业率", "失业率"}},
      {"vocational_training", "职业技能培训", v1::DOMAIN_EMPLOYMENT, "人次",
       {"补贴性职业技能培训", "职业技能培训", "就业培训", "技能培训"}},
      {"entrepreneurship_support", "扶持创业", v1::DOMAIN_EMPLOYMENT, "人",
       {"扶持创业", "创业扶持", "带动就业"}},
      {"public_welfare_posts", "公益性岗位", v1::DOMAIN_EMPLOYMENT, "个",
       {"公益性岗位", "城镇公益性岗位"}},
      {"job_postings", "招聘岗位", v1::DOMAIN_EMPLOYMENT, "个",
       {"招聘岗位", "就业岗位", "新增招聘岗位"}},
      {"hard_to_employ_placement", "困难人员就业安置率", v1::DOMAIN_EMPLOYMENT,
       "%", {"困难人员安置率", "就业困难人员", "困难人员就业"}},
      // social security
      {"pension_insurance_coverage", "养老保险参保率", v1::DOMAIN_SOCIAL_SECURITY,
       "%", {"基本养老保险参保率", "养老保险参保率", "城乡居民养老保险参保率"}},
      {"medical_insurance_coverage", "医疗保险参保率", v1::DOMAIN_SOCIAL_SECURITY,
       "%", {"基本医疗保险参保率", "医疗保险参保率", "医疗保险参保登记率",
             "城乡居民基本医疗保险参保登记率"}},
      {"subsistence_allowance", "城乡低保标准", v1::DOMAIN_SOCIAL_SECURITY, "%",
       {"低保标准", "城乡低保", "最低生活保障标准"}},
      {"veterans_service_stations", "退役军人服务站",
       v1::DOMAIN_SOCIAL_SECURITY, "个", {"退役军人服务站", "退役军人服务中心"}},
      // education
      {"school_places", "学位", v1::DOMAIN_EDUCATION, "个",
       {"新增学位", "学位", "中小学学位", "幼儿园学位"}},
      {"new_schools", "学校", v1::DOMAIN_EDUCATION, "所",
       {"学校", "中小学", "新建学校", "新改扩建学校"}},
      {"kindergartens", "幼儿园", v1::DOMAIN_EDUCATION, "所",
       {"幼儿园", "普惠性幼儿园", "公办幼儿园"}},
      {"teachers_recruited", "教师", v1::DOMAIN_EDUCATION, "名",
       {"教师", "教育人才", "高层次教育人才"}},
      // health
      {"hospitals", "医院", v1::DOMAIN_HEALTH, "所", {"医院"}},
      {"community_health_centers", "社区卫生服务中心", v1::DOMAIN_HEALTH, "家",
       {"社区卫生服务中心", "社区卫生服务站", "卫生服务中心", "卫生院"}},
      {"hospital_beds", "医疗床位", v1::DOMAIN_HEALTH, "张",
       {"医疗床位", "病床", "床位数"}},
      {"family_doctor_coverage", "家庭医生签约率", v1::DOMAIN_HEALTH, "%",
       {"家庭医生签约", "家庭医生"}},
      // elderly care
      {"elderly_care_beds", "养老床位", v1::DOMAIN_ELDERLY_CARE, "张",
       {"养老床位", "普惠养老床位", "护理型床位", "家庭养老床位"}},
      {"elderly_service_centers", "养老服务中心", v1::DOMAIN_ELDERLY_CARE, "个",
       {"养老服务中心", "养老服务站", "为老服务中心", "社区养老服务站",
        "综合养老服务示范点", "日间照料中心"}},
      {"elderly_canteens", "老年助餐点", v1::DOMAIN_ELDERLY_CARE, "个",
       {"助餐点", "老年食堂", "幸福食堂", "社区食堂", "长者食堂"}},
      // childcare
      {"childcare_places", "婴幼儿托位", v1::DOMAIN_CHILDCARE, "个",
       {"婴幼儿托位", "托位", "托育位", "托额"}},
      {"childcare_institutions", "托育机构", v1::DOMAIN_CHILDCARE, "个",
       {"托育机构", "托育服务机构", "婴幼儿照护服务机构"}},
      {"elevator_retrofits", "既有住宅加装电梯", v1::DOMAIN_URBAN_DEVELOPMENT,
       "台", {"加装电梯", "既有住宅加装电梯", "老旧电梯"}},
      // housing
      {"resettlement_housing", "安置房", v1::DOMAIN_HOUSING, "套",
       {"安置房", "安置住房", "回迁房"}},
      {"affordable_rental_housing", "保障性租赁住房", v1::DOMAIN_HOUSING, "套",
       {"保障性租赁住房", "租赁住房"}},
      {"affordable_housing", "保障性住房", v1::DOMAIN_HOUSING, "套",
       {"保障性住房", "保障房", "公租房"}},
      {"shantytown_renovation", "棚户区改造", v1::DOMAIN_HOUSING, "户",
       {"棚户区改造", "棚改"}},
      // urban development
      {"old_community_renovation", "老旧小区改造", v1::DOMAIN_URBAN_DEVELOPMENT,
       "个", {"老旧小区改造", "老旧小区", "老旧院落"}},
      {"roads", "道路", v1::DOMAIN_URBAN_DEVELOPMENT, "条",
       {"道路", "市政道路", "断头路", "背街小巷"}},
      {"parks", "公园", v1::DOMAIN_URBAN_DEVELOPMENT, "个",
       {"公园", "口袋公园", "社区公园", "城市公园"}},
      {"greenways", "绿道", v1::DOMAIN_URBAN_DEVELOPMENT, "公里", {"绿道"}},
      {"new_green_area", "新增绿地", v1::DOMAIN_URBAN_DEVELOPMENT, "平方米",
       {"新增绿地", "绿化面积", "立体绿化"}},
      {"parking_spaces", "停车位", v1::DOMAIN_URBAN_DEVELOPMENT, "个",
       {"停车位", "公共停车位", "泊位"}},
      {"charging_piles", "充电桩", v1::DOMAIN_URBAN_DEVELOPMENT, "个",
       {"充电桩", "充电设施", "充(换)电桩"}},
      {"public_toilets", "公厕", v1::DOMAIN_URBAN_DEVELOPMENT, "座",
       {"公厕", "公共厕所"}},
      {"pipe_network", "管网", v1::DOMAIN_URBAN_DEVELOPMENT, "公里",
       {"管网", "雨污分流", "燃气管道"}},
      {"metro_lines", "轨道交通", v1::DOMAIN_URBAN_DEVELOPMENT, "公里",
       {"地铁", "轨道交通"}},
      {"bus_lines", "公交线路", v1::DOMAIN_URBAN_DEVELOPMENT, "条",
       {"公交线路", "公交专用道", "微循环公交"}},
      {"sewage_treatment_rate", "污水处理率", v1::DOMAIN_ENVIRONMENT, "%",
       {"污水处理率", "污水集中收集率", "污水处理能力"}},
      {"afforestation", "植树造林", v1::DOMAIN_ENVIRONMENT, "亩",
       {"植树造林", "新造林", "造林", "国土绿化"}},
      {"river_remediation", "河道整治", v1::DOMAIN_ENVIRONMENT, "公里",
       {"河道整治", "黑臭水体", "中小河道"}},
      {"carbon_emission_intensity", "单位GDP二氧化碳排放", v1::DOMAIN_ENVIRONMENT,
       "%", {"二氧化碳排放", "碳排放强度"}},
      // environment
      {"air_quality_good_days", "空气优良率", v1::DOMAIN_ENVIRONMENT, "%",
       {"空气优良率", "空气质量优良天数比例", "空气质量优良率", "优良天数"}},
      {"pm25", "PM2.5平均浓度", v1::DOMAIN_ENVIRONMENT, "微克/立方米",
       {"PM2.5", "细颗粒物"}},
      {"water_quality_compliance", "水质达标率", v1::DOMAIN_ENVIRONMENT, "%",
       {"水质达标率", "断面水质", "饮用水源地水质"}},
      {"forest_coverage", "森林覆盖率", v1::DOMAIN_ENVIRONMENT, "%",
       {"森林覆盖率", "林木覆盖率"}},
      {"green_coverage", "建成区绿化覆盖率", v1::DOMAIN_ENVIRONMENT, "%",
       {"绿化覆盖率", "绿地率"}},
      {"green_buildings", "绿色建筑", v1::DOMAIN_ENVIRONMENT, "平方米",
       {"绿色建筑"}},
      {"waste_sorting", "生活垃圾分类", v1::DOMAIN_ENVIRONMENT, "%",
       {"垃圾分类", "生活垃圾回收利用率"}},
      {"energy_intensity", "单位GDP能耗", v1::DOMAIN_ENVIRONMENT, "%",
       {"单位GDP能耗", "单位地区生产总值能耗", "能耗"}},
      {"polluted_farmland_safe_use", "受污染耕地安全利用率",
       v1::DOMAIN_ENVIRONMENT, "%", {"受污染耕地安全利用率", "耕地安全利用率"}},
      // culture, sports, tourism
      {"cultural_events", "文化活动", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "场次",
       {"文化活动", "群众性文化活动", "文化惠民活动", "文艺演出"}},
      {"fitness_events", "全民健身活动", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "场次",
       {"全民健身活动", "体育赛事", "时尚体育赛事", "赛事"}},
      {"sports_parks", "体育公园", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "处",
       {"体育公园", "健身路径", "体育场地", "全民健身设施"}},
      {"tourists", "游客接待量", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "人次",
       {"游客", "接待游客", "旅游人次"}},
      {"tourism_revenue", "旅游收入", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "元",
       {"旅游收入", "旅游总收入"}},
      {"reading_spaces", "城市书房", v1::DOMAIN_CULTURE_SPORTS_TOURISM, "个",
       {"城市书房", "阅读空间", "图书馆", "农家书屋"}},
      {"cultural_relics_repair", "文物保护修缮", v1::DOMAIN_CULTURE_SPORTS_TOURISM,
       "处", {"文物保护", "文保建筑", "文物修缮"}},
      // public safety
      {"food_safety_tests", "食品安全抽检", v1::DOMAIN_PUBLIC_SAFETY, "批次",
       {"食品安全抽检", "食用农产品快检", "食品抽检", "定性定量检测", "快检"}},
      {"production_safety_deaths", "生产安全事故死亡人数",
       v1::DOMAIN_PUBLIC_SAFETY, "人", {"生产安全事故", "安全生产事故"}},
      {"smart_gas_valves", "智能燃气阀门", v1::DOMAIN_PUBLIC_SAFETY, "户",
       {"燃气阀门", "燃气报警器"}},
      // digital government
      {"5g_base_stations", "5G基站", v1::DOMAIN_DIGITAL_GOVERNMENT, "个",
       {"5G基站", "5g基站", "基站"}},
      {"smart_city_scenarios", "智慧城市应用场景",
       v1::DOMAIN_DIGITAL_GOVERNMENT, "个",
       {"智慧城市应用场景", "应用场景", "数字化场景"}},
      {"smart_communities", "智慧社区", v1::DOMAIN_DIGITAL_GOVERNMENT, "个",
       {"智慧社区"}},
      {"online_government_services", "网上可办率",
       v1::DOMAIN_DIGITAL_GOVERNMENT, "%",
       {"网上可办率", "全程网办", "一网通办", "网上办"}},
      // governance
      {"livelihood_projects", "民生实事", v1::DOMAIN_GOVERNANCE, "件",
       {"民生实事", "区办实事", "为民办实事", "实事项目"}},
      {"petition_resolution_rate", "信访化解率", v1::DOMAIN_GOVERNANCE, "%",
       {"信访一次性化解率", "初次信访", "信访"}},
      {"rural_roads", "农村公路", v1::DOMAIN_URBAN_DEVELOPMENT, "公里",
       {"农村公路", "四好农村路", "村道"}},
      {"rural_toilets", "农村改厕", v1::DOMAIN_RURAL, "户",
       {"改厕", "农村户厕", "卫生厕所"}},
      {"rural_sewage", "农村生活污水治理", v1::DOMAIN_ENVIRONMENT, "%",
       {"农村生活污水", "农村污水"}},
      // rural
      {"high_standard_farmland", "高标准农田", v1::DOMAIN_RURAL, "亩",
       {"高标准农田"}},
      {"grain_output", "粮食产量", v1::DOMAIN_RURAL, "吨",
       {"粮食产量", "粮食总产", "粮食播种面积"}},
      {"rural_collective_income", "村集体经济收入", v1::DOMAIN_RURAL, "元",
       {"村集体经济", "集体经济收入"}},
  };
  // clang-format on
  std::sort(m->begin(), m->end(), [](const MetricInfo& a, const MetricInfo& b) {
    return a.id < b.id;
  });
  return m;
}

struct Index {
  absl::flat_hash_map<std::string, const MetricInfo*> by_id;
  absl::flat_hash_map<std::string, const MetricInfo*> by_phrase;
  // Every metric's phrases in catalogue order, each with its metric, for
  // FindMetricIn.
  std::vector<std::string_view> phrases;
  std::vector<const MetricInfo*> phrase_metrics;
  std::unique_ptr<const WordSet> phrase_set;
};

const Index& GetIndex() {
  static const Index* index = [] {
    auto* i = new Index();
    for (const MetricInfo& m : AllMetrics()) {
      i->by_id.emplace(std::string(m.id), &m);
      i->by_phrase.emplace(std::string(m.name), &m);
      for (std::string_view p : m.phrases) {
        i->by_phrase.emplace(std::string(p), &m);
        i->phrases.push_back(p);
        i->phrase_metrics.push_back(&m);
      }
    }
    i->phrase_set = std::make_unique<const WordSet>(i->phrases);
    return i;
  }();
  return *index;
}

}  // namespace

const std::vector<MetricInfo>& AllMetrics() {
  static const std::vector<MetricInfo>* metrics = BuildCatalogue();
  return *metrics;
}

const MetricInfo* FindMetricById(std::string_view id) {
  auto it = GetIndex().by_id.find(AsAbsl(id));
  return it == GetIndex().by_id.end() ? nullptr : it->second;
}

const MetricInfo* FindMetricByPhrase(std::string_view phrase) {
  auto it = GetIndex().by_phrase.find(AsAbsl(phrase));
  return it == GetIndex().by_phrase.end() ? nullptr : it->second;
}

const MetricInfo* FindMetricIn(std::string_view text) {
  const Index& index = GetIndex();
  int best = -1;
  size_t best_end = 0;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    int found = index.phrase_set->LongestAt(text, i);
    if (found < 0) continue;
    const size_t end = i + index.phrases[found].size();
    if (best < 0 || end > best_end ||
        (end == best_end &&
         (index.phrases[found].size() > index.phrases[best].size() ||
          (index.phrases[found].size() == index.phrases[best].size() &&
           found < best)))) {
      best = found;
      best_end = end;
    }
  }
  return best < 0 ? nullptr : index.phrase_metrics[best];
}

}  // namespace govreport
