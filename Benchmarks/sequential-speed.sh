#!/usr/bin/env bash
# Sequential acquisition against plain prediction, per row: for heart, pima and bupa (with
# their cost profiles) and magic (with an illustrative profile), a model trained on the
# whole file scores the file with `asonn predict` and with `asonn predict --sequential`;
# the figures are the `predict_seconds` the JSON output reports (classification alone,
# no reading or writing), the median of RUNS rounds (default 5), and their ratio; also
# with the risk bound 0.1 (`--sequential --risk 0.1`, the model calibrated when trained).
#
#   Benchmarks/sequential-speed.sh            ASONN=path/to/asonn to time another build
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
runs=${RUNS:-5}
data_dir=${BENCH_DATA:-../shared/datasets}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median_seconds() {  # median predict_seconds of `asonn predict "$@" --format json`, RUNS times
    for _ in $(seq "$runs"); do
        "$asonn" predict "$@" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["predict_seconds"])'
    done | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "| data | rows | rules | plain s | sequential s | ratio | risk 0.1 s | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in heart pima bupa magic; do
    if [ "$name" = magic ]; then
        data=$data_dir/magic.csv profile=Benchmarks/profiles/magic.json
        options="--max-value-neurons 255 --coefficient-sample 2000"
    else
        data=Datasets/$name.csv profile=CostProfiles/$name.json options=""
    fi
    # shellcheck disable=SC2086
    "$asonn" train "$data" --costs "$profile" $options -o "$work/$name.json" --quiet 2>/dev/null
    rules=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["combinations"]))' "$work/$name.json")
    rows=$(($(wc -l < "$data") - 1))
    plain=$(median_seconds "$work/$name.json" "$data")
    sequential=$(median_seconds "$work/$name.json" "$data" --sequential)
    risky=$(median_seconds "$work/$name.json" "$data" --sequential --risk 0.1)
    python3 -c "print(f'| $name | $rows | $rules | {$plain:.4f} | {$sequential:.4f} | {$sequential / $plain:.1f} '
                      f'| {$risky:.4f} | {$risky / $plain:.1f} |')"
done
