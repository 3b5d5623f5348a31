"""Turns `asonn evaluate --format json` outputs into a markdown table.

usage: accuracy_table.py DIR OUT.md LABEL... (files DIR/NAME.LABEL.json)
"""
import glob
import json
import os
import platform
import sys

directory, out, labels = sys.argv[1], sys.argv[2], sys.argv[3:]
names = sorted({os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(directory, "*.json"))})
results = {(n, l): json.load(open(os.path.join(directory, f"{n}.{l}.json"))) for n in names for l in labels}

lines = [
    "# ASONN holdout accuracy",
    "",
    "Stratified 70:30 holdout, seeds 0-4 (`asonn evaluate DATA --holdout 0.3 --repeats 5 --seed 0`),",
    "every data set of the benchmark folder but magic, penbased and letter (the scaling sets);",
    "a set over 3,500 rows on a fixed stratified sample of 3,500 (rows: sample of all). acc = accuracy,",
    "bal = balanced accuracy, comb = mean combinations, cond = mean conditions per rule (ranges",
    "that constrain), build = mean build seconds",
    f"(release build, {platform.machine()}, {os.cpu_count()} cores).",
    "",
    "| data | rows | " + " | ".join(f"{l} acc | {l} bal | {l} comb | {l} cond | {l} build" for l in labels) + " |",
    "|---|---:|" + "---:|" * (5 * len(labels)),
]
for n in names:
    cells = []
    for l in labels:
        r = results[(n, l)]
        cells += [f"{r['accuracy']:.3f}", f"{r['balanced_accuracy']:.3f}", f"{r['combinations']:.1f}",
                  f"{r['constraining_ranges'] / r['combinations']:.1f}", f"{r['build_seconds']:.3f}"]
    total = os.path.join(directory, f"{n}.total")  # written for a sampled set: its full row count
    rows = results[(n, labels[0])]['rows']
    shown = f"{rows} of {open(total).read().strip()}" if os.path.exists(total) else f"{rows}"
    lines.append(f"| {n} | {shown} | " + " | ".join(cells) + " |")
mean = lambda key, l: sum(results[(n, l)][key] for n in names) / len(names)
conditions = lambda l: sum(results[(n, l)]['constraining_ranges'] / results[(n, l)]['combinations'] for n in names) / len(names)
cells = []
for l in labels:
    cells += [f"**{mean('accuracy', l):.3f}**", f"{mean('balanced_accuracy', l):.3f}", f"{mean('combinations', l):.1f}",
              f"{conditions(l):.1f}", f"{mean('build_seconds', l):.3f}"]
lines.append(f"| mean of {len(names)} | | " + " | ".join(cells) + " |")
# Per model, not per rule: what a reader of the whole rule list has to read.
lines += ["", f"Mean conditions per model over the {len(names)} sets: "
          + ", ".join(f"{l} {mean('constraining_ranges', l):.1f}" for l in labels) + "."]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
