#!/usr/bin/env bash
# Holdout accuracy (stratified 70:30, seeds 0-4) of ASONN on every data set of a folder
# but the scaling sets (magic, penbased, letter), for the given configurations (default:
# the default variant self-configured and fixed, and the paper variant). A set over 3,500 rows runs on a fixed stratified sample of 3,500 rows
# (Benchmarks/sample.py), said in the table.
#
#   [ASONN=binary] Benchmarks/accuracy.sh [DATA_DIR] [OUT.md] [-- "label:asonn options" ...]
#
# Writes a markdown table (per data set: accuracy, balanced accuracy, combinations,
# build seconds, per configuration; then the mean over the suite).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=${1:-../shared/datasets}
out=${2:-Benchmarks/results/accuracy-holdout.md}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
configs=("$@")
[ ${#configs[@]} -eq 0 ] && configs=("default:--variant default" "fixed:--configure fixed" "paper:--variant paper")
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
[ -d "$data_dir" ] || { echo "no data folder $data_dir" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in "$data_dir"/*.csv; do
    name=$(basename "$file" .csv)
    case "$name" in magic|penbased|letter) continue ;; esac
    rows=$(( $(wc -l < "$file") - 1 ))
    if [ "$rows" -gt 3500 ]; then
        python3 Benchmarks/sample.py "$file" "$work/$name.csv" 3500 > "$work/$name.total"
        file="$work/$name.csv"
    fi
    for config in "${configs[@]}"; do
        label=${config%%:*}
        options=${config#*:}
        echo "$name / $label" >&2
        # shellcheck disable=SC2086
        "$asonn" evaluate "$file" --holdout 0.3 --repeats 5 --seed ${SEED:-0} --format json --quiet $options \
            > "$work/$name.$label.json"
    done
done
python3 Benchmarks/accuracy_table.py "$work" "$out" "${configs[@]%%:*}"
echo "wrote $out" >&2
