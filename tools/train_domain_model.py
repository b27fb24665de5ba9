#!/usr/bin/python3
"""Trains the domain model (data/lexicon/domain_model.tsv) and measures it
report by report, leaving each annotated report out in turn.

Usage:
  train_domain_model.py REPORTCTL [--out data/lexicon/domain_model.tsv]
  train_domain_model.py REPORTCTL --leave-one-out [--build-dir build-loo]
                        [--rule-weights 0,5,10] [--json]

The model is multinomial naive Bayes over character n-grams (1 to 3
characters) of what the extractor holds when it picks a commitment's domain
(common/domain_classifier.h): the metric phrases of its quantities, their
last one to three characters (a Chinese noun phrase ends with its head),
the commitment's sentence and its section titles. (The clause is part of
the sentence; as a field of its own it added size, not accuracy.) Each
field is its own multinomial; a field's points are its log-probabilities
times the field's weight, in tenths (integers, so that the C++ sums are
exact).
An n-gram's row holds its points above the field's floor (what any n-gram
of the field scores in a domain it was never seen in); the floor row counts
once per n-gram of the field found in the table.

The training items are the gold items of every annotated set (tests/data,
tests/data/extra, tests/data/wild-excerpts), each paired with the quantity
REPORTCTL extracts for it (same value, unit and sentence, as
tests/data/score.py pairs them), whose commitment gives the features: the
features are what the C++ sees, not the annotator's phrase.

The domain the extractor reports is the model's points plus the keyword
rules' points (data/lexicon/domain_keywords.tsv) times `rule_weight`, a row
of the model file; the cue and catalogue rules settle a domain before
either (see common/extract.cc).

--leave-one-out: for each annotated report, trains without it, writes the
weights to BUILD_DIR's model file, rebuilds reportctl there (a build
configured with -DGOVREPORT_DOMAIN_MODEL=<that file>, see
common/CMakeLists.txt; the first run configures and builds it, minutes) and
scores the domains of the report's required items with that binary: the
same code path as the fitted model. With several --rule-weights, each is
evaluated; the model-alone figure (no rules, no catalogue) is computed in
Python with the same integer arithmetic. The keyword rules and the metric
catalogue are hand-written and were tuned reading all the annotated
reports, so only the model is held out: the combined figure is an upper
bound for reports never seen, the model-alone figure an honest one.
"""
import argparse
import collections
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")
sys.path.insert(0, DATA)
import score  # noqa: E402  (tests/data/score.py)

SETS = [("dev", DATA), ("extra", os.path.join(DATA, "extra")),
        ("wild", os.path.join(DATA, "wild-excerpts"))]
DOMAINS = ["economy", "industry", "investment_trade", "employment",
           "social_security", "education", "health", "elderly_care",
           "childcare", "housing", "urban_development", "environment",
           "culture_sports_tourism", "public_safety", "digital_government",
           "governance", "rural"]

# The fields and their weights (a field's log-probabilities count this many
# times): the metric phrase names what is counted, so it weighs most; the
# section titles only set the scene. An n-gram is kept when it occurs in
# at least MIN_REPORTS training reports: one report's names and phrasings
# teach nothing about the next. Chosen by the model-alone leave-one-out
# accuracy (0.74, against 0.75 keeping what two items share, at a fifth of
# the size).
FIELDS = {"metric": 3.0, "metric_end": 3.0, "sentence": 1.0, "heading": 0.5}
MIN_REPORTS = 2
# Additive smoothing of the n-gram counts.
ALPHA = 0.03
# The keyword rules' weight against the model: model points per rule point.
# Of 0, 2, 5, 10, 20, 50, 100 and 1000, 50 scored best leaving one report
# out (pooled domain accuracy 0.771, 0.832, 0.869, 0.896, 0.905, 0.914,
# 0.911, 0.913): the model decides where the keywords say nothing or tie,
# and where they are weak.
DEFAULT_RULE_WEIGHT = 50
SCALE = 10  # points per unit of log-probability


def ngrams(text):
    """Every 1-, 2- and 3-character substring, once per occurrence."""
    for n in (1, 2, 3):
        for i in range(len(text) - n + 1):
            yield text[i:i + n]


def features(item):
    """(field, n-gram) -> occurrences, as DomainModel::Score counts them."""
    f = collections.Counter()
    for metric in item["metrics"]:
        for g in ngrams(metric):
            f["metric", g] += 1
        for n in (1, 2, 3):
            if len(metric) >= n:
                f["metric_end", metric[-n:]] += 1
    for g in ngrams(item["sentence"]):
        f["sentence", g] += 1
    for title in item["section"]:
        for g in ngrams(title):
            f["heading", g] += 1
    return f


def extract(reportctl, report):
    out = subprocess.run([reportctl, "extract", "--format=jsonl", report],
                         capture_output=True, check=True).stdout
    return out.decode("utf-8")


def report_files():
    """(set, stem, report path, gold path) of every annotated report."""
    rows = []
    for set_name, folder in SETS:
        gold_dir = os.path.join(folder, "gold")
        reports = os.path.join(folder, "reports")
        for name in sorted(os.listdir(gold_dir)):
            if not name.endswith(".jsonl"):
                continue
            stem = name[:-len(".jsonl")]
            report = sorted(f for f in os.listdir(reports)
                            if f.startswith(stem + "."))[0]
            rows.append((set_name, stem, os.path.join(reports, report),
                         os.path.join(gold_dir, name)))
    return rows


def items_of(output, gold_path):
    """The gold items of a report paired with the extracted quantities, as
    score.py pairs them (required items first, optional ones among the rest),
    each with its commitment's features and the domain reported."""
    preds = []
    for line in output.splitlines():
        c = json.loads(line)
        quantities = c.get("quantities", [])
        for q in quantities:
            preds.append({
                "value": float(q["value"]),
                "unit": score.norm_unit(q.get("unit")),
                "sentence": c["sentence"],
                "metrics": [x.get("metric", "") for x in quantities],
                "clause": c["text"],
                "section": c.get("section_path", []),
                "domain": score.norm_enum(c.get("domain")),
            })
    gold = score.load_jsonl(gold_path)
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    matches, _, used = score.score_report(required, preds)
    rest = [p for i, p in enumerate(preds) if i not in used]
    optional_matches, _, _ = score.score_report(optional, rest)
    items = []
    for is_required, pairs in ((True, matches), (False, optional_matches)):
        for g, p in pairs:
            items.append(dict(p, gold=g["domain"], required=is_required,
                              report=os.path.basename(gold_path)))
    return items


def collect(reportctl):
    """Every report's paired items, keyed by (set, stem)."""
    return {(s, stem): items_of(extract(reportctl, path), gold)
            for s, stem, path, gold in report_files()}


def train(items):
    """The model (field -> n-gram -> domain -> points, with the floor of
    each field under the n-gram None and the prior under ("prior", None))."""
    k = len(DOMAINS)
    counts = {field: collections.defaultdict(lambda: [0] * k)
              for field in FIELDS}
    reports = {field: collections.defaultdict(set) for field in FIELDS}
    prior = [0] * k
    for item in items:
        d = DOMAINS.index(item["gold"])
        prior[d] += 1
        for (field, g), n in features(item).items():
            # A table field holds no blanks (tests/common/lexicon_test.cc).
            if any(c.isspace() for c in g):
                continue
            counts[field][g][d] += n
            reports[field][g].add(item["report"])
    model = {"prior": {None: [round(SCALE * math.log((p + 1) / (len(items) + k)))
                              for p in prior]}}
    for field, weight in FIELDS.items():
        kept = {g: c for g, c in counts[field].items()
                if len(reports[field][g]) >= MIN_REPORTS}
        if not kept:
            model[field] = {None: [0] * k}
            continue
        totals = [sum(c[d] for c in kept.values()) for d in range(k)]
        size = len(kept)

        def points(n, d):
            return weight * SCALE * math.log(
                (n + ALPHA) / (totals[d] + ALPHA * size))

        floor = [round(points(0, d)) for d in range(k)]
        rows = {None: floor}
        for g, c in kept.items():
            rows[g] = [round(points(c[d], d)) - floor[d] for d in range(k)]
        model[field] = rows
    return model


def model_scores(model, item):
    """The model's points by domain, as DomainModel adds them."""
    s = list(model["prior"][None])
    for (field, g), n in features(item).items():
        row = model[field].get(g)
        if row is None:
            continue
        floor = model[field][None]
        for d in range(len(DOMAINS)):
            s[d] += n * (row[d] + floor[d])
    return s


def best(scores):
    """The first domain with the most points (DOMAINS is in enum order)."""
    return DOMAINS[max(range(len(scores)), key=lambda d: (scores[d], -d))]


def write_model(model, rule_weight, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write(f"rule_weight\t{rule_weight}\n")

        def row(field, g, points):
            cells = "\t".join(f"{d + 1}:{p}" for d, p in enumerate(points) if p)
            f.write(f"{field}\t{g}\t{cells}\n")

        row("prior", "-", model["prior"][None])
        for field in FIELDS:
            row(field + "_floor", "-", model[field][None])
        for field in FIELDS:
            for g in sorted(k for k in model[field] if k is not None):
                row(field, g, model[field][g])


HEADER = """\
# The domain model: naive Bayes over character n-grams, written by
# tools/train_domain_model.py from the annotated sets (do not edit by hand:
# retrain). A commitment's model points in a domain are the prior's, plus,
# for every n-gram (1 to 3 characters, each occurrence) of its metric
# phrases (metric), of their last 1, 2 and 3 characters (metric_end), of
# its sentence (sentence) and of its section titles (heading) that has a
# row of its field here, that row's points and the field's floor. Points
# are tenths of a log-probability times the field's weight; a row omits the
# domains where its points are 0. The domain reported is the one with the
# most model points plus rule_weight times the keyword rules' points
# (common/domain_classifier.h), rule_weight chosen by leave-one-report-out
# accuracy.
#
# Rows: rule_weight <TAB> integer; or field <TAB> n-gram ("-" for the prior
# and the floors) then <TAB> domain:points for each domain whose points are
# not 0, the domain as its number in proto/govreport/v1/records.proto
# (1 economy ... 17 rural).
"""


def accuracy(items, predict):
    required = [i for i in items if i["required"]]
    right = sum(predict(i) == i["gold"] for i in required)
    return right, len(required)


def ensure_build(build_dir, model_path):
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja",
                        f"-DGOVREPORT_DOMAIN_MODEL={model_path}"],
                       check=True, capture_output=True)
    else:
        subprocess.run(["cmake", build_dir,
                        f"-DGOVREPORT_DOMAIN_MODEL={model_path}"],
                       check=True, capture_output=True)


def build_reportctl(build_dir):
    run = subprocess.run(["cmake", "--build", build_dir, "--target",
                          "reportctl"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stdout[-2000:] + run.stderr[-2000:])
    return os.path.join(build_dir, "bin", "reportctl")


def leave_one_out(reportctl, build_dir, rule_weights):
    """Per report: the model-alone accuracy and, for each rule weight, the
    accuracy of reportctl built with the held-out model."""
    data = collect(reportctl)
    files = {(s, stem): (path, gold) for s, stem, path, gold in report_files()}
    model_dir = tempfile.mkdtemp(prefix="domain_model_loo.")
    model_path = os.path.join(model_dir, "domain_model.tsv")
    write_model(train([]), 0, model_path)
    ensure_build(build_dir, model_path)
    rows = []
    try:
        for key, held_out in data.items():
            rest = [i for k, v in data.items() if k != key for i in v]
            model = train(rest)
            row = {"set": key[0], "report": key[1],
                   "items": sum(i["required"] for i in held_out)}
            right, n = accuracy(held_out,
                                lambda i: best(model_scores(model, i)))
            row["model_alone"] = right
            path, gold = files[key]
            for w in rule_weights:
                write_model(model, w, model_path)
                binary = build_reportctl(build_dir)
                right, n = accuracy(items_of(extract(binary, path), gold),
                                    lambda i: i["domain"])
                row[f"rule_weight={w}"] = right
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
    finally:
        shutil.rmtree(model_dir)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reportctl")
    ap.add_argument("--out", default=os.path.join(
        ROOT, "data", "lexicon", "domain_model.tsv"))
    ap.add_argument("--rule-weight", type=int, default=DEFAULT_RULE_WEIGHT)
    ap.add_argument("--leave-one-out", action="store_true")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-loo"))
    ap.add_argument("--rule-weights", default=str(DEFAULT_RULE_WEIGHT),
                    help="comma-separated rule weights to evaluate")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.leave_one_out:
        items = [i for v in collect(args.reportctl).values() for i in v]
        write_model(train(items), args.rule_weight, args.out)
        return
    weights = [int(w) for w in args.rule_weights.split(",")]
    rows = leave_one_out(args.reportctl, args.build_dir, weights)
    columns = ["model_alone"] + [f"rule_weight={w}" for w in weights]
    total = sum(r["items"] for r in rows)
    pooled = {c: round(sum(r[c] for r in rows) / max(1, total), 4)
              for c in columns}
    if args.json:
        print(json.dumps({"reports": rows, "pooled": pooled},
                         ensure_ascii=False))
        return
    print(f"{'set':6} {'report':10} {'items':>5} " +
          " ".join(f"{c:>15}" for c in columns))
    for r in rows:
        print(f"{r['set']:6} {r['report']:10} {r['items']:5} " +
              " ".join(f"{r[c] / max(1, r['items']):15.4f}" for c in columns))
    print(f"{'pooled':17} {total:5} " +
          " ".join(f"{pooled[c]:15.4f}" for c in columns))


if __name__ == "__main__":
    main()
