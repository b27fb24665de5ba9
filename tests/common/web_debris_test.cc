#include "common/web_debris.h"

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
  html += "<div>版权所有：青岛市李沧区人民政府 鲁ICP备12345号</div>"
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

TEST(WebDebrisTest, EntitiesAreDecoded) {
  WebDebrisStats stats;
  EXPECT_EQ(StripWebDebris("<html><p>A&amp;B&nbsp;&#20013;&#x6587;&ldquo;x&rdquo;</p></html>",
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

TEST(WebDebrisTest, APageOfFurnitureOnlyLeavesNothing) {
  WebDebrisStats stats;
  std::string text = StripWebDebris(
      "首页 | 网站地图 | 联系我们\n当前位置：首页 > 新闻\n版权所有 © 2024\n", &stats);
  EXPECT_EQ(text.find_first_not_of("\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace govreport
