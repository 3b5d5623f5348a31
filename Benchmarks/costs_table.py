"""Turns the outputs of Benchmarks/costs.sh into markdown tables, one per stop rule and data set.

usage: costs_table.py DIR OUT.md (files DIR/STOP.DATA.LAMBDA.PRUNE.json)
"""
import glob
import json
import os
import sys

directory, out = sys.argv[1], sys.argv[2]
results = {}
for path in glob.glob(os.path.join(directory, "*.json")):
    stop, data, rest = os.path.basename(path)[:-5].split(".", 2)
    lambda_, prune = rest.rsplit(".", 1)
    results[(stop, data, float(lambda_), prune)] = json.load(open(path))

lines = [
    "# Accuracy against test cost",
    "",
    "`Benchmarks/costs.sh`: `asonn evaluate Datasets/DATA.csv --costs CostProfiles/DATA.json --holdout 0.3",
    "--repeats 5 --seed 0 --stop-rule S --lambda L --prune P`. acc = mean holdout accuracy, panel = cost",
    "of every test the model uses, sequential = mean cost per test row under sequential acquisition",
    "(both with group sharing, in CAD), tests = attributes used, rules = combinations.",
]
for stop in sorted({k[0] for k in results}):
    for data in ["heart", "pima", "bupa"]:
        keys = sorted(k for k in results if k[0] == stop and k[1] == data)
        if not keys:
            continue
        full = results[keys[0]]["all_tests_cost"]
        lines += ["", f"## {data}, stop rule {stop} (all tests cost {full:.2f})", "",
                  "| lambda | prune | acc | bal. acc | panel | sequential | sequential % of all | tests | rules |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        order = {"none": 0, "hypercuboid": 1, "panel": 2, "seed": 3}
        for key in sorted(keys, key=lambda k: (k[2], order[k[3]])):
            r = results[key]
            share = 100 * r["mean_cost"] / full
            lines.append(f"| {key[2]:g} | {key[3]} | {r['accuracy']:.3f} | {r['balanced_accuracy']:.3f} | {r['panel_cost']:.2f} "
                         f"| {r['mean_cost']:.2f} | {share:.0f}% | {r['attributes_used']:.1f} | {r['combinations']:.1f} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
