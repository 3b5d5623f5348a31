#!/usr/bin/env bash
# Wall time of trade-off studies and plans: `asonn tradeoff` and `asonn plan --budget` on
# heart, pima and bupa with their cost profiles, `asonn plan` on 5,000 rows x 20 tests
# (Benchmarks/synthetic.py 5000 20 --classes 2 --seed 1, Benchmarks/profiles/synthetic-20.json)
# and `asonn tradeoff` and `asonn plan` on magic (19,020 rows, Benchmarks/profiles/magic.json)
# and on 100,000 rows x 20 tests (synthetic.py 100000 20 --classes 2 --seed 1, the same
# profile as the 5,000-row set). The large-data options apply by default above 4,000 rows (the
# 5,000-row set too), cross-validation on a 10,000-row sample above 10,000 rows (magic and the
# 100,000-row set). One run each; prints a Markdown table.
#
#   Benchmarks/study-speed.sh              ASONN=path/to/asonn to time another build;
#                                          LARGE=0 skips the large studies (about 25 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
data_dir=${BENCH_DATA:-../shared/datasets}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() {  # wall seconds of the command
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.1f}')"
}

# One table row: the study's label, its shape, then the asonn arguments it is timed with.
row() {
    local label=$1 shape=$2
    shift 2
    echo "| $label | $shape | $(seconds "$asonn" "$@") |"
}

echo "| study | rows x tests | seconds |"
echo "|---|---|---:|"
for name in heart pima bupa; do
    data=Datasets/$name.csv profile=CostProfiles/$name.json
    shape="$(($(wc -l < "$data") - 1)) x $(($(head -1 "$data" | tr ',' '\n' | wc -l) - 1))"
    row "tradeoff $name" "$shape" tradeoff "$data" --costs "$profile" --quiet --out "$work/$name"
    # A quarter of every test's cost, as the cost benchmark's middle budget.
    budget=$(python3 -c "import json; p = json.load(open('$profile'));
print(round((sum(p['costs'].values()) + sum(g['cost'] for g in p.get('groups', []))) / 4, 2))")
    row "plan $name --budget $budget" "$shape" plan "$data" --costs "$profile" --budget "$budget" \
        -o "$work/$name-plan.json"
done
if [ "${LARGE:-1}" != 0 ]; then
    synthetic=Benchmarks/profiles/synthetic-20.json
    python3 Benchmarks/synthetic.py 5000 20 "$work/synthetic.csv" --classes 2 --seed 1
    row "plan synthetic --budget 40" "5000 x 20" plan "$work/synthetic.csv" --costs "$synthetic" --budget 40 \
        -o "$work/synthetic-plan.json"
    magic=("$data_dir/magic.csv" --costs Benchmarks/profiles/magic.json --quiet)
    row "tradeoff magic" "19020 x 10" tradeoff "${magic[@]}" --out "$work/magic"
    row "plan magic --budget 9" "19020 x 10" plan "${magic[@]}" --budget 9 -o "$work/magic-plan.json"
    python3 Benchmarks/synthetic.py 100000 20 "$work/synthetic-100k.csv" --classes 2 --seed 1
    big=("$work/synthetic-100k.csv" --costs "$synthetic" --quiet)
    row "tradeoff synthetic" "100000 x 20" tradeoff "${big[@]}" --out "$work/synthetic-100k"
    row "plan synthetic --budget 44" "100000 x 20" plan "${big[@]}" --budget 44 -o "$work/synthetic-100k-plan.json"
fi
