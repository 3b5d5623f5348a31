"""Bagged ASONN (`asonn train --ensemble N`) on the split files of `compare.py`, beside the
single model and the peers of a runs file (default Benchmarks/results/compare-runs.csv).

    python Benchmarks/ensemble_splits.py [--members N] [--asonn BIN] [--only NAME ...]

Writes the splits it needs (the same files `compare.py` writes), trains an ensemble on each
training part, predicts its test part, and prints a Markdown table of mean accuracy per data
set: the ensemble, ASONN's single model and the random forest as the runs file has them, and
the means over the data sets. The same seeds give the same figures (but times).
"""
import argparse
import csv
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import bench_common as bc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=25, help="ensemble members (default 25)")
    parser.add_argument("--asonn", type=Path, default=bc.DEFAULT_ASONN, help="the asonn binary")
    parser.add_argument("--data-dir", type=Path, default=bc.DEFAULT_DATA_DIR)
    parser.add_argument("--splits-dir", type=Path, default=bc.DEFAULT_SPLITS_DIR)
    parser.add_argument("--runs", type=Path, default=bc.DEFAULT_RESULTS_DIR / "compare-runs.csv",
                        help="the peers' runs (compare.py's runs file)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these data sets")
    args = parser.parse_args()

    peers = defaultdict(list)  # (data, model) -> accuracies
    with open(args.runs) as file:
        for row in csv.DictReader(file):
            if row["status"] == "ok":
                peers[(row["data"], row["model"])].append(float(row["accuracy"]))

    lines = ["| data | rows | ensemble | ASONN | random forest | ensemble seconds |",
             "|---|---:|---:|---:|---:|---:|"]
    means = defaultdict(list)
    with tempfile.TemporaryDirectory() as work:
        for path in bc.data_sets(args.data_dir, args.only):
            source, rows = bc.benchmark_file(path, args.splits_dir)
            accuracies, seconds = [], []
            for seed, (train, test) in bc.write_splits(source, args.splits_dir).items():
                model = Path(work) / f"{path.stem}-{seed}.json"
                start = time.monotonic()
                bc.asonn_train(args.asonn, train, model, ["--ensemble", str(args.members)])
                seconds.append(time.monotonic() - start)
                accuracies.append(bc.asonn_predict(args.asonn, model, test)["accuracy"])
            ensemble = statistics.mean(accuracies)
            single = peers.get((path.stem, "ASONN"))
            forest = peers.get((path.stem, "random forest"))
            figures = [ensemble, statistics.mean(single) if single else None,
                       statistics.mean(forest) if forest else None]
            for name, value in zip(("ensemble", "ASONN", "random forest"), figures):
                if value is not None:
                    means[name].append(value)
            shown = " | ".join("—" if v is None else f"{v:.3f}" for v in figures)
            lines.append(f"| {path.stem} | {rows} | {shown} | {statistics.mean(seconds):.2f} |")
            print(lines[-1], flush=True)
    count = len(means["ensemble"])
    lines.append(f"| **mean of {count}** | | " + " | ".join(
        f"{statistics.mean(means[n]):.3f}" if len(means[n]) == count else "—"
        for n in ("ensemble", "ASONN", "random forest")) + " | |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
