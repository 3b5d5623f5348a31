#!/usr/bin/env bash
# Construction time, prediction speed and peak memory of the `asonn` CLI on synthetic
# numeric data with class overlap (Benchmarks/synthetic.py: 3 Gaussian classes, fixed seed)
# and on named data files.
#
#   Benchmarks/scale.sh [ROWSxATTRIBUTES | path/to/DATA.csv ...]
#       default: 1000x10 10000x10 100000x10 1000x50 10000x50 100000x50, and magic, penbased
#       and letter from ../shared/datasets
#
# Prints a markdown table and writes it to Benchmarks/results/scaling.md
# (OUT=path to write elsewhere; ASONN=path of another asonn binary; TRAIN_OPTIONS=extra
# options for `asonn train`, e.g. "--max-value-neurons 255 --coefficient-sample 2000").
# Each training run is limited to LIMIT seconds (default 600).
# Prediction speed: `asonn predict` on the training rows, classification time only.
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
data_dir=${BENCH_DATA:-../shared/datasets}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000x10 10000x10 100000x10 1000x50 10000x50 100000x50
                                 "$data_dir/magic.csv" "$data_dir/penbased.csv" "$data_dir/letter.csv")
out=${OUT:-Benchmarks/results/scaling.md}
limit=${LIMIT:-600}
read -r -a train_options <<< "${TRAIN_OPTIONS:-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command under a time limit; prints "ok SECONDS PEAK_KIB" or "timeout PEAK_KIB"
# (the peak of the stopped process, so memory is reported even when time runs out).
measure() {
    python3 - "$limit" "$@" <<'PY'
import resource, subprocess, sys, time
limit = float(sys.argv[1])
start = time.monotonic()
try:
    completed = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=limit)
except subprocess.TimeoutExpired:
    print(f"timeout {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
    sys.exit(0)
sys.stderr.write(completed.stderr)
sys.stdout.write(completed.stdout)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"\nok {time.monotonic() - start:.3f} {peak}")
sys.exit(completed.returncode)
PY
}

rows_out=()
for item in "${sizes[@]}"; do
    if [[ "$item" == *.csv ]]; then
        data=$item
        name=$(basename "$item" .csv)
    else
        data="$work/synthetic-$item.csv"
        name="synthetic $item"
        python3 Benchmarks/synthetic.py "${item%x*}" "${item#*x}" "$data"
    fi
    rows=$(( $(wc -l < "$data") - 1 ))
    attributes=$(( $(head -1 "$data" | tr ',' '\n' | wc -l) - 1 ))
    echo "training on $name ..." >&2
    measure "$asonn" train "$data" -o "$work/model.json" --quiet ${train_options[@]+"${train_options[@]}"} > "$work/train.txt" 2> "$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2; exit 1; }
    if grep -q '^timeout' "$work/train.txt"; then
        peak=$(grep '^timeout' "$work/train.txt" | cut -d' ' -f2)
        rows_out+=("| $name | $rows | $attributes | - | > $limit (stopped) | - | $(( peak / 1024 )) at the stop |")
        continue
    fi
    peak=$(tail -1 "$work/train.txt" | cut -d' ' -f3)
    combinations=$(sed -n 's/^combinations: \([0-9]*\);.*/\1/p' "$work/stderr.txt")
    build=$(sed -n 's/^build time: \([0-9.]*\) s/\1/p' "$work/stderr.txt")
    measure "$asonn" predict "$work/model.json" "$data" --format json > "$work/predict.txt" 2>/dev/null || true
    speed=$(python3 -c "
import json, sys
text = open('$work/predict.txt').read().rsplit('\n', 2)[0]
seconds = json.loads(text)['predict_seconds']
print(f'{$rows / seconds:,.0f}' if seconds > 0 else '-')" 2>/dev/null || echo -)
    rows_out+=("| $name | $rows | $attributes | $combinations | $build | $speed | $(( peak / 1024 )) |")
done

{
    echo "# Construction time on synthetic and larger data"
    echo
    echo "\`${TRAIN_OPTIONS:+TRAIN_OPTIONS=\"$TRAIN_OPTIONS\" }Benchmarks/scale.sh ${sizes[*]}\` on $(nproc) cores ($(uname -m)); release build."
    echo "Synthetic data: \`Benchmarks/synthetic.py ROWS ATTRIBUTES\` (3 overlapping Gaussian classes)."
    echo "Build seconds as \`asonn train\` reports them; prediction: rows per second of \`asonn predict\` on"
    echo "the training rows (classification time only); peak memory of the training process."
    echo
    echo "| data | rows | attributes | combinations | build seconds | predict rows/s | peak MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows_out[@]}"
} | tee "$out"
