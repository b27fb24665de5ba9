#!/usr/bin/python3
"""Report identity on the wild set (tests/data/wild: 108 real reports as
collected, answers in SOURCES.tsv; see its README.txt): district, delivery
year, and city or province reports given no county, scored by
tests/data/identify_score.py through `reportctl extract`. Fails below the
floors of issue 13. Usage: identity_test.py REPORTCTL"""
import json
import os
import subprocess
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
FLOORS = {"district_acc": 0.98, "year_acc": 0.97}
# City and province reports that must get no county: 17 of 18.
MIN_OTHER_LEVEL_RIGHT = 17 / 18


def main():
    reportctl = sys.argv[1]
    wild = os.path.join(DATA, "wild")
    out = subprocess.run(
        [sys.executable, os.path.join(DATA, "identify_score.py"),
         "--sources", os.path.join(wild, "SOURCES.tsv"),
         "--reports", os.path.join(wild, "reports"),
         "--cmd", reportctl + " extract --format=jsonl {file}", "--json",
         "--verbose"],
        capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    print("\n".join(lines))
    scores = json.loads(lines[-1])
    failed = [f"{k} {scores[k]} < {v}" for k, v in FLOORS.items()
              if scores[k] < v]
    if scores["other_level_right"] < MIN_OTHER_LEVEL_RIGHT:
        failed.append(f"other_level_right {scores['other_level_right']}")
    if scores["errors"]:
        failed.append(f"{scores['errors']} reports gave no answer")
    if failed:
        sys.exit("below the floors: " + "; ".join(failed))


if __name__ == "__main__":
    main()
