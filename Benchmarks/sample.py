"""A fixed stratified sample of a data set's rows: the benchmarks run sets over 3,500 rows
on such a sample, the same one for every model and every run.

usage: sample.py DATA.csv OUT.csv ROWS
Writes the header and ROWS data lines of DATA.csv (verbatim, in file order) to OUT.csv:
each class keeps its share of the rows (largest remainders round), chosen with seed 0.
A file with at most ROWS data lines is copied whole. Standard library only.
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

# Kept out of the accuracy benchmarks: the scaling benchmark's large sets.
SCALING_SETS = {"magic", "penbased", "letter"}
SAMPLE_ROWS = 3500


def read_raw(path: Path) -> tuple[str, list[str], list[str]]:
    """The header line, the data lines (verbatim, without line ends) and each line's class
    (the last field). Blank lines are dropped."""
    with open(path, newline="") as f:
        text = f.read()
    lines = [line for line in text.splitlines() if line.strip() != ""]
    header, body = lines[0], lines[1:]
    labels = [next(csv.reader([line]))[-1].strip() for line in body]
    return header, body, labels


def stratified_lines(path: Path, rows: int, seed: int = 0) -> tuple[str, list[str]]:
    """The header and at most `rows` data lines, each class in proportion."""
    header, body, labels = read_raw(path)
    if len(body) <= rows:
        return header, body
    by_class: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    names = sorted(by_class)
    exact = {c: len(by_class[c]) * rows / len(body) for c in names}
    quota = {c: int(exact[c]) for c in names}
    # Largest remainders take the rows left over, ties in class-name order.
    for c in sorted(names, key=lambda c: (-(exact[c] - quota[c]), c))[: rows - sum(quota.values())]:
        quota[c] += 1
    rng = random.Random(seed)
    chosen = sorted(i for c in names for i in rng.sample(by_class[c], quota[c]))
    return header, [body[i] for i in chosen]


def write_sample(path: Path, out: Path, rows: int = SAMPLE_ROWS) -> int:
    """Writes the sample of `path` to `out` (replacing it); returns the data set's full row count."""
    header, lines = stratified_lines(path, rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join([header] + lines) + "\n")
    return len(read_raw(path)[1])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    total = write_sample(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
    print(total)
