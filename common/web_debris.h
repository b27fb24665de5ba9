#ifndef GOVREPORT_COMMON_WEB_DEBRIS_H_
#define GOVREPORT_COMMON_WEB_DEBRIS_H_

#include <string>
#include <string_view>

namespace govreport {

// What StripWebDebris removed.
struct WebDebrisStats {
  // HTML tags, scripts and styles removed.
  int tags = 0;
  // Lines of site furniture (navigation, footers, share bars) removed.
  int furniture_lines = 0;
};

// Turns a saved web page into its text: when `text` looks like HTML, drops
// scripts, styles and tags (block tags become line breaks) and decodes
// entities; then, HTML or not, drops short lines of site furniture
// ("首页 > 新闻中心", "版权所有", "ICP备…", "【打印本页】", "分享到") from a data
// table. Text without either comes back unchanged. Pure and thread-safe.
std::string StripWebDebris(std::string_view text, WebDebrisStats* stats);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_WEB_DEBRIS_H_
