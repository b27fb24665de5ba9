#!/usr/bin/python3
"""Writes the damaged-input fixtures of tests/common/damaged_fixtures_test.cc.

Run once, by hand, with Debian's interpreter:

    /usr/bin/python3 tests/data/damaged/make_fixtures.py

The outputs are committed; the test reads the committed files, never this
script's output, so the fixtures stay fixed even if Python's codecs or
OpenCC's dictionaries change. This script only records how they were made.

Every fixture but random.bin and furniture_only.txt is one report: the title
block below followed by tests/data/reports/licang.txt, damaged in one of the
ways real reports arrive (other charsets, byte order marks, traditional
script, pinyin, PDF extraction, a saved web page). The test expects each to
give the district, year and quantities of the clean UTF-8 text.

Traditional text needs the OpenCC command-line tool (Debian: apt-get install
opencc). It is converted by OpenCC rather than ICU on purpose: the pipeline
converts back with ICU, and a fixture made by the inverse of the same
transliterator would prove little.
"""

import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "reports", "licang.txt")

# Must match kTitleBlock in tests/common/damaged_fixtures_test.cc. The
# samples are excerpts without a title; the title and occasion line give the
# pipeline a year to find. The blank line keeps the occasion line (long and
# without final punctuation) from being taken for a broken line.
TITLE = "李沧区2024年政府工作报告"
TITLE_BLOCK = (TITLE + "\n"
               "——2024年1月10日在青岛市李沧区第十八届人民代表大会第三次会议上\n"
               "\n")

# Each fixture stays well under this (the brief: small committed files).
MAX_FIXTURE_BYTES = 60 * 1024


def opencc(text, config):
    """`text` converted by the OpenCC CLI with `config` (e.g. s2t.json)."""
    if shutil.which("opencc") is None:
        sys.exit("make_fixtures.py: needs the opencc command "
                 "(apt-get install opencc)")
    return subprocess.run(["opencc", "-c", config], input=text, check=True,
                          capture_output=True, text=True).stdout


def full_width_digits(text):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c
                   for c in text)


def space_every_char(line):
    """A space between all characters but inside numbers ("2.2" stays), as
    some PDF extractors write justified Chinese text."""
    out = []
    for i, c in enumerate(line):
        if i > 0:
            prev = line[i - 1]
            number = (prev.isdigit() or prev == ".") and (c.isdigit() or c == ".")
            if not number:
                out.append(" ")
        out.append(c)
    return "".join(out)


def wrap(paragraph, width):
    return [paragraph[i:i + width] for i in range(0, len(paragraph), width)]


def pdf_debris(body):
    """The report as pdftotext leaves an A4 PDF: hard breaks every 38
    characters wherever they fall, a form feed, a page number ("— 3 —" and
    "- 12 -" styles) and the running header at every page break (also
    mid-sentence), some paragraphs with full-width digits, some with a space
    between every character."""
    lines = []
    for n, paragraph in enumerate(body.split("\n")):
        if not paragraph:
            continue
        if n % 3 == 1:
            paragraph = full_width_digits(paragraph)
        if n % 4 == 2:
            # Spaced text is wider: fewer characters fit a line.
            lines.extend(space_every_char(l) for l in wrap(paragraph, 24))
        else:
            lines.extend(wrap(paragraph, 38))
    out = []
    lines_per_page = 21
    page = 1
    for i, line in enumerate(lines):
        if i > 0 and i % lines_per_page == 0:
            page_number = f"— {page} —" if page % 2 else f"- {page + 10} -"
            out.append("")
            out.append(page_number)
            out.append("\f" + TITLE)
            out.append("")
            page += 1
        out.append(line)
    out.append("")
    out.append(f"— {page} —")
    return "\n".join(out) + "\n"


def pinyin_debris(body):
    """The report with romanized debris: a hanyu pinyin line above the first
    paragraphs (ruby text extracted as its own line), parenthesised pinyin
    after some characters, and a Latin page header between paragraphs."""
    annotations = [("娄山河", "娄(lóu)山河"), ("婴幼儿托位", "婴(yīng)幼儿托位"),
                   ("孵化", "孵(fū)化"), ("扩建", "扩(kuò)建")]
    for plain, annotated in annotations:
        assert plain in body, plain
        body = body.replace(plain, annotated, 1)
    ruby = ["Qiánghuà zhìhuì chéngshì jiànshè",
            "Gǎishàn shēngtài huánjìng zhìliàng",
            "Jùlì mínshēng gǎishàn, zēngjìn mínshēng fúzhǐ",
            "Shǐzhōng jiānchí zài fāzhǎn zhōng bǎozhàng hé gǎishàn mínshēng",
            "Bùduàn qiánghuà dōudǐ bǎozhàng"]
    out = []
    for n, paragraph in enumerate(p for p in body.split("\n") if p):
        if n % 4 == 3:
            out.append(f"LICANG DISTRICT GOVERNMENT WORK REPORT  Page {n // 4 + 2}")
        if n < len(ruby):
            out.append(ruby[n])
        out.append(paragraph)
    return "\n".join(out) + "\n"


def pinyin_report(body):
    """The title, its pinyin on the next line, then the damaged body."""
    title, rest = TITLE_BLOCK.split("\n", 1)
    return (title + "\nLǐcāng Qū 2024 Nián Zhèngfǔ Gōngzuò Bàogào\n" + rest +
            pinyin_debris(body))


HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_青岛市李沧区人民政府</title>
<style type="text/css">
body {{ font-family: "Microsoft YaHei"; }} .nav li {{ float: left; }}
p {{ text-indent: 2em; line-height: 2; }} /* 正文 */
</style>
<script type="text/javascript">
  // 统计代码: 新增访问量1000人次 must never reach the report text
  var _hmt = _hmt || []; var siteId = "3702130009";
  function share(t) {{ if (t < 3) {{ return "分享到微信"; }} }}
</script>
</head>
<body>
<div class="top">
<ul class="nav">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/zjlc/">走进李沧</a></li>
</ul>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 规划计划</div>
<div class="article">
<h1>{title}</h1>
<div class="info">发布时间：2024-01-15 09:30&nbsp;&nbsp;来源：李沧区人民政府办公室&nbsp;&nbsp;浏览次数：2381</div>
<div class="tools">【字号：<a>大</a> <a>中</a> <a>小</a>】【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
<div class="content">
"""

HTML_FOOT = """</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="pager">上一篇：李沧区2023年政府工作报告<br>下一篇：关于2023年预算执行情况的报告</div>
</div>
<div class="links">相关链接：<a>青岛市人民政府</a> <a>市南区人民政府</a> <a>崂山区人民政府</a></div>
<div class="footer">
<p>主办单位：青岛市李沧区人民政府办公室&nbsp;&nbsp;网站标识码：3702130009</p>
<p>鲁ICP备05006456号-1&nbsp;&nbsp;鲁公网安备 37021302000123号</p>
<p>版权所有 &copy; 2024 青岛市李沧区人民政府</p>
</div>
<script>document.write("<p>技术支持：某某科技有限公司</p>");</script>
</body>
</html>
"""


def html_page(body):
    """The report as a government site serves it: navigation, breadcrumb,
    script and style, one <p> a paragraph indented with &nbsp;, quotes as
    entities, then share bar, pager, links and footer."""
    occasion = TITLE_BLOCK.split("\n")[1]
    paragraphs = [f'<p style="text-align:center">{occasion}</p>']
    for paragraph in (p for p in body.split("\n") if p):
        paragraph = paragraph.replace("“", "&ldquo;").replace("”", "&rdquo;")
        paragraphs.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{paragraph}</p>")
    return (HTML_HEAD.format(title=TITLE) + "\n".join(paragraphs) + "\n" +
            HTML_FOOT)


def furniture_only():
    """What a broken extraction of the report leaves: the title, then per
    page only the running header and page number, no report text."""
    out = [TITLE, ""]
    for page in range(1, 6):
        out.append("\f" + TITLE if page > 1 else TITLE)
        out.append("")
        out.append(f"— {page} —" if page % 2 else f"- {page} -")
        out.append("")
    return "\n".join(out)


def random_bytes():
    rng = random.Random(20240110)
    return bytes(rng.getrandbits(8) for _ in range(4096))


def main():
    with open(SAMPLE, encoding="utf-8") as f:
        body = f.read()
    report = TITLE_BLOCK + body
    # A name with a character outside GBK (U+36C3, four bytes in GB18030),
    # so this file is GB18030 proper and not just GBK under another name.
    gb18030_report = TITLE_BLOCK.replace(
        "\n\n", "\n区长　王㛃\n\n", 1) + body
    # OpenCC's own standard (啓, 爲, 羣, 衆) for the UTF-8 file; Taiwan's
    # (s2tw) for Big5, whose table lacks those variants, as a real Big5
    # file from Taiwan or Hong Kong would hold.
    traditional = opencc(report, "s2t.json")
    traditional_big5 = opencc(report, "s2tw.json")

    fixtures = {
        "licang.gb18030.txt": gb18030_report.encode("gb18030"),
        # GBK as Windows Notepad saves it: CRLF line ends.
        "licang.gbk_crlf.txt": report.replace("\n", "\r\n").encode("gbk"),
        "licang.utf8_bom.txt": report.encode("utf-8-sig"),
        "licang.utf16le_bom.txt": b"\xff\xfe" + report.encode("utf-16-le"),
        "licang.utf16be_bom.txt": b"\xfe\xff" + report.encode("utf-16-be"),
        "licang.traditional.big5.txt": traditional_big5.encode("big5"),
        "licang.traditional.utf8.txt": traditional.encode("utf-8"),
        "licang.pinyin.txt": pinyin_report(body).encode("utf-8"),
        "licang.pdf_debris.txt": (TITLE_BLOCK + pdf_debris(body)).encode("utf-8"),
        "licang.web.html": html_page(body).encode("utf-8"),
        "furniture_only.txt": furniture_only().encode("utf-8"),
        "random.bin": random_bytes(),
    }
    for name, data in fixtures.items():
        assert len(data) < MAX_FIXTURE_BYTES, (name, len(data))
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{len(data):6d}  {name}")


if __name__ == "__main__":
    main()
