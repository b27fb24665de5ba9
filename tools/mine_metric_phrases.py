#!/usr/bin/python3
"""The metric phrases that recur across reports, and how many quantities
carry a canonical indicator id (data/lexicon/metrics.tsv).

Usage: mine_metric_phrases.py REPORTCTL FOLDER... [--min-reports 3] [--all]

Runs `REPORTCTL extract` on every file of the folders, prints the share of
quantities whose metric_id is set, then every metric phrase found in at
least --min-reports reports (most reports first) that carries no id in any
of them, with its units: the worklist for the catalogue. --all lists the
phrases with an id too.
"""
import argparse
import collections
import json
import os
import subprocess


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reportctl")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--min-reports", type=int, default=3)
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args()
    reports = collections.defaultdict(set)
    units = collections.defaultdict(collections.Counter)
    ids = collections.defaultdict(collections.Counter)
    total = with_id = 0
    for folder in args.folders:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            out = subprocess.run([args.reportctl, "extract", "--format=jsonl",
                                  path], capture_output=True).stdout
            for line in out.decode("utf-8", "replace").splitlines():
                for q in json.loads(line).get("quantities", []):
                    total += 1
                    with_id += bool(q.get("metric_id"))
                    phrase = q.get("metric", "")
                    if not phrase:
                        continue
                    reports[phrase].add(path)
                    units[phrase][q.get("unit", "")] += 1
                    ids[phrase][q.get("metric_id", "")] += 1
    print(f"quantities {total}, with a canonical id {with_id} "
          f"({with_id / max(1, total):.4f})")
    rows = sorted(((len(r), p) for p, r in reports.items()
                   if len(r) >= args.min_reports), reverse=True)
    for n, phrase in rows:
        named = [i for i in ids[phrase] if i]
        if named and not args.all:
            continue
        print(f"{n}\t{phrase}\t{dict(units[phrase].most_common(3))}\t"
              f"{','.join(named) or '-'}")


if __name__ == "__main__":
    main()
