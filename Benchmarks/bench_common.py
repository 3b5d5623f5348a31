"""Shared pieces of the peer-comparison benchmarks (compare.py and cost_fronts.py).

- the stratified 70:30 splits, written once as raw CSV files that every model reads;
- running the `asonn` CLI on a split;
- the preprocessing of the Python peers (impute, one-hot encode; fitted on train only);
- pricing a set of attributes with a cost profile, with group sharing exactly as ASONN
  does it (a group's fixed cost is paid once if any member is measured).
"""
from __future__ import annotations

import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from sample import SAMPLE_ROWS, SCALING_SETS, read_raw, write_sample

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_DATA_DIR = REPO_ROOT / ".." / "shared" / "datasets"
DEFAULT_SPLITS_DIR = BENCH_DIR / "splits"
DEFAULT_RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_ASONN = REPO_ROOT / ".build" / "release" / "asonn"
SEEDS = [0, 1, 2, 3, 4]
TEST_SIZE = 0.3
# The tokens ASONN reads as missing (besides the empty field), compared case-insensitively.
MISSING_TOKENS = {"", "?", "na", "nan"}


# --------------------------------------------------------------------------- splits

def data_sets(data_dir: Path, only: list[str] | None = None) -> list[Path]:
    """Every CSV file of the folder but the scaling sets, sorted by name."""
    return [path for path in sorted(Path(data_dir).glob("*.csv"))
            if path.stem not in SCALING_SETS and (not only or path.stem in only)]


def benchmark_file(path: Path, splits_dir: Path, rows: int = SAMPLE_ROWS) -> tuple[Path, str]:
    """The file a benchmark runs on: the data set itself, or for a set over `rows` rows its
    fixed stratified sample (written to splits_dir/samples/); and its rows as the tables
    show them ("3500 of 5404" for a sample)."""
    total = len(read_raw(path)[1])
    if total <= rows:
        return path, str(total)
    sampled = splits_dir / "samples" / path.name
    write_sample(path, sampled, rows)
    return sampled, f"{rows} of {total}"


def write_splits(path: Path, splits_dir: Path, seeds=SEEDS) -> dict[int, tuple[Path, Path]]:
    """Writes (once) splits_dir/NAME/seedS/train.csv and test.csv for each seed: a stratified
    70:30 split of the raw lines, header and values untouched. An existing file with the
    same content is left alone; one with other content is an error (stale splits)."""
    header, body, labels = read_raw(path)
    result = {}
    for seed in seeds:
        train_idx, test_idx = train_test_split(np.arange(len(body)), test_size=TEST_SIZE,
                                               stratify=labels, random_state=seed)
        folder = splits_dir / path.stem / f"seed{seed}"
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for name, idx in (("train.csv", train_idx), ("test.csv", test_idx)):
            content = "\n".join([header] + [body[i] for i in idx]) + "\n"
            target = folder / name
            if target.exists():
                if target.read_text() != content:
                    raise SystemExit(f"{target} differs from the split of {path} with seed {seed}: "
                                     f"delete {splits_dir / path.stem} and run again")
            else:
                target.write_text(content)
            files.append(target)
        result[seed] = (files[0], files[1])
    return result


# --------------------------------------------------------------------------- peers' data

def read_frame(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """A split file as a frame of strings (missing tokens as NaN) and the class labels as
    strings, exactly as in the file."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    frame.columns = [c.strip() for c in frame.columns]
    labels = frame.iloc[:, -1].str.strip().to_numpy()
    features = frame.iloc[:, :-1].apply(lambda col: col.str.strip())
    features = features.mask(features.apply(lambda col: col.str.lower().isin(MISSING_TOKENS)))
    return features, labels


def column_kinds(train: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Numeric columns (every present training value parses as a finite number, as ASONN
    decides) and categorical ones."""
    numeric, categorical = [], []
    for column in train.columns:
        present = train[column].dropna()
        values = pd.to_numeric(present, errors="coerce")
        if len(present) > 0 and values.notna().all() and np.isfinite(values.astype(float)).all():
            numeric.append(column)
        else:
            categorical.append(column)
    return numeric, categorical


@dataclass
class PeerData:
    """One split, preprocessed for the Python peers."""
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray  # labels as strings
    y_test: np.ndarray
    feature_attribute: list[str]  # the original attribute of each transformed feature
    numeric: list[str]
    categorical: list[str]


def prepare(train_csv: Path, test_csv: Path) -> PeerData:
    """Median imputation for numeric columns; most-frequent imputation then one-hot
    encoding (unknown categories ignored) for categorical ones; all fitted on train only."""
    train, y_train = read_frame(train_csv)
    test, y_test = read_frame(test_csv)
    numeric, categorical = column_kinds(train)
    for column in numeric:
        train[column] = pd.to_numeric(train[column], errors="coerce")
        test[column] = pd.to_numeric(test[column], errors="coerce")
    transformers = []
    if numeric:
        transformers.append(("num", SimpleImputer(strategy="median", keep_empty_features=True), numeric))
    if categorical:
        transformers.append(("cat", Pipeline([
            ("impute", SimpleImputer(strategy="most_frequent", keep_empty_features=True)),
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]), categorical))
    transformer = ColumnTransformer(transformers, sparse_threshold=0.0)
    X_train = transformer.fit_transform(train).astype(float)
    X_test = transformer.transform(test).astype(float)
    feature_attribute = list(numeric)
    if categorical:
        encoder = transformer.named_transformers_["cat"].named_steps["onehot"]
        for column, categories in zip(categorical, encoder.categories_):
            feature_attribute += [column] * len(categories)
    assert len(feature_attribute) == X_train.shape[1]
    return PeerData(X_train, X_test, y_train, y_test, feature_attribute, numeric, categorical)


# --------------------------------------------------------------------------- asonn

BUILD_TIME = re.compile(r"build time:\s*([0-9.eE+-]+)\s*s")


def asonn_train(asonn: Path, train_csv: Path, model_json: Path, extra: list[str] = ()) -> float:
    """`asonn train TRAIN -o MODEL --quiet [extra]`; returns the build seconds it reports."""
    result = subprocess.run([str(asonn), "train", str(train_csv), "-o", str(model_json), "--quiet", *extra],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"asonn train {train_csv} {' '.join(extra)} failed: {result.stderr.strip()}")
    match = BUILD_TIME.search(result.stderr)
    if not match:
        raise RuntimeError(f"no 'build time' in the summary of asonn train {train_csv}: {result.stderr}")
    return float(match.group(1))


def asonn_predict(asonn: Path, model_json: Path, test_csv: Path, sequential: bool = False) -> dict:
    """`asonn predict MODEL TEST --format json [--sequential]`, parsed."""
    command = [str(asonn), "predict", str(model_json), str(test_csv), "--format", "json"]
    if sequential:
        command.append("--sequential")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"asonn predict {model_json} {test_csv} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def asonn_version_note(asonn: Path) -> str:
    """Identifies the binary: its checksum and build time, and the repository's HEAD then."""
    import hashlib
    digest = hashlib.sha256(Path(asonn).read_bytes()).hexdigest()[:12]
    built = datetime.datetime.fromtimestamp(Path(asonn).stat().st_mtime, datetime.timezone.utc)
    try:
        head = subprocess.run(["git", "-C", str(REPO_ROOT), "log", "-1", "--format=%h of %cI"],
                              capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        head = "?"
    return f"`{asonn}` (sha256 {digest}..., built {built:%Y-%m-%d %H:%M} UTC; repository HEAD {head})"


# --------------------------------------------------------------------------- costs

@dataclass
class CostProfile:
    """A cost profile: each attribute's own (marginal) cost and groups whose fixed cost is
    paid once when any member is measured."""
    name: str
    unit: str
    costs: dict[str, float]
    groups: list[dict]
    default_cost: float | None

    @classmethod
    def load(cls, path: Path) -> "CostProfile":
        raw = json.loads(Path(path).read_text())
        return cls(raw.get("name", Path(path).stem), raw.get("unit", ""),
                   {k: float(v) for k, v in raw.get("costs", {}).items()},
                   [{"name": g["name"], "cost": float(g["cost"]), "members": list(g["members"])}
                    for g in raw.get("groups", [])],
                   raw.get("default_cost"))

    def own(self, attribute: str) -> float:
        if attribute in self.costs:
            return self.costs[attribute]
        if self.default_cost is None:
            raise KeyError(f"no cost for attribute {attribute} and no default_cost")
        return float(self.default_cost)

    def group_of(self, attribute: str) -> dict | None:
        return next((g for g in self.groups if attribute in g["members"]), None)

    def price(self, attributes) -> float:
        """Cost of measuring a set of attributes: their own costs plus, once, the fixed
        cost of every group with at least one measured member."""
        attributes = set(attributes)
        total = sum(self.own(a) for a in attributes)
        total += sum(g["cost"] for g in self.groups if attributes & set(g["members"]))
        return total

    def stand_alone(self, attribute: str) -> float:
        """Cost of measuring this attribute alone (own cost plus its group's fixed cost)."""
        return self.price([attribute])


# --------------------------------------------------------------------------- reporting

def header_lines(title: str, command: str, extra: list[str]) -> list[str]:
    """The opening of a results file: what made it, with which versions, when."""
    import sklearn
    versions = [f"Python {platform.python_version()}", f"numpy {np.__version__}", f"pandas {pd.__version__}",
                f"scikit-learn {sklearn.__version__}"]
    for module in ("xgboost", "lightgbm", "hbbrain", "wittgenstein", "matplotlib"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except Exception:  # not installed: not used
            pass
    return [
        f"# {title}",
        "",
        f"Made {datetime.date.today().isoformat()} by `{command}`",
        f"on {platform.machine()}, {os.cpu_count()} cores, every fit serial (n_jobs=1, BLAS limited to one thread).",
        f"Versions: {', '.join(versions)}.",
        *extra,
        "",
    ]


def show_path(path: Path) -> str:
    """A path as the reader would type it from the repository root."""
    return os.path.relpath(os.path.normpath(os.path.abspath(path)), REPO_ROOT)


def command_line() -> str:
    return " ".join(["python", os.path.relpath(sys.argv[0], REPO_ROOT)] + sys.argv[1:])
