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
   min-max hyperbox classifier (hyperbox-brain's OnlineGFMM) and RIPPER (wittgenstein).
   Their input: numeric columns median-imputed, categorical ones most-frequent-imputed
   and one-hot encoded (unknown categories ignored), all fitted on the training split
   only. k-NN and logistic regression get standard scaling and the hyperbox model min-max
   scaling to [0, 1] (which it requires), fitted on train (--no-scale turns off the first
   two). Fit and predict seconds are measured with time.perf_counter around the model's
   fit and predict (preprocessing excluded, as ASONN's build time excludes reading).

Writes Benchmarks/results/accuracy.md (accuracy and balanced accuracy per data set and
model, mean over the suite, mean rank, wins), Benchmarks/results/speed.md (fit and
predict seconds) and Benchmarks/results/compare-runs.csv (every run).
"""
from __future__ import annotations

import argparse
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
    return factories


# --------------------------------------------------------------------------- runs

def run_asonn(asonn: Path, train_csv: Path, test_csv: Path, y_test: np.ndarray, work: Path) -> dict:
    model = work / "model.json"
    fit_seconds = bc.asonn_train(asonn, train_csv, model)
    output = bc.asonn_predict(asonn, model, test_csv)
    predictions = np.asarray(output["predictions"], dtype=object)
    if len(predictions) != len(y_test):
        raise RuntimeError(f"asonn predicted {len(predictions)} rows for {len(y_test)}")
    accuracy = accuracy_score(y_test, predictions)
    if output.get("accuracy") is not None and abs(output["accuracy"] - accuracy) > 1e-9:
        print(f"  warning: asonn reports accuracy {output['accuracy']:.4f}, recomputed {accuracy:.4f}", file=sys.stderr)
    return {"accuracy": accuracy, "balanced_accuracy": balanced_accuracy_score(y_test, predictions),
            "fit_seconds": fit_seconds, "predict_seconds": float(output["predict_seconds"])}


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
    return {"accuracy": accuracy_score(data.y_test, predictions),
            "balanced_accuracy": balanced_accuracy_score(data.y_test, predictions),
            "fit_seconds": fit_seconds, "predict_seconds": predict_seconds}


# --------------------------------------------------------------------------- tables

def fmt(value: float, digits: int = 3) -> str:
    return "—" if value is None or np.isnan(value) else f"{value:.{digits}f}"


def seconds(value: float) -> str:
    if value is None or np.isnan(value):
        return "—"
    return f"{value:.4f}" if value < 10 else f"{value:.1f}"


def summarise(runs: pd.DataFrame, models: list[str]):
    """Per data set and model, means over seeds; per data set ranks by mean accuracy."""
    means = runs.groupby(["data", "model"]).mean(numeric_only=True)
    names = sorted(runs["data"].unique())
    accuracy = means["accuracy"].unstack("model").reindex(index=names, columns=models)
    ranks = accuracy.apply(lambda row: pd.Series(rankdata(-row.round(12), method="average"), index=row.index), axis=1)
    best = accuracy.max(axis=1)
    wins = accuracy.apply(lambda col: (col.round(12) == best.round(12)).sum())
    return means, names, accuracy, ranks, wins


def write_accuracy(path: Path, runs: pd.DataFrame, models: list[str], rows: dict, header: list[str]):
    means, names, accuracy, ranks, wins = summarise(runs, models)
    balanced = means["balanced_accuracy"].unstack("model").reindex(index=names, columns=models)
    lines = header + [
        f"Mean accuracy over the {runs['seed'].nunique()} seeds, per data set; the best per data set in bold. Rank: per data set by",
        "mean accuracy (1 = best, ties averaged), then averaged over the data sets. Wins: data sets where",
        "the model has the best mean accuracy (ties count for every tied model).",
        "",
        "## Summary",
        "",
        "| model | mean accuracy | mean balanced accuracy | mean rank | wins |",
        "|---|---:|---:|---:|---:|",
    ]
    order = sorted(models, key=lambda m: ranks[m].mean())
    for m in order:
        lines.append(f"| {m} | {fmt(accuracy[m].mean())} | {fmt(balanced[m].mean())} | {ranks[m].mean():.2f} | {int(wins[m])} |")
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
    means = runs.groupby(["data", "model"]).mean(numeric_only=True)
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

    started = time.perf_counter()
    records, rows = [], {}
    with threadpool_limits(limits=1), tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for original in sets:
            name = original.stem
            path, rows[name] = bc.benchmark_file(original, args.splits_dir, args.sample_rows)
            splits = bc.write_splits(path, args.splits_dir, args.seeds)
            print(f"{name} ({rows[name]} rows)", file=sys.stderr, flush=True)
            for seed in args.seeds:
                train_csv, test_csv = splits[seed]
                data = bc.prepare(train_csv, test_csv)
                for model in models:
                    try:
                        if model == "ASONN":
                            result = run_asonn(args.asonn, train_csv, test_csv, data.y_test, work)
                        else:
                            result = run_peer(factories[model], seed, data)
                    except Exception as error:  # one failing model must not stop the benchmark
                        print(f"  {model} failed on {name} seed {seed}: {error}", file=sys.stderr)
                        result = {k: np.nan for k in ("accuracy", "balanced_accuracy", "fit_seconds", "predict_seconds")}
                    records.append({"data": name, "seed": seed, "model": model, **result})
            done = [r for r in records if r["data"] == name]
            summary = ", ".join(f"{m} {np.nanmean([r['accuracy'] for r in done if r['model'] == m]):.3f}" for m in models)
            print(f"  {summary}", file=sys.stderr, flush=True)

    runs = pd.DataFrame.from_records(records)
    runs.to_csv(args.results_dir / "compare-runs.csv", index=False, float_format="%.6g")
    elapsed = time.perf_counter() - started
    note = [
        f"Data: {len(sets)} data sets of `{bc.show_path(args.data_dir)}` (all but the scaling sets {', '.join(sorted(bc.SCALING_SETS))};",
        f"a set over {args.sample_rows} rows on a fixed stratified sample of that many, `Benchmarks/sample.py`); stratified 70:30 holdout,",
        f"seeds {', '.join(map(str, args.seeds))} (the same split files for every model, `Benchmarks/splits/`).",
        f"ASONN: {bc.asonn_version_note(args.asonn)}, default settings.",
        "Peers: scikit-learn / XGBoost / LightGBM defaults, random_state = seed, n_jobs=1; logistic regression",
        "with max_iter=1000 (instead of 100, to converge)"
        + ("; k-NN and logistic regression after standard scaling (fitted on train)" if args.scale else "; no scaling")
        + "; hyperbox = hyperbox-brain OnlineGFMM (defaults) on min-max scaled features; RIPPER = wittgenstein",
        "(defaults; an ordered one-class-at-a-time rule list for more than two classes). Peer input: median /",
        "most-frequent imputation and one-hot encoding of categorical columns, fitted on train.",
        f"Whole run: {elapsed:.0f} s. Every run: `Benchmarks/results/compare-runs.csv`.",
    ]
    command = bc.command_line()
    write_accuracy(args.results_dir / "accuracy.md", runs, models, rows,
                   bc.header_lines("ASONN and peers: holdout accuracy", command, note))
    write_speed(args.results_dir / "speed.md", runs, models, rows,
                bc.header_lines("ASONN and peers: fit and predict seconds", command, note))
    print(f"wrote {args.results_dir / 'accuracy.md'} and {args.results_dir / 'speed.md'} in {elapsed:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
