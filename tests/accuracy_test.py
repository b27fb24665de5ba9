#!/usr/bin/python3
"""The extractor's accuracy on the dev set (tests/data, the shared corpus
and its gold) and on more real excerpts (tests/data/extra, see its
SOURCES.md), scored by tests/data/score.py through `reportctl extract`.
Fails below the floors the team set. Usage: accuracy_test.py REPORTCTL"""
import json
import os
import subprocess
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
FLOORS = {"f1": 0.90, "comparator_acc": 0.90, "kind_acc": 0.90,
          "domain_acc": 0.80, "metric_acc": 0.85, "district_acc": 1.0}


# The sets scored: (name, folder holding reports/ and gold/).
SETS = [("dev", DATA), ("extra", os.path.join(DATA, "extra"))]


def score(reportctl, folder):
    out = subprocess.run(
        [sys.executable, os.path.join(DATA, "score.py"),
         "--gold", os.path.join(folder, "gold"),
         "--reports", os.path.join(folder, "reports"),
         "--cmd", reportctl + " extract --format=jsonl {file}", "--json"],
        capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    reportctl = sys.argv[1]
    failed = []
    for name, folder in SETS:
        scores = score(reportctl, folder)
        print(name, json.dumps(scores))
        failed += [f"{name} {k} {scores[k]} < {v}"
                   for k, v in FLOORS.items() if scores[k] < v]
        if scores["errors"]:
            failed.append(f"{name}: {scores['errors']} extraction errors")
    if failed:
        sys.exit("below the floors: " + "; ".join(failed))


if __name__ == "__main__":
    main()
