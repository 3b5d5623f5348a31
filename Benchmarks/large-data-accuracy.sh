#!/usr/bin/env bash
# Holdout accuracy of exact construction against the large-data options, on the larger
# benchmark sets (the scaling sets and every set of 4,000 to 10,000 rows) and on synthetic
# data (Benchmarks/synthetic.py).
#
#   Benchmarks/large-data-accuracy.sh
#
# Stratified holdout, 30% test, 3 repeats from seed 0, through `asonn evaluate`. Prints a
# markdown table and writes it to Benchmarks/results/large-data-accuracy.md (OUT=path to
# write elsewhere; OPTIONS=the options to compare, default "--max-value-neurons 255
# --coefficient-sample 2000"; ASONN=path of another asonn binary).
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
data_dir=${BENCH_DATA:-../shared/datasets}
options=${OPTIONS:---max-value-neurons 255 --coefficient-sample 2000}
read -r -a option_list <<< "$options"
out=${OUT:-Benchmarks/results/large-data-accuracy.md}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The scaling sets, then the sets of 4,000 to 10,000 rows, where studies switch to the options.
sets=("$data_dir/magic.csv" "$data_dir/letter.csv" "$data_dir/penbased.csv")
for name in spambase phoneme texture optdigits mushroom banana satimage twonorm; do
    sets+=("$data_dir/$name.csv")
done
for size in 5000x20 10000x10 10000x50 20000x20; do
    python3 Benchmarks/synthetic.py "${size%x*}" "${size#*x}" "$work/synthetic-$size.csv"
    sets+=("$work/synthetic-$size.csv")
done

rows_out=()
for data in "${sets[@]}"; do
    name=$(basename "$data" .csv)
    for mode in exact options; do
        echo "evaluating $name ($mode) ..." >&2
        extra=()
        [ "$mode" = options ] && extra=("${option_list[@]}")
        report=$("$asonn" evaluate "$data" --holdout 0.3 --repeats 3 --seed 0 --quiet ${extra[@]+"${extra[@]}"} 2>&1)
        field() { echo "$report" | awk -v key="$1" -v back="$2" 'index($0, key) == 1 { print $(NF - back) }'; }
        accuracy=$(field "accuracy " 1)
        spread=$(field "accuracy " 0)
        balanced=$(field "balanced accuracy" 1)
        combinations=$(field "combinations" 0)
        build=$(field "build seconds" 0)
        label=exact
        [ "$mode" = options ] && label="\`$options\`"
        rows_out+=("| ${name/synthetic-/synthetic } | $label | $accuracy ± $spread | $balanced | $combinations | $build |")
    done
done

{
    echo "# Exact construction against the large-data options"
    echo
    echo "\`Benchmarks/large-data-accuracy.sh\` on $(nproc) cores ($(uname -m)); release build."
    echo "Stratified holdout (30% test), 3 repeats from seed 0 (\`asonn evaluate --holdout 0.3"
    echo "--repeats 3\`); accuracy as mean ± standard deviation over the repeats; build seconds"
    echo "per training split (70% of the rows)."
    echo
    echo "| data | construction | accuracy | balanced accuracy | combinations | build seconds |"
    echo "|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${rows_out[@]}"
} | tee "$out"
