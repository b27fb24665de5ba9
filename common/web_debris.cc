#include "common/web_debris.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "common/utf8.h"

namespace govreport {
namespace {

// Markers of site furniture. A line holding one and shorter than
// kMaxFurnitureChars is chrome, not report text.
constexpr std::string_view kFurnitureMarkers[] = {
    "首页",     "网站地图", "联系我们", "版权所有", "Copyright", "copyright",
    "ICP备",    "ICP证",    "当前位置", "您的位置", "打印本页", "关闭窗口",
    "分享到",   "字号",     "【大",     "无障碍",   "网站标识码", "公网安备",
    "主办单位", "承办单位", "技术支持", "浏览次数", "阅读次数", "扫一扫",
    "上一篇",   "下一篇",   "相关链接", "发布时间：", "来源：", "责任编辑"};
constexpr size_t kMaxFurnitureChars = 60;

// Markers that only site chrome carries (disclaimers, permalinks, comment
// boxes): a line holding one goes, up to kMaxChromeChars.
constexpr std::string_view kChromeMarkers[] = {
    "版权所有", "ICP备", "本文仅代表", "不代表本站", "不得转载", "本文地址",
    "本文链接", "留言与评论", "发表评论", "验证码", "网站地图", "公网安备"};
constexpr size_t kMaxChromeChars = 200;

constexpr std::string_view kBlockTags[] = {"p", "br", "div", "li", "tr", "h1",
                                           "h2", "h3", "h4", "h5", "h6",
                                           "section", "article", "table"};

struct Entity {
  std::string_view name;
  std::string_view text;
};
constexpr Entity kEntities[] = {{"&nbsp;", " "}, {"&lt;", "<"},  {"&gt;", ">"},
                                {"&amp;", "&"},  {"&quot;", "\""}, {"&#39;", "'"},
                                {"&ldquo;", "“"}, {"&rdquo;", "”"}, {"&mdash;", "—"},
                                {"&hellip;", "…"}};

bool LooksLikeHtml(std::string_view text) {
  std::string head(text.substr(0, 4096));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return head.find("<html") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos ||
         head.find("<body") != std::string::npos ||
         (head.find("<p>") != std::string::npos &&
          head.find("</p>") != std::string::npos);
}

std::string LowerTagName(std::string_view tag) {
  size_t start = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  size_t end = start;
  while (end < tag.size() && std::isalnum(static_cast<unsigned char>(tag[end]))) {
    ++end;
  }
  std::string name(tag.substr(start, end - start));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return name;
}

std::string StripTags(std::string_view html, int* tags) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '&') {
      bool decoded = false;
      for (const Entity& e : kEntities) {
        if (html.substr(i, e.name.size()) == e.name) {
          out += e.text;
          i += e.name.size();
          decoded = true;
          break;
        }
      }
      if (!decoded && html.substr(i, 2) == "&#") {
        size_t semicolon = html.find(';', i);
        if (semicolon != std::string_view::npos && semicolon - i <= 8) {
          bool hex = html[i + 2] == 'x' || html[i + 2] == 'X';
          std::string digits(html.substr(i + (hex ? 3 : 2),
                                         semicolon - i - (hex ? 3 : 2)));
          char* end = nullptr;
          unsigned long c = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
          if (end != nullptr && *end == '\0' && c > 0 && c < 0x110000) {
            AppendUtf8(static_cast<uint32_t>(c), &out);
            i = semicolon + 1;
            decoded = true;
          }
        }
      }
      if (!decoded) out.push_back(html[i++]);
      continue;
    }
    if (html[i] != '<') {
      out.push_back(html[i++]);
      continue;
    }
    size_t close = html.find('>', i);
    if (close == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    std::string name = LowerTagName(html.substr(i, close - i + 1));
    ++*tags;
    if ((name == "script" || name == "style") && html[i + 1] != '/') {
      // Skip to the element's end: its content is code, not text.
      size_t end = html.find("</", close);
      while (end != std::string_view::npos &&
             LowerTagName(html.substr(end, name.size() + 3)) != name) {
        end = html.find("</", end + 2);
      }
      close = end == std::string_view::npos ? html.size() - 1
                                            : html.find('>', end);
      if (close == std::string_view::npos) break;
    } else if (std::find(std::begin(kBlockTags), std::end(kBlockTags), name) !=
               std::end(kBlockTags)) {
      out.push_back('\n');
    }
    i = close + 1;
  }
  return out;
}

bool IsFurniture(std::string_view line) {
  const size_t chars = Utf8Length(line);
  if (chars <= kMaxChromeChars) {
    for (std::string_view marker : kChromeMarkers) {
      if (line.find(marker) != std::string_view::npos) return true;
    }
  }
  if (chars > kMaxFurnitureChars) return false;
  for (std::string_view marker : kFurnitureMarkers) {
    if (line.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::string StripWebDebris(std::string_view text, WebDebrisStats* stats) {
  std::string body = LooksLikeHtml(text) ? StripTags(text, &stats->tags)
                                         : std::string(text);
  std::string out;
  out.reserve(body.size());
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string_view line(body.data() + start, end - start);
    if (IsFurniture(line)) {
      ++stats->furniture_lines;
    } else {
      out.append(line);
      if (end < body.size()) out.push_back('\n');
    }
    start = end + 1;
  }
  return out;
}

}  // namespace govreport
