#!/usr/bin/python3
"""Domain accuracy report by report, over every annotated set.

Usage: loo_domain.py REPORTCTL [--json]

Issue 14 asks for leave-one-report-out domain accuracy: the accuracy on a
report of a classifier trained or tuned without it. This script prints the
fit: each report's domain accuracy with the domain model trained on all
of them (data/lexicon/domain_model.tsv) and the hand-written tables
(data/lexicon/domain_keywords.tsv, domain_cues.tsv, the metric catalogue),
tuned reading all of them. The held-out figures are
tools/train_domain_model.py --leave-one-out's: it retrains the model
without each report and rebuilds reportctl with it (the tables stay as
they are, so its combined figure is an upper bound; its model-alone figure
holds nothing out of sight).
"""
import json
import os
import subprocess
import sys

DATA = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, DATA)
import score  # noqa: E402  (tests/data/score.py)

SETS = [("dev", DATA), ("extra", os.path.join(DATA, "extra")),
        ("wild", os.path.join(DATA, "wild-excerpts"))]


def report_scores(reportctl, folder):
    """(report, matched items, right domains) for each report of a set."""
    rows = []
    gold_dir = os.path.join(folder, "gold")
    reports = os.path.join(folder, "reports")
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".jsonl"):
            continue
        stem = name[:-len(".jsonl")]
        report = [f for f in os.listdir(reports) if f.startswith(stem + ".")]
        out = subprocess.run(
            [reportctl, "extract", "--format=jsonl",
             os.path.join(reports, sorted(report)[0])],
            capture_output=True, check=True).stdout.decode("utf-8", "replace")
        preds, _ = score.parse_pred(out)
        gold = [g for g in score.load_jsonl(os.path.join(gold_dir, name))
                if not g.get("optional")]
        matches, _, _ = score.score_report(gold, preds)
        right = sum(score.norm_enum(g["domain"]) == p["domain"]
                    for g, p in matches)
        rows.append((stem, len(matches), right))
    return rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    reportctl = sys.argv[1]
    results = []
    for set_name, folder in SETS:
        for stem, matched, right in report_scores(reportctl, folder):
            results.append({"set": set_name, "report": stem,
                            "matched": matched,
                            "domain_acc": round(right / max(1, matched), 4)})
    accs = [r["domain_acc"] for r in results]
    pooled = (sum(r["domain_acc"] * r["matched"] for r in results) /
              max(1, sum(r["matched"] for r in results)))
    summary = {"reports": len(results), "min": round(min(accs), 4),
               "mean": round(sum(accs) / len(accs), 4),
               "pooled": round(pooled, 4),
               "held_out": False,
               "note": "model and rules fitted on all reports; held-out "
                       "figures: tools/train_domain_model.py --leave-one-out"}
    if "--json" in sys.argv:
        print(json.dumps({"reports": results, "summary": summary},
                         ensure_ascii=False))
        return
    print(f"{'set':6} {'report':12} {'matched':>7} {'domain':>7}")
    for r in results:
        print(f"{r['set']:6} {r['report']:12} {r['matched']:7} "
              f"{r['domain_acc']:7.4f}")
    print(f"per report: min {summary['min']:.4f} mean {summary['mean']:.4f};"
          f" pooled {summary['pooled']:.4f} over {summary['reports']} reports")
    print("NOTE: " + summary["note"] + " (see this script's docstring).")


if __name__ == "__main__":
    main()
