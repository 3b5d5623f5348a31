#!/usr/bin/env python3
"""Accuracy against test cost: ASONN against cost-aware peers.

On the data sets that have a cost profile (heart, pima, bupa with CostProfiles/DATA.json),
on the same stratified 70:30 split files as compare.py (seeds 0-4, written once under
Benchmarks/splits/), six methods are run:

- ASONN plan: for a budget B of 10%, 25% and 50% of the cost of all tests (priced as
  below), `asonn plan train.csv --costs PROFILE --budget B -o m.json --quiet` (its
  default study: 5-fold stratified cross-validation on the training split only, repeated
  with new folds as often as keeps repeats x rows near 3,000 (at most 5 times), over
  cost-aware greedy test panels x lambda in {0, 0.5, 1, 2, 4} x prune in {none,
  hypercuboid, panel}; the most accurate configuration whose cross-validated mean cost
  per case is at most B, retrained on the whole training split), then
  `asonn predict m.json test.csv --sequential --format json`, read as for the sweep. A
  budget that plan cannot meet (non-zero exit, "No configuration reaches ...") gives no
  point.
- ASONN sweep: for lambda in {0, 0.5, 1, 2, 4} x prune in {none, hypercuboid, panel}:
  `asonn train train.csv --costs PROFILE --lambda L --prune P -o m.json --quiet`, then
  `asonn predict m.json test.csv --sequential --format json`; cost per row = its
  `mean_cost` (sequential acquisition: tests measured one at a time until the class is
  settled), panel cost = its `panel_cost`.
- LightGBM cost-effective gradient boosting (CEGB): LGBMClassifier defaults (n_jobs=1,
  verbose=-1, random_state=seed) with cegb_penalty_feature_coupled and
  cegb_penalty_feature_lazy both = each feature's stand-alone cost (own cost plus its
  group's fixed cost: LightGBM knows no groups), over a sweep of cegb_tradeoff. Panel =
  the features used by any split; cost per row = the features on the decision paths the
  row traverses in all trees (leaves from `predict(pred_leaf=True)`, paths from
  `booster_.dump_model()`).
- Greedy DT: cost-aware greedy forward selection with a DecisionTreeClassifier
  (random_state=seed). From no tests, each step adds the test, or a group's untested
  members together, with the best gain in accuracy per unit of marginal cost (accuracy =
  3-fold stratified cross-validation on the training split only; with no positive gain,
  the most accurate, then cheapest, candidate), until every test is in. Each step's tree
  is fit on the whole training split with the selected tests and evaluated on the test
  split; cost per row = the tests on the row's decision path (`decision_path`), panel =
  the tests the tree uses. Step 0 (no test) is the majority class.
- Static panel LR and static panel DT: the best fixed panel of tests, ordered for every
  case. Every subset of the tests (2^13 for heart, 2^8 for pima, 2^6 for bupa; the empty
  panel is the majority class) is priced; each panel within the largest budget is scored
  once by 5-fold stratified cross-validation on the training split only (shuffled with
  random_state=seed, the same folds for every panel), with a logistic regression
  (StandardScaler, then LogisticRegression(max_iter=1000), the scaler fitted on each
  fold's training part) and with a DecisionTreeClassifier(random_state=seed). For each
  budget B of 10%, 25% and 50% of the cost of all tests, the panel with the best mean
  cross-validated accuracy whose price is at most B (ties: the cheaper, then the one
  with fewer tests, then the smaller bit mask, test i as bit i in column order) is fit
  on the whole training split and evaluated on the test split; cost per row = panel
  cost = the panel's price (every case is measured on the whole panel). The per-panel scores are computed once
  and shared by the three budgets; panels are spread over --jobs processes, each fit
  serial, so the result does not depend on the number of processes.

Every set of tests is priced with group sharing, exactly as ASONN prices it: each test's
own cost, plus once the fixed cost of every group with a measured member.

Writes Benchmarks/results/cost.md (per data set: every point with mean accuracy, panel
cost and cost per row over the seeds; the best accuracy of each method within 10%, 25%
and 50% of the cost of all tests) and Benchmarks/results/cost-DATA.png (accuracy against mean
cost per row).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from lightgbm import LGBMClassifier  # noqa: E402
from sklearn.metrics import accuracy_score, balanced_accuracy_score  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import LabelEncoder, StandardScaler  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in Benchmarks/ (not git-ignored)
import bench_common as bc  # noqa: E402

LAMBDAS = ["0", "0.5", "1", "2", "4"]
PRUNES = ["none", "hypercuboid", "panel"]
TRADEOFFS = [0, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 10]
BUDGETS = [0.10, 0.25, 0.50]
PLAN_BUDGETS = [0.10, 0.25, 0.50]  # asonn plan --budget and the static panels, as shares of the cost of all tests
STATIC_FOLDS = 5
STATIC_LR, STATIC_DT = "static panel LR", "static panel DT"
METHODS = ["ASONN plan", "ASONN sweep", "LightGBM-CEGB", "greedy DT", STATIC_LR, STATIC_DT]


# --------------------------------------------------------------------------- ASONN

def asonn_scores(asonn: Path, profile: bc.CostProfile, model: Path, test_csv: Path, y_test) -> dict:
    """`asonn predict MODEL TEST --sequential`: accuracy, panel cost and mean cost per row."""
    out = bc.asonn_predict(asonn, model, test_csv, sequential=True)
    predictions = np.asarray(out["predictions"], dtype=object)
    # the pricing here must be ASONN's: check it on every row's measured tests
    for row in out["rows"]:
        if abs(profile.price(row["tests"]) - row["cost"]) > 1e-6:
            print(f"  warning: {test_csv} line {row['line']}: asonn prices {row['tests']} at {row['cost']}, "
                  f"this script at {profile.price(row['tests'])}", file=sys.stderr)
    return {"accuracy": accuracy_score(y_test, predictions),
            "balanced_accuracy": balanced_accuracy_score(y_test, predictions),
            "panel_cost": float(out["panel_cost"]), "row_cost": float(out["mean_cost"])}


def asonn_points(asonn: Path, profile_path: Path, train_csv: Path, test_csv: Path, y_test, work: Path):
    profile = bc.CostProfile.load(profile_path)
    for lam in LAMBDAS:
        for prune in PRUNES:
            model = work / "m.json"
            bc.asonn_train(asonn, train_csv, model, ["--costs", str(profile_path), "--lambda", lam, "--prune", prune])
            yield {"method": "ASONN sweep", "setting": f"lambda {lam}, prune {prune}",
                   "order": len(PRUNES) * LAMBDAS.index(lam) + PRUNES.index(prune),
                   **asonn_scores(asonn, profile, model, test_csv, y_test)}


PLAN_CHOSEN = re.compile(r"^Chosen: (.*)$", re.M)
# The retrained model's mean cost on the training cases (the plan's own figure).
PLAN_EXPECTED = re.compile(r"^Expected cost per case: ([0-9.]+)\b", re.M)
PLAN_CV = re.compile(r"^Cross-validated \((\d+) folds(?: x \d+ repeats)?\): accuracy ([0-9.]+) .*?, ([0-9.]+)\b[^,]* per case\.$", re.M)


def plan_points(asonn: Path, profile_path: Path, train_csv: Path, test_csv: Path, y_test, full: float, work: Path,
                missed: list):
    """`asonn plan` on the training split for each budget share, then the sequential
    prediction of the test split. A budget plan cannot meet is appended to missed."""
    profile = bc.CostProfile.load(profile_path)
    for order, share in enumerate(PLAN_BUDGETS):
        model = work / "plan.json"
        model.unlink(missing_ok=True)
        budget = share * full
        command = [str(asonn), "plan", str(train_csv), "--costs", str(profile_path), "--budget", f"{budget:.6f}",
                   "-o", str(model), "--quiet"]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        setting = f"budget {share:.0%} ({budget:.2f})"
        if result.returncode != 0:
            if "No configuration reaches" not in result.stdout:
                raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): "
                                   f"{(result.stderr or result.stdout).strip()}")
            missed.append({"setting": setting, "order": order, "message": result.stdout.strip().splitlines()[0]})
            continue
        chosen, cv = PLAN_CHOSEN.search(result.stdout), PLAN_CV.search(result.stdout)
        expected = PLAN_EXPECTED.search(result.stdout)
        if not chosen or not cv or not expected:
            raise RuntimeError(f"unexpected output of {' '.join(command)}: {result.stdout}")
        yield {"method": "ASONN plan", "setting": setting, "order": order,
               **asonn_scores(asonn, profile, model, test_csv, y_test),
               "added": chosen.group(1), "cv_accuracy": float(cv.group(2)), "cv_cost": float(cv.group(3)),
               "plan_expected_cost": float(expected.group(1)),
               "plan_budget": budget, "plan_seconds": seconds}


# --------------------------------------------------------------------------- LightGBM CEGB

def leaf_paths(tree: dict) -> dict[int, int]:
    """leaf_index -> bit mask of the features split on along the path from the root."""
    paths, stack = {}, [(tree, 0)]
    while stack:
        node, mask = stack.pop()
        if "split_feature" in node:
            mask |= 1 << int(node["split_feature"])
            stack.append((node["left_child"], mask))
            stack.append((node["right_child"], mask))
        else:
            paths[int(node.get("leaf_index", 0))] = mask
    return paths


def mask_attributes(mask: int, feature_attribute: list[str]) -> set[str]:
    return {feature_attribute[i] for i in range(len(feature_attribute)) if mask >> i & 1}


def cegb_points(data: bc.PeerData, profile: bc.CostProfile, seed: int):
    encoder = LabelEncoder().fit(data.y_train)
    y_train = encoder.transform(data.y_train)
    penalties = [profile.stand_alone(a) for a in data.feature_attribute]
    for order, tradeoff in enumerate(TRADEOFFS):
        model = LGBMClassifier(random_state=seed, n_jobs=1, verbose=-1, cegb_tradeoff=tradeoff,
                               cegb_penalty_feature_coupled=penalties, cegb_penalty_feature_lazy=penalties)
        model.fit(data.X_train, y_train)
        predictions = encoder.inverse_transform(model.predict(data.X_test))
        used = np.flatnonzero(model.booster_.feature_importance(importance_type="split") > 0)
        panel = profile.price({data.feature_attribute[i] for i in used})
        trees = [leaf_paths(t["tree_structure"]) for t in model.booster_.dump_model()["tree_info"]]
        leaves = np.asarray(model.predict(data.X_test, pred_leaf=True)).reshape(len(data.X_test), -1)
        assert leaves.shape[1] == len(trees)
        masks = [0] * len(leaves)
        for r, row in enumerate(leaves):
            for t, leaf in enumerate(row):
                masks[r] |= trees[t][int(leaf)]
        prices = {m: profile.price(mask_attributes(m, data.feature_attribute)) for m in set(masks)}
        yield {"method": "LightGBM-CEGB", "setting": f"cegb_tradeoff {tradeoff:g}", "order": order,
               "accuracy": accuracy_score(data.y_test, predictions),
               "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
               "panel_cost": panel, "row_cost": float(np.mean([prices[m] for m in masks]))}


# --------------------------------------------------------------------------- greedy DT

def candidates(selected: set[str], attributes: list[str], profile: bc.CostProfile) -> list[tuple[str, frozenset]]:
    """Each untested attribute outside groups, each untested group member alone, and each
    group's untested members together."""
    found = {}
    for a in attributes:
        if a not in selected:
            found[frozenset([a])] = a
    for g in profile.groups:
        rest = frozenset(m for m in g["members"] if m in attributes and m not in selected)
        if len(rest) > 1:
            found[rest] = f"{g['name']} ({', '.join(sorted(rest))})"
    return [(label, tests) for tests, label in found.items()]


def greedy_points(data: bc.PeerData, profile: bc.CostProfile, seed: int):
    encoder = LabelEncoder().fit(data.y_train)
    y_train = encoder.transform(data.y_train)
    attributes = list(dict.fromkeys(data.feature_attribute))
    columns = lambda tests: [i for i, a in enumerate(data.feature_attribute) if a in tests]
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)

    def cv_accuracy(tests: set[str]) -> float:
        if not tests:  # no test: the majority class of the training part of each fold
            return float(np.mean([np.mean(y_train[te] == np.bincount(y_train[tr]).argmax())
                                  for tr, te in folds.split(data.X_train, y_train)]))
        X = data.X_train[:, columns(tests)]
        return float(cross_val_score(DecisionTreeClassifier(random_state=seed), X, y_train, cv=folds).mean())

    def evaluate(step: int, tests: set[str], label: str):
        if not tests:
            majority = np.bincount(y_train).argmax()
            predictions = encoder.inverse_transform(np.full(len(data.X_test), majority))
            return {"method": "greedy DT", "setting": "step 0", "order": 0, "added": "no test (majority class)",
                    "accuracy": accuracy_score(data.y_test, predictions),
                    "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
                    "panel_cost": 0.0, "row_cost": 0.0, "tests": ""}
        cols = columns(tests)
        tree = DecisionTreeClassifier(random_state=seed).fit(data.X_train[:, cols], y_train)
        predictions = encoder.inverse_transform(tree.predict(data.X_test[:, cols]))
        feature_of_node = tree.tree_.feature
        attribute_of = [data.feature_attribute[c] for c in cols]
        used = {attribute_of[f] for f in feature_of_node if f >= 0}
        paths = tree.decision_path(data.X_test[:, cols]).tolil().rows
        row_costs = [profile.price({attribute_of[feature_of_node[n]] for n in nodes if feature_of_node[n] >= 0})
                     for nodes in paths]
        return {"method": "greedy DT", "setting": f"step {step}", "order": step, "added": label,
                "accuracy": accuracy_score(data.y_test, predictions),
                "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
                "panel_cost": profile.price(used), "row_cost": float(np.mean(row_costs)),
                "tests": " ".join(sorted(tests, key=attributes.index))}

    selected: set[str] = set()
    current = cv_accuracy(selected)
    yield evaluate(0, selected, "")
    step = 0
    while len(selected) < len(attributes):
        step += 1
        scored = []
        for label, tests in candidates(selected, attributes, profile):
            accuracy = cv_accuracy(selected | tests)
            extra = profile.price(selected | tests) - profile.price(selected)
            gain = accuracy - current
            ratio = gain / extra if extra > 1e-12 else (np.inf if gain > 0 else 0.0)
            # positive gain per cost first; else the most accurate, then the cheapest
            scored.append(((1, ratio, 0.0, 0.0) if gain > 0 else (0, 0.0, accuracy, -extra), label, tests, accuracy))
        key, label, tests, accuracy = max(scored, key=lambda s: s[0])
        selected |= tests
        current = accuracy
        yield evaluate(step, selected, label)


# --------------------------------------------------------------------------- best static panel

def logistic():
    return LogisticRegression(max_iter=1000)


def panel_columns(mask: int, attribute_columns: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([attribute_columns[i] for i in range(len(attribute_columns)) if mask >> i & 1])


def panel_cv_scores(masks: list[int], attribute_columns: list[np.ndarray], folds: list, scaled: list, X: np.ndarray,
                    y: np.ndarray, seed: int) -> list[tuple[float, float]]:
    """Mean cross-validated accuracy of a logistic regression and of a decision tree on
    each panel (non-empty), over the given folds. `scaled` holds each fold's training and
    test part standardized on the fold's training part (per column, so selecting columns
    afterwards is the same as scaling the panel's columns)."""
    warnings.simplefilter("ignore")
    scores = []
    with threadpool_limits(limits=1):
        for mask in masks:
            cols = panel_columns(mask, attribute_columns)
            lr, dt = [], []
            for (train, test), (Z_train, Z_test) in zip(folds, scaled):
                model = logistic().fit(Z_train[:, cols], y[train])
                lr.append(np.mean(model.predict(Z_test[:, cols]) == y[test]))
                tree = DecisionTreeClassifier(random_state=seed).fit(X[train][:, cols], y[train])
                dt.append(np.mean(tree.predict(X[test][:, cols]) == y[test]))
            scores.append((float(np.mean(lr)), float(np.mean(dt))))
    return scores


def static_points(data: bc.PeerData, profile: bc.CostProfile, seed: int, full: float, jobs: int, timing: list):
    """The best static panel within each budget, chosen by cross-validation on the training
    split alone, for a logistic regression and a decision tree (see the module's doc)."""
    started = time.perf_counter()
    encoder = LabelEncoder().fit(data.y_train)
    y_train = encoder.transform(data.y_train)
    attributes = list(dict.fromkeys(data.feature_attribute))
    attribute_columns = [np.flatnonzero(np.asarray(data.feature_attribute) == a) for a in attributes]
    masks = range(1 << len(attributes))
    prices = [profile.price({attributes[i] for i in range(len(attributes)) if m >> i & 1}) for m in masks]
    limit = max(PLAN_BUDGETS) * full + 1e-9
    feasible = [m for m in masks if m and prices[m] <= limit]
    folds = list(StratifiedKFold(n_splits=STATIC_FOLDS, shuffle=True, random_state=seed).split(data.X_train, y_train))
    scaled = []
    for train, test in folds:
        scaler = StandardScaler().fit(data.X_train[train])
        scaled.append((scaler.transform(data.X_train[train]), scaler.transform(data.X_train[test])))
    chunks = [feasible[i::max(1, 8 * jobs)] for i in range(max(1, 8 * jobs))]
    results = Parallel(n_jobs=jobs)(delayed(panel_cv_scores)(chunk, attribute_columns, folds, scaled, data.X_train,
                                                             y_train, seed) for chunk in chunks if chunk)
    cv = {0: (float(np.mean([np.mean(y_train[te] == np.bincount(y_train[tr]).argmax()) for tr, te in folds])),) * 2}
    for chunk, scores in zip([c for c in chunks if c], results):
        cv.update(zip(chunk, scores))
    for method, which in ((STATIC_LR, 0), (STATIC_DT, 1)):
        for order, share in enumerate(PLAN_BUDGETS):
            budget = share * full
            within = [m for m in cv if prices[m] <= budget + 1e-9]
            best = min(within, key=lambda m: (-round(cv[m][which], 12), round(prices[m], 9), bin(m).count("1"), m))
            tests = [attributes[i] for i in range(len(attributes)) if best >> i & 1]
            if best == 0:
                predictions = np.full(len(data.X_test), np.bincount(y_train).argmax())
            else:
                cols = panel_columns(best, attribute_columns)
                model = (make_pipeline(StandardScaler(), logistic()) if which == 0
                         else DecisionTreeClassifier(random_state=seed))
                predictions = model.fit(data.X_train[:, cols], y_train).predict(data.X_test[:, cols])
            predictions = encoder.inverse_transform(predictions)
            yield {"method": method, "setting": f"budget {share:.0%} ({budget:.2f})", "order": order,
                   "accuracy": accuracy_score(data.y_test, predictions),
                   "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
                   "panel_cost": prices[best], "row_cost": prices[best],
                   "added": " ".join(tests) if tests else "no test (majority class)",
                   "cv_accuracy": cv[best][which], "cv_cost": prices[best], "panels": len(cv), "subsets": len(prices)}
    timing.append(time.perf_counter() - started)


# --------------------------------------------------------------------------- report

def pareto(points: pd.DataFrame) -> pd.Series:
    """True for points that no other point beats on both cost per row (lower) and accuracy
    (higher), ties not beating."""
    flags = []
    for _, p in points.iterrows():
        dominated = ((points["row_cost"] <= p["row_cost"]) & (points["accuracy"] >= p["accuracy"])
                     & ((points["row_cost"] < p["row_cost"]) | (points["accuracy"] > p["accuracy"]))).any()
        flags.append(not dominated)
    return pd.Series(flags, index=points.index)


def chart(path: Path, name: str, points: pd.DataFrame, full: float, unit: str, seeds: list[int]):
    colours = {"ASONN plan": "tab:red", "ASONN sweep": "tab:blue", "LightGBM-CEGB": "tab:orange", "greedy DT": "tab:green",
               STATIC_LR: "tab:purple", STATIC_DT: "tab:brown"}
    markers = {"ASONN plan": "D", "ASONN sweep": "o", "LightGBM-CEGB": "s", "greedy DT": "^", STATIC_LR: "P", STATIC_DT: "X"}
    fig, ax = plt.subplots(figsize=(8.5, 6.1), dpi=110)
    for method in METHODS:
        own = points[points["method"] == method]
        if own.empty:
            continue
        ax.scatter(own["row_cost"], own["accuracy"], s=28, alpha=0.55, color=colours[method], marker=markers[method])
        # its own front as a step: the best accuracy it reaches at a cost per row up to x
        front = own[pareto(own)].sort_values("row_cost")
        xs = list(front["row_cost"]) + [full]
        ys = list(front["accuracy"]) + [front["accuracy"].iloc[-1]]
        ax.plot(xs, ys, color=colours[method], lw=1.8, drawstyle="steps-post")
        ax.plot(front["row_cost"], front["accuracy"], color=colours[method], marker=markers[method], lw=0, ms=7,
                label=f"{method} ({len(own)} settings)")
    for share in BUDGETS:
        ax.axvline(share * full, color="grey", ls=":", lw=1)
        ax.text(share * full, 1.0, f"{share:.0%} of all tests ", color="grey", fontsize=8,
                va="top", ha="right", rotation=90, transform=ax.get_xaxis_transform())
    ax.set_xlabel(f"mean cost of the tests measured per test row ({unit or 'cost units'}; all tests = {full:.2f})")
    ax.set_ylabel(f"test accuracy (mean of {len(seeds)} seeds)")
    ax.text(0.0, -0.27, "faint: every setting; bold + line: each method's own front (best accuracy up to that cost)",
            transform=ax.transAxes, fontsize=8, color="dimgrey", va="top")
    ax.set_title(f"{name}: accuracy against test cost (stratified 70:30 holdout, seeds {', '.join(map(str, seeds))})")
    ax.set_xlim(left=-0.02 * full, right=1.03 * full)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=8.5, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def fmt_budget(points: pd.DataFrame, method: str, budget: float) -> str:
    own = points[(points["method"] == method) & (points["row_cost"] <= budget + 1e-9)]
    if own.empty:
        return "—"
    best = own.sort_values(["accuracy", "row_cost"], ascending=[False, True]).iloc[0]
    return f"{best['accuracy']:.3f} ({best['setting']}; {best['row_cost']:.2f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=bc.DEFAULT_DATA_DIR,
                        help="folder of CSV data sets (default: ../shared/datasets from the repository root)")
    parser.add_argument("--profiles-dir", type=Path, default=bc.REPO_ROOT / "CostProfiles",
                        help="folder of cost profiles DATA.json (default: CostProfiles)")
    parser.add_argument("--data", nargs="+", default=["heart", "pima", "bupa"], help="data sets (default heart pima bupa)")
    parser.add_argument("--seeds", type=int, nargs="+", default=bc.SEEDS, help="split seeds (default 0 1 2 3 4)")
    parser.add_argument("--asonn", type=Path, default=bc.DEFAULT_ASONN, help="the asonn binary (default .build/release/asonn)")
    parser.add_argument("--splits-dir", type=Path, default=bc.DEFAULT_SPLITS_DIR, help="where the split files go")
    parser.add_argument("--results-dir", type=Path, default=bc.DEFAULT_RESULTS_DIR, help="where the results go")
    parser.add_argument("--jobs", type=int, default=2,
                        help="processes for the static panel search (default 2; the results do not depend on it)")
    parser.add_argument("--plans-only", action="store_true",
                        help="run only `asonn plan` at each budget and print each budget's plan, mean over the "
                             "seeds; write no results (to compare builds)")
    args = parser.parse_args(argv)
    if not args.asonn.exists():
        parser.error(f"no asonn binary at {args.asonn}: build it first (make build)")
    args.results_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    records, summary, cheapest, missed, static_seconds = [], [], {}, [], []
    with threadpool_limits(limits=1), tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        work = Path(tmp)
        for name in args.data:
            data_path = args.data_dir / f"{name}.csv"
            profile_path = args.profiles_dir / f"{name}.json"
            profile = bc.CostProfile.load(profile_path)
            splits = bc.write_splits(data_path, args.splits_dir, args.seeds)
            for seed in args.seeds:
                print(f"{name} seed {seed}", file=sys.stderr, flush=True)
                train_csv, test_csv = splits[seed]
                data = bc.prepare(train_csv, test_csv)
                full = profile.price(set(data.feature_attribute))
                seed_missed = []
                plans = list(plan_points(args.asonn, profile_path, train_csv, test_csv, data.y_test, full, work,
                                         seed_missed))
                peers = [] if args.plans_only else [
                    *asonn_points(args.asonn, profile_path, train_csv, test_csv, data.y_test, work),
                    *cegb_points(data, profile, seed), *greedy_points(data, profile, seed),
                    *static_points(data, profile, seed, full, args.jobs, static_seconds)]
                for point in [*plans, *peers]:
                    records.append({"data": name, "seed": seed, "full_cost": full, **point})
                missed += [{"data": name, "seed": seed, **m} for m in seed_missed]

    if args.plans_only:
        plans = pd.DataFrame.from_records(records)
        print(plans.groupby(["data", "setting"], sort=False)[["accuracy", "row_cost", "plan_seconds"]].mean()
              .round(3).to_string())
        # Which figure foretells the test split's cost per case: the cross-validated one the
        # plan was chosen on, or the retrained model's own on the training cases.
        plans["cv_error"] = (plans["cv_cost"] - plans["row_cost"]).abs()
        plans["expected_error"] = (plans["plan_expected_cost"] - plans["row_cost"]).abs()
        print("\nmean |figure - test cost per case| over the plans:")
        print(plans.groupby("data", sort=False)[["cv_error", "expected_error"]].mean().round(2).to_string())
        for m in missed:
            print(f"no plan: {m['data']} seed {m['seed']} {m['setting']}")
        return 0

    # greedy runs end when every test is in, after a number of steps that depends on the
    # seed (groups go in whole or member by member): a seed that ended early keeps its
    # last model (all tests) for the later steps, so that each step averages every seed
    last_step = {}
    for r in records:
        if r["method"] == "greedy DT":
            last_step[(r["data"], r["seed"])] = max(last_step.get((r["data"], r["seed"]), 0), r["order"])
    for (name, seed), last in list(last_step.items()):
        longest = max(v for (n, _), v in last_step.items() if n == name)
        final = next(r for r in records if r["method"] == "greedy DT" and r["data"] == name
                     and r["seed"] == seed and r["order"] == last)
        for step in range(last + 1, longest + 1):
            records.append({**final, "setting": f"step {step}", "order": step, "added": ""})
    runs = pd.DataFrame.from_records(records)
    runs.to_csv(args.results_dir / "cost-runs.csv", index=False, float_format="%.6g")
    elapsed = time.perf_counter() - started
    command = bc.command_line()
    plan_runs = runs[runs["method"] == "ASONN plan"]
    plan_note = (f"ASONN plan ran {len(plan_runs)} times ({', '.join(f'{b:.0%}' for b in PLAN_BUDGETS)} budgets x "
                 f"{len(args.data)} data sets x {len(args.seeds)} seeds"
                 + (f", {len(missed)} budget(s) unmet" if missed else "") + ")"
                 + (f" in {plan_runs['plan_seconds'].sum():.0f} s, {plan_runs['plan_seconds'].mean():.1f} s each on average"
                    if not plan_runs.empty else "") + ".")
    missed_lines = ([f"No point for ASONN plan where it found no configuration within the budget: "
                     + "; ".join(f"{m['data']} seed {m['seed']} {m['setting']}" for m in missed) + "."]
                    if missed else ["ASONN plan found a configuration within every budget on every seed."])
    if not plan_runs.empty:
        over = plan_runs[plan_runs["row_cost"] > plan_runs["plan_budget"] + 1e-9]
        majority = plan_runs[plan_runs["added"].astype(str).str.startswith("majority class")]
        per_data = lambda frame: ", ".join(f"{n} {int((frame['data'] == n).sum())} of {int((plan_runs['data'] == n).sum())}"
                                           for n in args.data if (frame["data"] == n).any())
        missed_lines += [
            f"Its cost per row on the test split came out above the budget on {len(over)} of {len(plan_runs)} runs"
            + (f" ({'; '.join(f'{r.data} seed {r.seed} {r.setting}: {r.row_cost:.2f}' for r in over.itertuples())})"
               if len(over) else "") + ";",
            f"it chose the majority class (no tests) on {len(majority)} runs" + (f" ({per_data(majority)})" if len(majority) else "") + "."]
    static_runs = runs[runs["method"] == STATIC_LR].groupby(["data", "seed"])[["panels", "subsets"]].first()
    static_note = (f"Static panels: {int(static_runs['panels'].sum())} panels (those within the largest budget, of "
                   f"{int(static_runs['subsets'].sum())} subsets) cross-validated ({STATIC_FOLDS} folds, both models) over "
                   f"{len(static_runs)} splits in {sum(static_seconds):.0f} s ({args.jobs} processes)." if len(static_runs) else "")
    head = bc.header_lines("Accuracy against test cost: ASONN (budgeted plans and a lambda x prune sweep), LightGBM-CEGB, greedy cost-aware decision tree, best static panels", command, [
        f"Data: {', '.join(args.data)} from `{bc.show_path(args.data_dir)}` with `{bc.show_path(args.profiles_dir)}/DATA.json`;",
        f"stratified 70:30 holdout, seeds {', '.join(map(str, args.seeds))}, the split files of compare.py (`Benchmarks/splits/`).",
        f"ASONN: {bc.asonn_version_note(args.asonn)}.",
        f"Whole run: {elapsed:.0f} s; {plan_note} {static_note} Every run: `Benchmarks/results/cost-runs.csv`.",
        "",
        "Method (details in `Benchmarks/cost_fronts.py`): ASONN plan = `asonn plan train.csv --costs PROFILE --budget B`",
        "for B = " + ", ".join(f"{b:.0%}" for b in PLAN_BUDGETS) + " of the cost of all tests, with its default study on the training split only",
        "(5-fold stratified cross-validation, repeated with new folds as often as keeps repeats x rows near 3,000, at most",
        "5 times, over cost-aware greedy test panels x lambda in {0, 0.5, 1, 2, 4} x prune in",
        "{none, hypercuboid, panel}, its Pareto front again at risk bounds 0.1, 0.15, 0.2, 0.25 and 0.3; of the",
        "configurations whose cross-validated mean cost per case is at most B it retrains the one with the best accuracy",
        "less one standard error on the whole training split), then `asonn predict --sequential` (stopping at the plan's",
        "risk bound) on the test split. B bounds the",
        "cross-validated cost on train: the cost per row measured on the test split can come out a little above it.",
        *missed_lines,
        "ASONN sweep = `asonn train --costs PROFILE` on every test for lambda in {" + ", ".join(LAMBDAS) + "} x prune in {"
        + ", ".join(PRUNES) + "}. For both, cost per row from sequential acquisition (`asonn predict --sequential`);",
        "LightGBM-CEGB with coupled and lazy penalties = each test's stand-alone cost, cegb_tradeoff in {"
        + ", ".join(f"{t:g}" for t in TRADEOFFS) + "}, cost per row = the tests on the row's paths through all trees;",
        "greedy DT = cost-aware greedy forward selection (gain in 3-fold CV accuracy on train per unit of marginal cost)",
        "with a decision tree, one point per step, cost per row = the tests on the row's decision path.",
        "static panel LR / DT = for each budget B (" + ", ".join(f"{b:.0%}" for b in PLAN_BUDGETS) + " of all tests), the panel of tests priced at",
        f"most B with the best {STATIC_FOLDS}-fold cross-validated accuracy on the training split, searched over every subset",
        "of the tests (2^13 panels for heart), with a logistic regression (standardized) or a decision tree, then fit",
        "on the whole training split with that panel; every case is measured on the whole panel, so cost per row =",
        "panel cost = the panel's price.",
        "Costs are priced with group sharing (a group's fixed cost once, plus each measured member's own cost).",
        "Every figure is a mean over the seeds; ASONN plan's and the static panels' budget and greedy DT's step k may",
        "pick different tests on different seeds (the last column gives seed 0's choice, for ASONN plan and the static",
        "panels with their cross-validated estimate on train), and a seed whose greedy selection ended earlier (all tests in) counts its final model for the later",
        "steps. Panel = the tests the model uses anywhere; per row = the tests measured for an average test row;",
        "% = per-row cost as a share of the cost of all tests.",
        f"front = on the Pareto front of all {len(METHODS)} methods (no point both cheaper per row and more accurate).",
    ])
    lines = []
    for name in args.data:
        own = runs[runs["data"] == name]
        full = float(own["full_cost"].iloc[0])
        profile = bc.CostProfile.load(args.profiles_dir / f"{name}.json")
        grouped = own.groupby(["method", "setting", "order"], sort=False)
        points = grouped[["accuracy", "balanced_accuracy", "panel_cost", "row_cost"]].mean()
        points["seeds"] = grouped.size()
        points = points.reset_index()
        # a plan budget unmet on some seeds: its mean is over fewer seeds; say so in its name
        partial = (points["method"] == "ASONN plan") & (points["seeds"] < len(args.seeds))
        points.loc[partial, "setting"] = [f"{s} ({n} of {len(args.seeds)} seeds)"
                                          for s, n in zip(points.loc[partial, "setting"], points.loc[partial, "seeds"])]
        seed0 = own[own["seed"] == args.seeds[0]].set_index(["method", "order"])
        points["method_rank"] = points["method"].map(METHODS.index)
        points = points.sort_values(["method_rank", "order"]).reset_index(drop=True)
        points["front"] = pareto(points)
        chart(args.results_dir / f"cost-{name}.png", name, points, full, profile.unit, args.seeds)
        lines += ["", f"## {name} (all tests: {full:.2f} {profile.unit})", "",
                  f"![{name}](cost-{name}.png)", "",
                  "Best mean accuracy within a budget on the mean cost per row (setting; its cost per row):", "",
                  "| method | " + " | ".join(f"<= {b:.0%} ({b * full:.2f})" for b in BUDGETS) + " | unlimited |",
                  "|---|" + "---|" * (len(BUDGETS) + 1)]
        for method in METHODS:
            cells = [fmt_budget(points, method, b * full) for b in BUDGETS] + [fmt_budget(points, method, np.inf)]
            lines.append(f"| {method} | " + " | ".join(cells) + " |")
            own_points = points[points["method"] == method]
            if own_points.empty:
                cheapest[(name, method)] = "—"
            else:
                low = own_points.sort_values(["row_cost", "accuracy"], ascending=[True, False]).iloc[0]
                cheapest[(name, method)] = f"{low['accuracy']:.3f} at {100 * low['row_cost'] / full:.0f}%"
            for b in BUDGETS:
                sel = points[(points["method"] == method) & (points["row_cost"] <= b * full + 1e-9)]
                summary.append({"data": name, "method": method, "budget": b,
                                "accuracy": sel["accuracy"].max() if not sel.empty else np.nan})
        lines += ["", "| method | setting | accuracy | balanced accuracy | panel cost | cost per row | % of all tests | front | seed 0: ASONN plan's and the static panels' choice (CV on train); greedy DT: added; all selected |",
                  "|---|---|---:|---:|---:|---:|---:|:-:|---|"]
        for _, p in points.iterrows():
            tests = ""
            if p["method"] == "ASONN plan" and (p["method"], p["order"]) in seed0.index:
                chosen = seed0.loc[(p["method"], p["order"])]
                tests = f"{chosen['added']} (CV {chosen['cv_accuracy']:.3f} at {chosen['cv_cost']:.2f})"
            elif p["method"] == "ASONN plan":
                tests = "seed 0: nothing within the budget"
            if p["method"] in (STATIC_LR, STATIC_DT) and (p["method"], p["order"]) in seed0.index:
                chosen = seed0.loc[(p["method"], p["order"])]
                tests = f"{chosen['added']} (CV {chosen['cv_accuracy']:.3f} at {chosen['cv_cost']:.2f})"
            if p["method"] == "greedy DT" and (p["method"], p["order"]) in seed0.index:
                added, selected = seed0.loc[(p["method"], p["order"]), ["added", "tests"]]
                if not isinstance(selected, str) or not selected:
                    tests = str(added)  # step 0
                else:
                    tests = f"+{added}; {selected}" if added else f"(seed 0 had every test already); {selected}"
            lines.append(f"| {p['method']} | {p['setting']} | {p['accuracy']:.3f} | {p['balanced_accuracy']:.3f} | "
                         f"{p['panel_cost']:.2f} | {p['row_cost']:.2f} | {100 * p['row_cost'] / full:.0f}% | "
                         f"{'*' if p['front'] else ''} | {tests} |")
    table = pd.DataFrame(summary).pivot_table(index=["data", "budget"], columns="method", values="accuracy")
    shares = ", ".join(f"{b:.0%}" for b in BUDGETS[:-1]) + f" and {BUDGETS[-1]:.0%}"
    overview = ["", f"## Overview: best mean accuracy within {shares} of the cost of all tests", "",
                "(— = no setting of that method costs so little per row on the test split; ASONN plan's best point",
                "within 25% is not necessarily its 25% budget, whose test cost can come out above 25%; last column:",
                "the cheapest point of each method, accuracy at cost per row as a share of all tests)", "",
                "| data | budget | " + " | ".join(METHODS) + " | cheapest point: " + " / ".join(METHODS) + " |",
                "|---|---|" + "---:|" * len(METHODS) + "---|"]
    for name in args.data:
        for b in BUDGETS:
            row = table.loc[(name, b)] if (name, b) in table.index else pd.Series(dtype=float)
            overview.append(f"| {name} | {b:.0%} | " + " | ".join(
                "—" if pd.isna(row.get(m, np.nan)) else f"{row[m]:.3f}" for m in METHODS) + " | "
                + (" / ".join(cheapest[(name, m)] for m in METHODS) if b == BUDGETS[0] else "") + " |")
    text = "\n".join(head + overview + lines)
    (args.results_dir / "cost.md").write_text(text + "\n")
    print(f"wrote {args.results_dir / 'cost.md'} and the charts in {elapsed:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
