#!/usr/bin/env python3
"""ASONN against common classifiers on the benchmark data: accuracy and speed.

For every CSV file of the data folder but the scaling sets magic, penbased and letter
(header row, class in the last column; a set over --sample-rows rows on a fixed
stratified sample of that many, `sample.py`), for seeds 0-4:

1. a stratified 70:30 split (`train_test_split(..., test_size=0.3, stratify=y,
   random_state=seed)`) is written once as raw CSV files, header and values untouched,
   to Benchmarks/splits/DATA/seedS/{train,test}.csv; every model reads these files;
2. ASONN: `asonn train train.csv -o model.json --quiet` (fit seconds = the `build time`
   its summary reports) and `asonn predict model.json test.csv --format json`
   (predictions and `predict_seconds`); ASONN reads the raw files itself;
3. the Python peers, default settings, no tuning, random_state=seed where the model has
   one, n_jobs=1: decision tree, random forest, k-nearest neighbours, logistic regression
   (max_iter=1000), XGBoost, LightGBM (verbose=-1) and, when installed, a general fuzzy
   min-max hyperbox classifier (hyperbox-brain's OnlineGFMM), RIPPER (wittgenstein), and the
   interpretable peers EBM (interpret's ExplainableBoostingClassifier), RuleFit and FIGS
   (imodels; RuleFit is binary only and runs one-vs-rest on multi-class data).
   Their input: numeric columns median-imputed, categorical ones most-frequent-imputed
   and one-hot encoded (unknown categories ignored), all fitted on the training split
   only. k-NN and logistic regression get standard scaling and the hyperbox model min-max
   scaling to [0, 1] (which it requires), fitted on train (--no-scale turns off the first
   two). Fit and predict seconds are measured with time.perf_counter around the model's
   fit and predict (preprocessing excluded, as ASONN's build time excludes reading).
   Each peer's fit and predict runs in a forked process stopped after a limit (--fit-limit,
   --limit MODEL=SECONDS; EBM 90 s and RuleFit 60 s by default, their default fits take
   minutes on the larger sets), and EBM runs only on sets of at most 1,000 rows
   (--max-rows MODEL=ROWS). A model that fails or runs over its limit on a split is
   missing on that data set (its later splits there are skipped); the run goes on.
4. Model size of the rule models: rules and conditions (ASONN's combinations and their
   constraining ranges, the decision tree's leaves and path lengths, RIPPER's rules and
   conditions, RuleFit's nonzero terms and their conditions, FIGS's leaves and splits).

--jobs N runs N data sets at once (each fit stays serial). The results are rewritten after
every finished data set, so an interrupted run leaves the tables of the sets it finished.

Writes Benchmarks/results/accuracy.md (accuracy and balanced accuracy per data set and
model, mean over the suite, mean rank, wins, model size), Benchmarks/results/speed.md (fit and
predict seconds) and Benchmarks/results/compare-runs.csv (every run).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

sys.dont_write_bytecode = True  # no __pycache__ in Benchmarks/ (not git-ignored)
import bench_common as bc

try:
    from xgboost import XGBClassifier
except ImportError:  # pragma: no cover - pinned in requirements.txt
    XGBClassifier = None
try:
    from lightgbm import LGBMClassifier
except ImportError:  # pragma: no cover
    LGBMClassifier = None
try:
    from hbbrain.numerical_data.incremental_learner.onln_gfmm import OnlineGFMM
except ImportError:
    OnlineGFMM = None
try:
    import wittgenstein
except ImportError:
    wittgenstein = None
try:
    from interpret.glassbox import ExplainableBoostingClassifier
except ImportError:
    ExplainableBoostingClassifier = None
try:
    from imodels import FIGSClassifier, RuleFitClassifier
except ImportError:
    FIGSClassifier = RuleFitClassifier = None


# --------------------------------------------------------------------------- peers

class Hyperbox:
    """hyperbox-brain's online general fuzzy min-max network (OnlineGFMM, default
    theta=0.5) on features min-max scaled to [0, 1] on train (test values clipped)."""

    def __init__(self):
        self.scaler = MinMaxScaler()
        self.model = OnlineGFMM()

    def fit(self, X, y):
        self.model.fit(self.scaler.fit_transform(X), y)
        return self

    def predict(self, X):
        return np.asarray(self.model.predict(np.clip(self.scaler.transform(X), 0.0, 1.0)))


class Ripper:
    """RIPPER (wittgenstein, default settings). wittgenstein learns one positive class;
    for more classes this is an ordered rule list as in JRip: classes by increasing
    frequency, each learnt against the rows of the classes not yet covered, the most
    frequent class the default. With two classes: the minority class is positive."""

    def __init__(self, random_state):
        self.random_state = random_state

    @staticmethod
    def _frame(X):
        return pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])

    def fit(self, X, y):
        classes, counts = np.unique(y, return_counts=True)
        order = classes[np.argsort(counts, kind="stable")]
        self.default = order[-1]
        self.rulesets = []
        remaining = np.ones(len(y), dtype=bool)
        for c in order[:-1]:
            learner = wittgenstein.RIPPER(random_state=self.random_state)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                learner.fit(self._frame(X[remaining]), (y[remaining] == c), pos_class=True)
            self.rulesets.append((c, learner))
            remaining &= y != c
        return self

    def size(self) -> tuple[int, int]:
        """Rules and conditions over the per-class rule sets (the default rule not counted)."""
        rules = [rule for _, learner in self.rulesets for rule in learner.ruleset_.rules]
        return len(rules), sum(len(rule.conds) for rule in rules)

    def predict(self, X):
        out = np.full(len(X), self.default)
        undecided = np.ones(len(X), dtype=bool)
        frame = self._frame(X)
        for c, learner in self.rulesets:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fires = np.asarray(learner.predict(frame), dtype=bool)
            out[undecided & fires] = c
            undecided &= ~fires
        return out


class RuleFit:
    """imodels' RuleFitClassifier (defaults, random_state=seed). It is binary only: with more
    than two classes it runs one-vs-rest (sklearn's OneVsRestClassifier, one RuleFit per
    class, the class with the highest score wins)."""

    def __init__(self, random_state):
        self.random_state = random_state

    def fit(self, X, y):
        model = RuleFitClassifier(random_state=self.random_state)
        self.model = model if len(np.unique(y)) <= 2 else OneVsRestClassifier(model)
        self.model.fit(X, y)
        return self

    def predict(self, X):
        return self.model.predict(X)

    def size(self) -> tuple[int, int]:
        """Terms with a nonzero coefficient (rules plus linear terms) and their conditions (a
        linear term counts as one), summed over the one-vs-rest models."""
        models = self.model.estimators_ if isinstance(self.model, OneVsRestClassifier) else [self.model]
        rules = conditions = 0
        for m in models:
            linear = int(np.sum(np.asarray(m.coef[: m.n_features_]) != 0)) if m.include_linear else 0
            rules += len(m.rules_without_feature_names_) + linear
            conditions += sum(len(r.agg_dict) for r in m.rules_without_feature_names_) + linear
        return rules, conditions


def tree_size(children_left, children_right) -> tuple[int, int]:
    """Leaves and the sum of their depths (conditions on the path to each leaf) of a binary tree
    given as child arrays (-1: none), root 0."""
    leaves = conditions = 0
    stack = [(0, 0)]
    while stack:
        node, depth = stack.pop()
        if children_left[node] < 0:
            leaves += 1
            conditions += depth
        else:
            stack += [(children_left[node], depth + 1), (children_right[node], depth + 1)]
    return leaves, conditions


def figs_size(model) -> tuple[int, int]:
    """FIGS: leaves over all its trees, and splits (each split is one condition)."""
    leaves = splits = 0
    stack = list(model.trees_)
    while stack:
        node = stack.pop()
        if node.left is None and node.right is None:
            leaves += 1
        else:
            splits += 1
            stack += [n for n in (node.left, node.right) if n is not None]
    return leaves, splits


def model_size(model) -> tuple[float, float]:
    """(rules, conditions) of a fitted rule model; NaN for the others."""
    if hasattr(model, "size"):
        return model.size()
    if isinstance(model, DecisionTreeClassifier):
        return tree_size(model.tree_.children_left, model.tree_.children_right)
    if FIGSClassifier is not None and isinstance(model, FIGSClassifier):
        return figs_size(model)
    return np.nan, np.nan


def peer_factories(scale: bool) -> dict:
    """Model name -> function(seed) returning an unfitted model (labels are 0..k-1)."""
    scaled = (lambda model: make_pipeline(StandardScaler(), model)) if scale else (lambda model: model)
    factories = {
        "decision tree": lambda seed: DecisionTreeClassifier(random_state=seed),
        "random forest": lambda seed: RandomForestClassifier(random_state=seed, n_jobs=1),
        "k-NN": lambda seed: scaled(KNeighborsClassifier(n_jobs=1)),
        "logistic regression": lambda seed: scaled(LogisticRegression(max_iter=1000, random_state=seed)),
    }
    if XGBClassifier is not None:
        factories["XGBoost"] = lambda seed: XGBClassifier(random_state=seed, n_jobs=1)
    if LGBMClassifier is not None:
        factories["LightGBM"] = lambda seed: LGBMClassifier(random_state=seed, n_jobs=1, verbose=-1)
    if OnlineGFMM is not None:
        factories["hyperbox (GFMM)"] = lambda seed: Hyperbox()
    if wittgenstein is not None:
        factories["RIPPER"] = lambda seed: Ripper(seed)
    if ExplainableBoostingClassifier is not None:
        factories["EBM"] = lambda seed: ExplainableBoostingClassifier(random_state=seed, n_jobs=1)
    if RuleFitClassifier is not None:
        factories["RuleFit"] = lambda seed: RuleFit(seed)
    if FIGSClassifier is not None:
        factories["FIGS"] = lambda seed: FIGSClassifier(random_state=seed)
    return factories


# --------------------------------------------------------------------------- runs

# Seconds (wall clock) a Python peer may take for one fit and predict; EBM and RuleFit get less,
# their default fits take minutes on the larger sets (see the notes of the results).
DEFAULT_FIT_LIMIT = 600.0
DEFAULT_LIMITS = {"EBM": 90.0, "RuleFit": 60.0}
# EBM runs only on data sets of at most this many rows (its default fit takes minutes there already).
DEFAULT_MAX_ROWS = {"EBM": 1000}
RESULT_KEYS = ("accuracy", "balanced_accuracy", "fit_seconds", "predict_seconds", "rules", "conditions")

def run_asonn(asonn: Path, train_csv: Path, test_csv: Path, y_test: np.ndarray, work: Path) -> dict:
    model = work / "model.json"
    fit_seconds = bc.asonn_train(asonn, train_csv, model)
    output = bc.asonn_predict(asonn, model, test_csv)
    predictions = np.asarray(output["predictions"], dtype=object)
    if len(predictions) != len(y_test):
        raise RuntimeError(f"asonn predicted {len(predictions)} rows for {len(y_test)}")
    accuracy = accuracy_score(y_test, predictions)
    # The model file keeps only the ranges that constrain (a range over its attribute's whole
    # training domain is dropped): its combinations are the rules, its ranges the conditions.
    combinations = json.loads(model.read_text())["combinations"]
    if output.get("accuracy") is not None and abs(output["accuracy"] - accuracy) > 1e-9:
        print(f"  warning: asonn reports accuracy {output['accuracy']:.4f}, recomputed {accuracy:.4f}", file=sys.stderr)
    return {"accuracy": accuracy, "balanced_accuracy": balanced_accuracy_score(y_test, predictions),
            "fit_seconds": fit_seconds, "predict_seconds": float(output["predict_seconds"]),
            "rules": len(combinations), "conditions": sum(len(c["ranges"]) for c in combinations)}


def run_peer(factory, seed: int, data: bc.PeerData) -> dict:
    encoder = LabelEncoder().fit(data.y_train)
    y_train = encoder.transform(data.y_train)
    model = factory(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model.fit(data.X_train, y_train)
        fit_seconds = time.perf_counter() - start
        start = time.perf_counter()
        predicted = model.predict(data.X_test)
        predict_seconds = time.perf_counter() - start
    predictions = encoder.inverse_transform(np.asarray(predicted).astype(int).ravel())
    rules, conditions = model_size(model)
    return {"accuracy": accuracy_score(data.y_test, predictions),
            "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
            "fit_seconds": fit_seconds, "predict_seconds": predict_seconds,
            "rules": rules, "conditions": conditions}


def run_limited(factory, seed: int, data: bc.PeerData, limit: float | None) -> dict:
    """run_peer, in a forked process stopped after `limit` seconds (None: in this process)."""
    if limit is None:
        return run_peer(factory, seed, data)
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target():
        try:
            sender.send(("ok", run_peer(factory, seed, data)))
        except Exception as error:  # reported by the parent
            sender.send(("error", f"{type(error).__name__}: {error}"))

    process = context.Process(target=target)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limit):
            raise TimeoutError(f"fit and predict not done within the limit of {limit:g} s")
        status, value = receiver.recv()
    except EOFError:
        raise RuntimeError(f"the fitting process ended with code {process.join() or process.exitcode}")
    finally:
        if process.is_alive():
            process.kill()
        process.join()
    if status != "ok":
        raise RuntimeError(value)
    return value


def limit_note(limits: dict, models: list[str]) -> str:
    """The per-fit limits in force, as the notes say them."""
    groups: dict = {}
    for m in models:
        if m in limits:
            groups.setdefault(limits[m], []).append(m)
    parts = [f"{', '.join(ms)}: {'none' if v is None else f'{v:g} s'}" for v, ms in groups.items()]
    return "each Python peer's fit and predict on a split runs in its own process, stopped after a limit (" + "; ".join(parts) + ")"


def run_data_set(original: Path, args, models: list[str], factories: dict, limits: dict):
    """Every model on every split of one data set: (name, rows as shown, run records). A model
    that fails (or runs over its limit) on a split is not run on that data set's later splits
    (the data set is missing for it anyway); those runs are recorded as failed too."""
    name = original.stem
    path, shown = bc.benchmark_file(original, args.splits_dir, args.sample_rows)
    splits = bc.write_splits(path, args.splits_dir, args.seeds)
    print(f"{name} ({shown} rows)", file=sys.stderr, flush=True)
    records, failed = [], set()
    with threadpool_limits(limits=1), tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed in args.seeds:
            train_csv, test_csv = splits[seed]
            data = bc.prepare(train_csv, test_csv)
            for model in models:
                result = {k: np.nan for k in RESULT_KEYS}
                if len(data.y_train) + len(data.y_test) > args.max_rows.get(model, np.inf):
                    records.append({"data": name, "seed": seed, "model": model, **result, "status": "capped"})
                    continue
                if model in failed:
                    records.append({"data": name, "seed": seed, "model": model, **result, "status": "skipped"})
                    continue
                status = "ok"
                try:
                    if model == "ASONN":
                        result = run_asonn(args.asonn, train_csv, test_csv, data.y_test, work)
                    else:
                        result = run_limited(factories[model], seed, data, limits.get(model))
                except Exception as error:  # one failing model must not stop the benchmark
                    print(f"  {model} failed on {name} seed {seed}: {error}", file=sys.stderr, flush=True)
                    status = "timeout" if isinstance(error, TimeoutError) else "failed"
                    failed.add(model)
                records.append({"data": name, "seed": seed, "model": model, **result, "status": status})
    summary = ", ".join(f"{m} {np.nanmean([r['accuracy'] for r in records if r['model'] == m] + [np.nan]):.3f}"
                        if m not in failed else f"{m} —" for m in models)
    print(f"{name}: {summary}", file=sys.stderr, flush=True)
    return name, shown, records


def worker(queue, results, args, models, factories, limits):
    while (original := queue.get()) is not None:
        results.put(run_data_set(original, args, models, factories, limits))


# --------------------------------------------------------------------------- tables

def fmt(value: float, digits: int = 3) -> str:
    return "—" if value is None or np.isnan(value) else f"{value:.{digits}f}"


def seconds(value: float) -> str:
    if value is None or np.isnan(value):
        return "—"
    return f"{value:.4f}" if value < 10 else f"{value:.1f}"


def seed_means(runs: pd.DataFrame) -> pd.DataFrame:
    """Per data set and model, means over the seeds; a model that failed on any seed of a data
    set is missing there (NaN), so that every figure is a mean over the same splits."""
    means = runs.groupby(["data", "model"]).mean(numeric_only=True)
    failed = runs.groupby(["data", "model"])["accuracy"].apply(lambda a: a.isna().any())
    means.loc[failed[failed].index, :] = np.nan
    return means


def summarise(runs: pd.DataFrame, models: list[str]):
    """Per data set and model, means over seeds; per data set ranks by mean accuracy (a model
    missing on a data set ranks last there, tied with the other missing ones)."""
    means = seed_means(runs)
    names = sorted(runs["data"].unique())
    accuracy = means["accuracy"].unstack("model").reindex(index=names, columns=models)
    ranks = accuracy.apply(lambda row: pd.Series(rankdata(-row.fillna(-np.inf).round(12), method="average"),
                                                 index=row.index), axis=1)
    best = accuracy.max(axis=1)
    wins = accuracy.apply(lambda col: (col.round(12) == best.round(12)).sum())
    return means, names, accuracy, ranks, wins


def size_cell(rules: float, conditions: float) -> str:
    return "—" if np.isnan(rules) else f"{rules:.1f} / {conditions:.1f}"


def write_accuracy(path: Path, runs: pd.DataFrame, models: list[str], rows: dict, header: list[str]):
    means, names, accuracy, ranks, wins = summarise(runs, models)
    balanced = means["balanced_accuracy"].unstack("model").reindex(index=names, columns=models)
    rules = means["rules"].unstack("model").reindex(index=names, columns=models)
    conditions = means["conditions"].unstack("model").reindex(index=names, columns=models)
    sized = [m for m in models if rules[m].notna().any()]
    completed = runs.groupby("model")["accuracy"].apply(lambda a: int(a.notna().sum()))
    total = runs.groupby("model")["accuracy"].size()
    seeds = runs["seed"].nunique()
    lines = header + [
        f"Mean accuracy over the {seeds} seeds, per data set; the best per data set in bold. Rank: per data set by",
        "mean accuracy (1 = best, ties averaged), then averaged over the data sets. Wins: data sets where",
        "the model has the best mean accuracy (ties count for every tied model). A model that failed on a",
        "split of a data set is missing on that data set (—): its means are over the data sets it completed",
        "(column \"data sets\"), and it ranks last where it is missing. Runs: splits completed of those tried.",
        "Rules / conditions (rule models only, means over seeds, then over the data sets the model completed):",
        "ASONN its combinations and their constraining ranges; decision tree its leaves and the sum of",
        "their path lengths; RIPPER its rules (the default rule not counted) and their conditions; RuleFit",
        "its rules and linear terms with a nonzero coefficient and their conditions (a linear term counts",
        "one; summed over the one-vs-rest models on multi-class data); FIGS its leaves over all its trees and",
        "its splits. A one-hot column's test counts as one condition.",
        "",
        "## Summary",
        "",
        "| model | mean accuracy | mean balanced accuracy | mean rank | wins | mean rules | mean conditions | data sets | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    order = sorted(models, key=lambda m: ranks[m].mean())
    for m in order:
        size = (f"{rules[m].mean():.1f} | {conditions[m].mean():.1f}" if m in sized else "— | —")
        lines.append(f"| {m} | {fmt(accuracy[m].mean())} | {fmt(balanced[m].mean())} | {ranks[m].mean():.2f} | "
                     f"{int(wins[m])} | {size} | {int(accuracy[m].notna().sum())} of {len(names)} | "
                     f"{completed.get(m, 0)} of {total.get(m, 0)} |")
    if sized:
        lines += ["", "## Model size per data set (mean rules / mean conditions)", "",
                  "| data | rows | " + " | ".join(sized) + " |", "|---|---:|" + "---:|" * len(sized)]
        for n in names:
            lines.append(f"| {n} | {rows[n]} | " + " | ".join(size_cell(rules.loc[n, m], conditions.loc[n, m]) for m in sized) + " |")
        lines.append(f"| **mean** | | " + " | ".join(size_cell(rules[m].mean(), conditions[m].mean()) for m in sized) + " |")
    for title, table in (("Accuracy", accuracy), ("Balanced accuracy", balanced)):
        lines += ["", f"## {title} per data set", "",
                  "| data | rows | " + " | ".join(models) + " |",
                  "|---|---:|" + "---:|" * len(models)]
        for n in names:
            best = table.loc[n].max()
            cells = [f"**{fmt(v)}**" if abs(v - best) < 1e-12 else fmt(v) for v in table.loc[n]]
            lines.append(f"| {n} | {rows[n]} | " + " | ".join(cells) + " |")
        lines.append(f"| **mean of {len(names)}** | | " + " | ".join(fmt(table[m].mean()) for m in models) + " |")
    lines += ["", "## Rank per data set (by mean accuracy)", "",
              "| data | " + " | ".join(models) + " |", "|---|" + "---:|" * len(models)]
    for n in names:
        lines.append(f"| {n} | " + " | ".join(f"{r:g}" for r in ranks.loc[n]) + " |")
    lines.append("| **mean rank** | " + " | ".join(f"{ranks[m].mean():.2f}" for m in models) + " |")
    path.write_text("\n".join(lines) + "\n")


def write_speed(path: Path, runs: pd.DataFrame, models: list[str], rows: dict, header: list[str]):
    means = seed_means(runs)
    names = sorted(runs["data"].unique())
    lines = header + [
        f"Mean seconds over the {runs['seed'].nunique()} seeds. Fit = training on the 70% split, predict = classifying the 30% split.",
        "ASONN: the seconds its CLI reports (`build time` of `asonn train`, printed to the microsecond, and",
        "`predict_seconds` of `asonn predict --format json`),",
        "i.e. without process start and file reading. Peers: time.perf_counter around fit and predict,",
        "preprocessing excluded.",
        "",
        "## Overall (mean over the data sets)",
        "",
        "| model | fit s | predict s |",
        "|---|---:|---:|",
    ]
    fit = means["fit_seconds"].unstack("model").reindex(index=names, columns=models)
    predict = means["predict_seconds"].unstack("model").reindex(index=names, columns=models)
    for m in models:
        lines.append(f"| {m} | {seconds(fit[m].mean())} | {seconds(predict[m].mean())} |")
    for title, table in (("Fit seconds", fit), ("Predict seconds", predict)):
        lines += ["", f"## {title} per data set", "",
                  "| data | rows | " + " | ".join(models) + " |",
                  "|---|---:|" + "---:|" * len(models)]
        for n in names:
            lines.append(f"| {n} | {rows[n]} | " + " | ".join(seconds(v) for v in table.loc[n]) + " |")
        lines.append(f"| **mean** | | " + " | ".join(seconds(table[m].mean()) for m in models) + " |")
    path.write_text("\n".join(lines) + "\n")


def write_results(args, sets: list[Path], models: list[str], limits: dict, outcomes: list, elapsed: float):
    """compare-runs.csv, accuracy.md and speed.md from the data sets finished so far."""
    records, rows = [], {}
    for name, shown, found in sorted(outcomes, key=lambda outcome: outcome[0]):
        rows[name] = shown
        records += found

    runs = pd.DataFrame.from_records(records)
    runs.to_csv(args.results_dir / "compare-runs.csv", index=False, float_format="%.6g")
    ok = runs.groupby("model")["accuracy"].apply(lambda a: int(a.notna().sum())).reindex(models, fill_value=0)
    note = [
        f"Data: {len(outcomes)} data sets of `{bc.show_path(args.data_dir)}` (all but the scaling sets {', '.join(sorted(bc.SCALING_SETS))};",
        f"a set over {args.sample_rows} rows on a fixed stratified sample of that many, `Benchmarks/sample.py`); stratified 70:30 holdout,",
        f"seeds {', '.join(map(str, args.seeds))} (the same split files for every model, `Benchmarks/splits/`).",
        f"ASONN: {bc.asonn_version_note(args.asonn)}, default settings.",
        "Peers: scikit-learn / XGBoost / LightGBM defaults, random_state = seed, n_jobs=1; logistic regression",
        "with max_iter=1000 (instead of 100, to converge)"
        + ("; k-NN and logistic regression after standard scaling (fitted on train)" if args.scale else "; no scaling")
        + "; hyperbox = hyperbox-brain OnlineGFMM (defaults) on min-max scaled features; RIPPER = wittgenstein",
        "(defaults; an ordered one-class-at-a-time rule list for more than two classes); EBM = interpret's",
        "ExplainableBoostingClassifier (defaults, n_jobs=1; multi-class natively); RuleFit = imodels'",
        "RuleFitClassifier (defaults; binary only, so one-vs-rest with sklearn's OneVsRestClassifier on",
        "multi-class data); FIGS = imodels' FIGSClassifier (defaults; multi-class natively). Peer input: median /",
        "most-frequent imputation and one-hot encoding of categorical columns, fitted on train.",
        "Limits: " + limit_note(limits, models) + "; "
        + "; ".join(f"{m} only on data sets of at most {v} rows" for m, v in args.max_rows.items() if m in models and v < np.inf)
        + ". A model that failed or ran over its limit on a split",
        "is not run on the later splits of that data set and is missing there. Completed runs (of "
        f"{len(outcomes) * len(args.seeds)}): " + ", ".join(f"{m} {ok[m]}" for m in models) + ".",
        (f"Tables merged (--runs) from {len(args.merged[0])} run files of the same settings over parts of the suite"
         + (f" (no runs for {', '.join(args.merged[1])})" if args.merged[1] else "")
         if getattr(args, "merged", None) else
         f"Partial: {len(outcomes)} of {len(sets)} data sets finished after {elapsed:.0f} s" if len(outcomes) < len(sets)
         else f"Whole run: {elapsed:.0f} s") + (f" with {args.jobs} data sets in parallel" if args.jobs > 1 else "")
        + " on a machine shared with other builds and benchmarks (timings are noisy, limits are wall clock).",
        "Every run: `Benchmarks/results/compare-runs.csv` (status ok, failed, timeout, skipped or capped).",
    ]
    command = bc.command_line()
    write_accuracy(args.results_dir / "accuracy.md", runs, models, rows,
                   bc.header_lines("ASONN and peers: holdout accuracy", command, note))
    write_speed(args.results_dir / "speed.md", runs, models, rows,
                bc.header_lines("ASONN and peers: fit and predict seconds", command, note))


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=bc.DEFAULT_DATA_DIR,
                        help="folder of CSV data sets (default: ../shared/datasets from the repository root)")
    parser.add_argument("--sample-rows", type=int, default=bc.SAMPLE_ROWS,
                        help="run a set with more data rows on a fixed stratified sample of this many (default 3500)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these data sets (file names without .csv)")
    parser.add_argument("--seeds", type=int, nargs="+", default=bc.SEEDS, help="split seeds (default 0 1 2 3 4)")
    parser.add_argument("--asonn", type=Path, default=bc.DEFAULT_ASONN, help="the asonn binary (default .build/release/asonn)")
    parser.add_argument("--splits-dir", type=Path, default=bc.DEFAULT_SPLITS_DIR, help="where the split files go")
    parser.add_argument("--results-dir", type=Path, default=bc.DEFAULT_RESULTS_DIR, help="where the results go")
    parser.add_argument("--models", nargs="+", metavar="MODEL",
                        help="only these models (names as in the tables; 'ASONN' for ASONN)")
    parser.add_argument("--no-scale", dest="scale", action="store_false",
                        help="no standard scaling before k-NN and logistic regression")
    parser.add_argument("--fit-limit", type=float, default=DEFAULT_FIT_LIMIT, metavar="SECONDS",
                        help=f"stop a Python peer's fit and predict on a split after this many seconds (wall clock) and "
                             f"record it as missing (default {DEFAULT_FIT_LIMIT:g}; 0: no limit)")
    parser.add_argument("--limit", action="append", metavar="MODEL=SECONDS",
                        help="another limit for one peer (0: none); default "
                             + ", ".join(f"{m}={v:g}" for m, v in DEFAULT_LIMITS.items()))
    parser.add_argument("--max-rows", action="append", metavar="MODEL=ROWS",
                        help="run a peer only on data sets of at most ROWS rows (0: every set); default "
                             + ", ".join(f"{m}={v}" for m, v in DEFAULT_MAX_ROWS.items()))
    parser.add_argument("--runs", type=Path, nargs="+", metavar="CSV",
                        help="run nothing: write the tables from these compare-runs.csv files (e.g. of runs over "
                             "parts of the suite, with the same settings; the first file's record of a run wins)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="data sets run in this many parallel processes (default 1; each fit stays serial)")
    args = parser.parse_args(argv)

    if not args.asonn.exists():
        parser.error(f"no asonn binary at {args.asonn}: build it first (make build)")
    if not args.data_dir.is_dir():
        parser.error(f"no data folder {args.data_dir}")
    factories = peer_factories(args.scale)
    models = ["ASONN"] + list(factories)
    if args.models:
        unknown = set(args.models) - set(models)
        if unknown:
            parser.error(f"unknown model(s) {', '.join(sorted(unknown))}; known: {', '.join(models)}")
        models = [m for m in models if m in args.models]
    sets = bc.data_sets(args.data_dir, args.only)
    if not sets:
        parser.error(f"no data set in {args.data_dir}")
    args.results_dir.mkdir(parents=True, exist_ok=True)

    limits = {m: (args.fit_limit if args.fit_limit > 0 else None) for m in models if m != "ASONN"}
    for model, value in DEFAULT_LIMITS.items():
        if model in limits:
            limits[model] = value
    for item in args.limit or []:
        model, _, value = item.partition("=")
        if model not in limits:
            parser.error(f"--limit {item}: {model} is not a peer of this run")
        limits[model] = float(value) if float(value) > 0 else None
    caps = dict(DEFAULT_MAX_ROWS)
    for item in args.max_rows or []:
        model, _, value = item.partition("=")
        caps[model] = int(value) if int(value) > 0 else np.inf
    args.max_rows = caps
    started = time.perf_counter()
    if args.runs:
        runs = pd.concat([pd.read_csv(path, keep_default_na=True) for path in args.runs])
        runs = runs.drop_duplicates(["data", "seed", "model"], keep="first")
        missing = sorted({path.stem for path in sets} - set(runs["data"]))
        sets = [path for path in sets if path.stem in set(runs["data"])]
        models = [m for m in models if m in set(runs["model"])]
        outcomes = []
        for original in sets:
            _, shown = bc.benchmark_file(original, args.splits_dir, args.sample_rows)
            found = runs[runs["data"] == original.stem].to_dict("records")
            outcomes.append((original.stem, shown, found))
        args.merged = (args.runs, missing)
        write_results(args, sets, models, limits, outcomes, float("nan"))
        print(f"wrote the tables of {len(sets)} data sets from {len(args.runs)} run files"
              + (f"; no runs for {', '.join(missing)}" if missing else ""), file=sys.stderr)
        return 0
    # Largest data sets first, so that parallel workers finish at about the same time.
    tasks = sorted(sets, key=lambda path: -path.stat().st_size)
    outcomes = []

    def record(outcome):
        """Keeps a finished data set and rewrites the results with every set finished so far."""
        outcomes.append(outcome)
        write_results(args, sets, models, limits, outcomes, time.perf_counter() - started)

    context = mp.get_context("fork")
    if args.jobs <= 1:
        for original in tasks:
            record(run_data_set(original, args, models, factories, limits))
    else:
        queue, results = context.Queue(), context.Queue()
        for original in tasks:
            queue.put(original)
        workers = [context.Process(target=worker, args=(queue, results, args, models, factories, limits))
                   for _ in range(min(args.jobs, len(tasks)))]
        for process in workers:
            queue.put(None)
            process.start()
        for _ in tasks:
            record(results.get())
        for process in workers:
            process.join()
    print(f"wrote {args.results_dir / 'accuracy.md'} and {args.results_dir / 'speed.md'} in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
