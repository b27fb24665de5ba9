#include "common/web_debris.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

TEST(WebDebrisTest, HtmlBecomesItsTextWithoutFurniture) {
  const std::string report = testing::ReadSample("licang.txt");
  std::string html =
      "<!DOCTYPE html><html><head><style>p{color:red}</style>"
      "<script>var a = '<p>不是正文</p>';</script></head><body>"
      "<div>首页 &gt; 政务公开 &gt; 政府工作报告</div>"
      "<div>发布时间：2024-01-20 来源：区政府办公室</div>";
  size_t start = 0;
  while (start < report.size()) {
    size_t end = report.find('\n', start);
    if (end == std::string::npos) end = report.size();
    html += "<p>" + report.substr(start, end - start) + "</p>";
    start = end + 1;
  }
  html +=
      "<div>版权所有：青岛市李沧区人民政府 鲁ICP备12345号</div>"
      "<div>【打印本页】【关闭窗口】</div></body></html>";
  WebDebrisStats stats;
  std::string text = StripWebDebris(html, &stats);
  EXPECT_GT(stats.tags, 10);
  EXPECT_EQ(stats.furniture_lines, 4);
  EXPECT_EQ(text.find("不是正文"), std::string::npos);
  EXPECT_EQ(text.find("首页"), std::string::npos);
  EXPECT_EQ(text.find("版权所有"), std::string::npos);
  // Every line of the report is there.
  start = 0;
  while (start < report.size()) {
    size_t end = report.find('\n', start);
    if (end == std::string::npos) end = report.size();
    EXPECT_NE(text.find(report.substr(start, end - start)), std::string::npos);
    start = end + 1;
  }
}

TEST(WebDebrisTest, WatermarkTokensAtLineEndsGo) {
  const std::string text =
      "各位代表:hd9\n"
      "现在,我代表县人民政府向大会报告工作。hd9\n"
      "2019年工作回顾hd9\n"
      "县域经济社会平稳健康发展。hd\n"
      "9\n"
      "地区生产总值增长8.4%。hd9\n"
      "建成5G\n";
  WebDebrisStats stats;
  EXPECT_EQ(StripWebDebris(text, &stats),
            "各位代表:\n"
            "现在,我代表县人民政府向大会报告工作。\n"
            "2019年工作回顾\n"
            "县域经济社会平稳健康发展。\n"
            "地区生产总值增长8.4%。\n"
            "建成5G\n");
  EXPECT_EQ(stats.watermarks, 5);
  // Two lines ending alike are no watermark; a figure never is.
  const std::string report =
      "建成5G\n推广5G\n新增就业100\n新增岗位100\n新建学校100\n";
  WebDebrisStats none;
  EXPECT_EQ(StripWebDebris(report, &none), report);
  EXPECT_EQ(none.watermarks, 0);
}

TEST(WebDebrisTest, EntitiesAreDecoded) {
  WebDebrisStats stats;
  EXPECT_EQ(
      StripWebDebris(
          "<html><p>A&amp;B&nbsp;&#20013;&#x6587;&ldquo;x&rdquo;</p></html>",
          &stats),
      "\nA&B 中文“x”\n");
}

TEST(WebDebrisTest, PlainReportsPassThrough) {
  for (const char* name : {"licang.txt", "jinniu.txt", "qingyang.txt"}) {
    WebDebrisStats stats;
    const std::string report = testing::ReadSample(name);
    EXPECT_EQ(StripWebDebris(report, &stats), report) << name;
    EXPECT_EQ(stats.tags, 0);
    EXPECT_EQ(stats.furniture_lines, 0);
  }
}

// A line of chrome is at most 200 characters, however many bytes they take.
TEST(WebDebrisTest, ChromeLinesAreMeasuredInCharacters) {
  const std::string report = "新增城镇就业2.2万人。\n";
  std::string chrome = "版权所有";
  for (int i = 0; i < 196; ++i) chrome += "中";
  WebDebrisStats stats;
  EXPECT_EQ(StripWebDebris(report + chrome, &stats), report);
  EXPECT_EQ(stats.furniture_lines, 1);
  const std::string longer = chrome + "中";
  stats = {};
  EXPECT_EQ(StripWebDebris(report + longer, &stats), report + longer);
  EXPECT_EQ(stats.furniture_lines, 0);
}

// The shinan excerpt was saved from a web page: its last lines are the
// site's disclaimer, permalink and comment box.
TEST(WebDebrisTest, TheSavedPagesChromeGoesAndTheReportStays) {
  WebDebrisStats stats;
  const std::string report = testing::ReadSample("shinan.txt");
  std::string text = StripWebDebris(report, &stats);
  EXPECT_EQ(stats.furniture_lines, 5);
  EXPECT_EQ(text.find("不得转载"), std::string::npos);
  EXPECT_EQ(text.find("验证码"), std::string::npos);
  EXPECT_NE(text.find("时尚体育赛事100场次。"), std::string::npos);
}

// A text and what StripWebDebris must keep of it and drop from it.
struct FurnitureCase {
  const char* name;
  std::string text;
  std::vector<std::string> kept;
  std::vector<std::string> dropped;
};

void ExpectKeptAndDropped(const std::vector<FurnitureCase>& cases) {
  for (const FurnitureCase& c : cases) {
    SCOPED_TRACE(c.name);
    WebDebrisStats stats;
    const std::string text = StripWebDebris(c.text, &stats);
    for (const std::string& line : c.kept) {
      EXPECT_NE(text.find(line), std::string::npos) << line;
    }
    for (const std::string& line : c.dropped) {
      EXPECT_EQ(text.find(line), std::string::npos) << line;
    }
    EXPECT_EQ(stats.furniture_lines, static_cast<int>(c.dropped.size()));
  }
}

// Report sentences hold the words site furniture is made of: in plain text
// (a report, PDF lines wrapped anywhere) and in a web page alike they stay.
TEST(WebDebrisTest, ReportSentencesWithFurnitureWordsStay) {
  const std::vector<std::string> sentences = {
      "加快推进无障碍环境建设,改造无障碍设施120处。",
      "培育老字号企业5家。",
      "为中小企业提供技术支持服务300次。",
      "优化政府网站首页设计,推进无障碍浏览改造。",
      "主办单位要落实安全责任。",
      "资金来源：区级财政。",
      "扫一扫即可办理的事项达到300项。",
  };
  // pdftotext wraps anywhere: these halves hold markers and neither ends a
  // sentence.
  const std::vector<std::string> wrapped = {
      "场景,加快数字服务适老化和无障碍",
      "改造,推进老字号、技术支持",
      "平台建设,打造政务服务网站首页",
  };
  std::string plain = "李沧区2024年政府工作报告\n";
  std::string html = "<html><body><h1>李沧区2024年政府工作报告</h1>";
  for (const std::string& s : sentences) {
    plain += s + "\n";
    html += "<p>" + s + "</p>";
  }
  for (const std::string& s : wrapped) plain += s + "\n";
  html += "</body></html>";
  std::vector<std::string> all = sentences;
  all.insert(all.end(), wrapped.begin(), wrapped.end());
  ExpectKeptAndDropped({
      {"plain text", plain, all, {}},
      {"a web page", html, sentences, {}},
  });
}

TEST(WebDebrisTest, FurnitureGoesFromWebPagesOnly) {
  const std::string report =
      "李沧区2024年政府工作报告\n新增城镇就业2.2万人。\n";
  ExpectKeptAndDropped({
      {"HTML tool bars and pager",
       "<html><body><div>【字号：大 中 小】</div><div>【大 中 小】</div>"
       "<div>无障碍浏览 长者模式</div><p>新增城镇就业2.2万人。</p>"
       "<div>上一篇：李沧区2023年政府工作报告</div>"
       "<div>技术支持：某某科技有限公司</div></body></html>",
       {"新增城镇就业2.2万人。"},
       {"字号", "【大 中 小】", "无障碍浏览", "上一篇", "技术支持"}},
      {"a page saved as plain text: two lines of furniture",
       "当前位置：首页 > 政务公开 > 规划计划\n" + report +
           "【打印本页】【关闭窗口】\n",
       {"新增城镇就业2.2万人。"},
       {"当前位置", "打印本页"}},
      {"a page saved as plain text: chrome, with colons of either width",
       report + "验证码:\n来源：区政府办公室\n网站地图\n版权所有 © 2024\n",
       {"新增城镇就业2.2万人。"},
       {"验证码", "来源", "网站地图", "版权所有"}},
      {"one stray furniture line in a report is no page",
       report + "当前位置\n",
       {"新增城镇就业2.2万人。", "当前位置"},
       {}},
      {"chrome goes from any text",
       report + "本文链接：/2024/1.html\n",
       {"新增城镇就业2.2万人。"},
       {"本文链接"}},
  });
}

// A county portal's page saved as text (the wild set's 中国县域 pages): a
// header of counters and a summary box repeating the opening, a footer of
// share links and other reports' titles. Each kind goes; the report stays.
TEST(WebDebrisTest, PortalHeaderAndFooterGo) {
  const std::string opening =
      "2020年1月13日在县十六届人民代表大会第四次会议上\n"
      "涞源县人民政府县长周峰\n"
      "各位代表：\n"
      "现在，我代表涞源县人民政府向大会报告工作，请予审议。\n";
  std::string body;
  for (int i = 0; i < 12; ++i) {
    body +=
        "一年来，我们坚持高质量发展，经济运行稳中向好，新增就业1200人，"
        "城乡居民收入稳步增长，民生保障持续加强。\n";
  }
  const std::string page =
      "工作报告\n2020年涞源县政府工作报告\n"
      "时间：2022-12-01\t作者：中国县域\t来源：政府官网\t阅读：\n233\n评论：\n"
      "0\n内容摘要：2020年1月13日在县十六届人民代表大会第四次会议上涞源县人"
      "民政府县长周峰各位代表：现在，我代表涞源县人民政府向大会报告工作，请予"
      "审议，并请各位县政协委员和列席会议的同志提出意见。一......\n" +
      opening + body +
      "分享到：\nQQ空间\n新浪微博\n上一篇：\n2020年文安县政府工作报告\n"
      "相关文章\n12-01\n2020年雄县政府工作报告\n本栏推荐\n"
      "焦作市解放区2025年政府工作报告\n郏县2025年政府工作报告\n阅读排行\n"
      "宁德市2021年政府工作报告\n标签云\n北京市\n2025年\n";
  ExpectKeptAndDropped(
      {{"a portal page",
        page,
        {"2020年涞源县政府工作报告\n", opening, body},
        {"时间：", "233\n",    "评论",    "0\n",    "内容摘要", "分享到",
         "QQ空间", "新浪微博", "上一篇",  "文安县", "雄县",     "相关文章",
         "12-01",  "本栏推荐", "焦作",    "郏县",   "阅读排行", "宁德",
         "标签云", "北京市",   "2025年\n"}}});
}

// A collector's stamp of where a text was found goes from any text; a
// report's sentence naming a website stays.
TEST(WebDebrisTest, AnAddressStampGoesFromAnyText) {
  const std::string report = "新增城镇就业2.2万人。\n";
  ExpectKeptAndDropped(
      {{"a labelled address",
        "来源网址：https://www.example.gov.cn/zwgk/art_1.html?id=7\n" + report,
        {report},
        {"来源网址"}},
       {"labels without a colon, or after the report",
        report + "网址 www.example.org/report.htm \n原文链接http://a.org\n",
        {report},
        {"网址", "原文链接"}},
       {"an address alone is the normalizer's",
        "http://example.org/report.htm\n" + report,
        {"http://example.org/report.htm\n" + report},
        {}},
       {"addresses inside sentences",
        "详情请登录www.example.gov.cn查询。\n"
        "群众可登录以下网址反映问题：https://example.cn\n" +
            report,
        {"www.example.gov.cn查询", "https://example.cn", report},
        {}}});
}

// A portal's row of page information, its fields spaced by tabs and runs
// of "?" where full-width spaces were lost, is longer than furniture in
// bytes and characters; its fields are not.
TEST(WebDebrisTest, APortalsRowOfFieldsIsMeasuredWithoutItsSpacing) {
  const std::string gap = "????\t\t\t\t\t\t";
  const std::string row = "发布时间：2021-03-08" + gap + "作者：区政府办" +
                          gap + "来源：某区人民政府网站" + gap + "浏览：\n";
  const std::string report =
      "各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n"
      "新增城镇就业1.8万人，完成老旧小区改造42个。\n";
  ExpectKeptAndDropped({{"a row of fields",
                         "2021年政府工作报告\n" + row + "56\n评论：\n" + report,
                         {"2021年政府工作报告\n", report},
                         {"发布时间", "56\n", "评论"}}});
}

// A footer heading in the first half of a page is a share bar atop it: the
// title and byline after it stay.
TEST(WebDebrisTest, AShareBarAtopThePageTakesNothingWithIt) {
  std::string page =
      "首页 > 工作报告\n分享到：\n2024年李沧区政府工作报告\n李沧区区长\n";
  for (int i = 0; i < 5; ++i) page += "新增城镇就业2.2万人，推进学校建设。\n";
  WebDebrisStats stats;
  const std::string text = StripWebDebris(page, &stats);
  EXPECT_NE(text.find("2024年李沧区政府工作报告"), std::string::npos);
  EXPECT_NE(text.find("李沧区区长"), std::string::npos);
  EXPECT_EQ(text.find("分享到"), std::string::npos);
}

// Plain text keeps what a scraper left: entities, "?" for lost characters,
// a site's source tag.
TEST(WebDebrisTest, ScraperDebrisInPlainText) {
  struct Case {
    const char* text;
    const char* want;
    int entities, lost, tags;
  };
  const Case kCases[] = {
      {"&nbsp; &nbsp; （一）经济发展稳中向好。", "    （一）经济发展稳中向好。",
       2, 0, 0},
      {"做出应有的贡献。  来自马克数据网\n下一行", "做出应有的贡献。\n下一行",
       0, 0, 1},
      // Not debris: ASCII question marks in ASCII, one "?", "&" alone, a
      // report's own "来自".
      {"what?? ok", "what?? ok", 0, 0, 0},
      {"增长8%?是的", "增长8%?是的", 0, 0, 0},
      {"R&D投入", "R&D投入", 0, 0, 0},
      {"游客来自全国各地，网", "游客来自全国各地，网", 0, 0, 0},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    WebDebrisStats stats;
    EXPECT_EQ(StripWebDebris(c.text, &stats), c.want);
    EXPECT_EQ(stats.entities, c.entities);
    EXPECT_EQ(stats.lost_character_runs, c.lost);
    EXPECT_EQ(stats.source_tags, c.tags);
  }
}

// In a page, runs of "?" glued to Chinese are characters the scraper lost;
// in other text they are mojibake, kept for the normalizer to flag.
TEST(WebDebrisTest, LostCharacterRunsGoFromPagesOnly) {
  const std::string line = "会议上????涞源县人民政府县长?? 周峰\n";
  WebDebrisStats page_stats;
  const std::string page =
      StripWebDebris("当前位置：首页\n" + line + "【打印本页】\n", &page_stats);
  EXPECT_EQ(page, "会议上涞源县人民政府县长 周峰\n");
  EXPECT_EQ(page_stats.lost_character_runs, 2);
  WebDebrisStats plain_stats;
  EXPECT_EQ(StripWebDebris(line, &plain_stats), line);
  EXPECT_EQ(plain_stats.lost_character_runs, 0);
}

TEST(WebDebrisTest, APageOfFurnitureOnlyLeavesNothing) {
  WebDebrisStats stats;
  std::string text = StripWebDebris(
      "首页 | 网站地图 | 联系我们\n当前位置：首页 > 新闻\n版权所有 © 2024\n",
      &stats);
  EXPECT_EQ(text.find_first_not_of("\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace govreport
