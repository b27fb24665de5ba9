#!/usr/bin/python3
"""The share of metric phrases that begin or end with a word that is no
part of what is counted: a function word, an ordinal, a list marker, a
comparison base or a verb fragment (issue 14 wants at most 1%).

Usage: phrase_check.py REPORTCTL FOLDER... [--examples N] [--json]

Runs `REPORTCTL extract` on every file of the folders and checks every
quantity's metric phrase (empty phrases are not counted). The word lists
below are this check's own, written from the annotation guide
(ANNOTATION.md: "the shortest phrase in the text that names what is
counted") rather than copied from data/lexicon/, so that the check does
not merely restate the extractor's tables. Prints the share, the count by
category and the commonest offenders of each.
"""
import argparse
import collections
import json
import os
import re
import subprocess

# Words a noun phrase naming a counted thing neither starts nor ends with.
FUNCTION_WORDS = [
    "的", "了", "着", "和", "与", "及", "以及", "或", "或者", "并", "并且",
    "而", "且", "也", "都", "又", "还", "就", "在", "对", "于", "为", "把",
    "被", "将", "从", "由", "向", "以", "其", "之", "等", "已", "均", "各",
    "约", "近", "共", "再", "更", "最", "该", "此", "这", "那", "我们", "我",
]
ORDINALS_AND_LIST_MARKERS = [
    "第", "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是",
    "九是", "十是", "其中", "其一", "首先", "其次", "再次", "最后",
    "此外", "另外", "一方面", "另一方面", "一、", "二、", "三、", "、",
    "，", ",", "；", ";", "：", ":", "。",
]
# Comparison bases: a phrase that is (or ends in) the base a figure is
# compared with names no metric ("比2006年", "分别比“四经普”").
COMPARISON_BASES = [
    "比", "较", "同比", "环比", "分别比", "分别较", "比上年", "较上年",
    "比去年", "较去年", "较年初", "比年初", "年均", "可比",
]
# A comparison base ending the phrase: 比/较/由/从 followed by a year or a
# period ("生产总值从2015年", "比“十二五”末").
BASE_AT_END = re.compile(
    r"(比|较|由|从|是|同比)[^比较由从]{0,3}(\d{4}年|“[^”]+”末|上年|去年|年初)"
    r"(同期|底|末)?$")
# Verbs that open or close a predicate, not a noun phrase: "完成投资" is
# what was done, "投资" what is counted; "企业累计提供" ends mid-clause.
LEADING_VERBS = [
    "完成", "实现", "达到", "突破", "超过", "保持", "确保", "力争", "争取",
    "预计", "累计", "合计", "总计", "共计", "共有", "分别", "全年", "今年",
    "年内", "预期", "计划", "推动", "推进", "加快", "持续", "不断", "积极",
    "全力", "大力", "努力", "着力", "提高", "提升", "降低", "下降",
    "增长", "控制", "稳定在", "抓好", "做好", "办好",
]
TRAILING_VERBS = [
    "完成", "实现", "达到", "达", "突破", "超过", "保持", "确保", "力争",
    "预计", "累计", "提供", "增长", "增加", "下降", "降低",
    "减少", "发展到", "稳定", "控制", "占", "为", "是", "有", "到", "至",
    "要", "将", "可", "能", "居", "位居", "列", "分别", "同比", "按", "比",
    "较",
]


# Words that merely begin or end with one of the characters above: 就业
# (jobs) is no 就, 在建 (under construction) no 在, 第三产业 no ordinal,
# 占比 (share) and 存贷比 no comparison, 产能 (capacity) no 能, 签约
# (signing) no 约.
WORDS_AT_START = [
    "就业", "再就业", "在建", "在校", "在职", "在岗", "在册", "从业", "更新",
    "约束", "对外", "对口", "为民", "为老", "各项", "以旧换新", "第一产业",
    "第二产业", "第三产业", "比重", "较大", "并网", "共享", "共建", "将军",
    "最低", "最高", "再生", "都市", "近岸", "在库", "最美", "最具", "增长极",
]
WORDS_AT_END = ["占比", "存贷比", "之比", "报销比", "补偿比", "报免比",
                "产能", "能力", "节能", "动能", "智能", "功能", "效能", "职能",
                "技能", "储能", "热能", "性能", "新居", "民居", "意向", "方向",
                "签约", "节约"]


def classify(phrase):
    """The categories a phrase falls in (empty when it is clean)."""
    found = []
    head = next((w for w in WORDS_AT_START if phrase.startswith(w)), "")
    tail = next((w for w in WORDS_AT_END if phrase.endswith(w)), "")
    if head or tail:
        # Checked as the rest would be, but the word stays whole.
        phrase = "字" * bool(head) + phrase[len(head):len(phrase) -
                                           len(tail)] + "字" * bool(tail)
    if any(phrase.startswith(w) or phrase.endswith(w)
           for w in FUNCTION_WORDS):
        found.append("function word")
    if any(phrase.startswith(w) or phrase.endswith(w)
           for w in ORDINALS_AND_LIST_MARKERS):
        found.append("ordinal or list marker")
    if (any(phrase.startswith(w) for w in COMPARISON_BASES) or
            BASE_AT_END.search(phrase)):
        found.append("comparison base")
    if (any(phrase.startswith(w) for w in LEADING_VERBS) or
            any(phrase.endswith(w) for w in TRAILING_VERBS)):
        found.append("verb fragment")
    return found


def phrases(reportctl, folders):
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            out = subprocess.run(
                [reportctl, "extract", "--format=jsonl",
                 os.path.join(folder, name)], capture_output=True).stdout
            for line in out.decode("utf-8", "replace").splitlines():
                for q in json.loads(line).get("quantities", []):
                    if q.get("metric"):
                        yield q["metric"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reportctl")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    total = bad = 0
    by_category = collections.defaultdict(collections.Counter)
    for phrase in phrases(args.reportctl, args.folders):
        total += 1
        categories = classify(phrase)
        bad += bool(categories)
        for c in categories:
            by_category[c][phrase] += 1
    share = bad / max(1, total)
    if args.json:
        print(json.dumps({"phrases": total, "bad": bad,
                          "share": round(share, 4),
                          "by_category": {c: sum(v.values()) for c, v in
                                          by_category.items()}},
                         ensure_ascii=False))
        return
    print(f"phrases {total}, beginning or ending badly {bad} ({share:.4f})")
    for c, counter in sorted(by_category.items()):
        print(f"{c}: {sum(counter.values())}")
        for phrase, n in counter.most_common(args.examples):
            print(f"  {n:4} {phrase}")


if __name__ == "__main__":
    main()
