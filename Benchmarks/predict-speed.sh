#!/usr/bin/env bash
# `asonn predict` end to end (read the CSV, classify, write CSV) against pandas read_csv +
# scikit-learn DecisionTree predict + to_csv (Benchmarks/predict_pipeline.py) on the same
# large file, in the same run; model load time; peak memory at two file sizes.
#
#   Benchmarks/predict-speed.sh [DATA.csv]     default ../shared/datasets/magic.csv
#
# The large file repeats DATA's rows to ROWS rows (default 1000000; SMALL_ROWS, default
# 100000, for the memory comparison); not kept. The model is trained on DATA with
# TRAIN_OPTIONS (default: the large-data options) unless MODEL names one. RUNS rounds
# (default 3), asonn and Python alternating; medians. PYTHON: an interpreter with pandas and
# scikit-learn (default Benchmarks/.venv/bin/python). Writes Benchmarks/results/predict-speed.md
# (OUT=path to write elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
python=${PYTHON:-Benchmarks/.venv/bin/python}
"$python" -c 'import pandas, sklearn' 2>/dev/null || { echo "need pandas and scikit-learn: make bench sets up $python" >&2; exit 1; }
data=${1:-${BENCH_DATA:-../shared/datasets}/magic.csv}
rows=${ROWS:-1000000}
small_rows=${SMALL_ROWS:-100000}
runs=${RUNS:-3}
out=${OUT:-Benchmarks/results/predict-speed.md}
train_options=${TRAIN_OPTIONS:---max-value-neurons 255 --coefficient-sample 2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# DATA's header and its rows repeated to N rows.
repeat_rows() {
    python3 - "$data" "$1" "$2" <<'PY'
import sys
source, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(source).read().splitlines()
header, body = lines[0], [line for line in lines[1:] if line.strip()]
with open(path, "w") as out:
    out.write(header + "\n")
    for i in range(count):
        out.write(body[i % len(body)] + "\n")
PY
}
repeat_rows "$rows" "$work/large.csv"
repeat_rows "$small_rows" "$work/small.csv"
repeat_rows 1 "$work/one.csv"

model=${MODEL:-}
if [ -z "$model" ]; then
    model="$work/model.json"
    echo "training on $(basename "$data") ($train_options) ..." >&2
    # shellcheck disable=SC2086
    "$asonn" train "$data" -o "$model" --quiet $train_options 2>/dev/null
fi

# Wall seconds and peak KiB of a command (its output to a file): "SECONDS KIB".
timed() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(f"{time.monotonic() - start:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}
median() { python3 -c 'import statistics, sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }

asonn_s=(); python_s=(); python_lines=(); load_s=()
for round in $(seq "$runs"); do
    echo "round $round of $runs ..." >&2
    asonn_s+=("$(timed "$asonn" predict "$model" "$work/large.csv" --format csv -o "$work/asonn.csv" | cut -d' ' -f1)")
    line=$("$python" Benchmarks/predict_pipeline.py "$data" "$work/large.csv" "$work/python.csv")
    python_lines+=("$line")
    python_s+=("$(echo "$line" | sed 's/.*total //')")
    load_s+=("$(timed "$asonn" predict "$model" "$work/one.csv" --format csv -o "$work/one-out.csv" | cut -d' ' -f1)")
done
[ "$(wc -l < "$work/asonn.csv")" -eq $((rows + 1)) ] || { echo "asonn wrote $(wc -l < "$work/asonn.csv") lines" >&2; exit 1; }
classify=$("$asonn" predict "$model" "$work/small.csv" --format json | python3 -c 'import json, sys; print("%.3f" % json.load(sys.stdin)["predict_seconds"])')
peak_small=$(timed "$asonn" predict "$model" "$work/small.csv" --format csv -o "$work/small-out.csv" | cut -d' ' -f2)
peak_large=$(timed "$asonn" predict "$model" "$work/large.csv" --format csv -o "$work/large-out.csv" | cut -d' ' -f2)
asonn_median=$(median "${asonn_s[@]}")
python_median=$(median "${python_s[@]}")
load_median=$(median "${load_s[@]}")
model_bytes=$(wc -c < "$model")
combinations=$(python3 -c "import json; print(len(json.load(open('$model'))['combinations']))")

{
    echo "# Prediction end to end: asonn against pandas + scikit-learn"
    echo
    echo "\`Benchmarks/predict-speed.sh $(basename "$data")\` on $(nproc) cores ($(uname -m)), $(date -u +%Y-%m-%d); release build."
    echo "$rows rows ($(basename "$data")'s rows repeated), $runs rounds alternating, medians. asonn: wall time of"
    echo "\`asonn predict MODEL DATA --format csv -o OUT\` (process start, model load, read, classify, write)."
    echo "Python: \`Benchmarks/predict_pipeline.py\`, read_csv + DecisionTreeClassifier.predict + to_csv of the same"
    echo "columns, timed inside the process (imports and the tree's fit not counted)."
    echo "Model: $(basename "$data") trained with \`${MODEL:+(given) }${MODEL:-$train_options}\`, $combinations combinations, $model_bytes bytes."
    echo
    echo "| | seconds | rows/s |"
    echo "|---|---:|---:|"
    echo "| asonn predict, end to end | $asonn_median | $(python3 -c "print(f'{$rows / $asonn_median:,.0f}')") |"
    echo "| pandas + scikit-learn tree | $python_median | $(python3 -c "print(f'{$rows / $python_median:,.0f}')") |"
    echo "| ratio asonn / Python | $(python3 -c "print(f'{$asonn_median / $python_median:.2f}')") | |"
    echo
    stages=$(printf '%s; ' "${python_lines[@]}")
    echo "Python stages per round: ${stages%; }."
    echo "asonn classification alone (\`predict_seconds\`, $small_rows rows): $classify s."
    echo "Model load (\`asonn predict\` on a 1-row file, wall, median): $load_median s."
    echo "Peak memory of \`asonn predict --format csv\`: $small_rows rows $(( peak_small / 1024 )) MiB, $rows rows $(( peak_large / 1024 )) MiB."
} | tee "$out"
