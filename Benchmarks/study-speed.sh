#!/usr/bin/env bash
# Wall time of trade-off studies and plans: `asonn tradeoff` and `asonn plan --budget` on
# heart, pima and bupa with their cost profiles, `asonn plan` on 5,000 rows x 20 tests
# (Benchmarks/synthetic.py 5000 20 --classes 2 --seed 1, Benchmarks/profiles/synthetic-20.json)
# and `asonn tradeoff` on magic (19,020 rows; the large-data options apply by default) with
# Benchmarks/profiles/magic.json. One run each; prints a Markdown table.
#
#   Benchmarks/study-speed.sh              ASONN=path/to/asonn to time another build;
#                                          LARGE=0 skips the two large studies (about 20 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=${ASONN:-.build/release/asonn}
[ -x "$asonn" ] || { echo "build first: swift build -c release" >&2; exit 1; }
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

echo "| study | rows x tests | seconds |"
echo "|---|---|---:|"
for name in heart pima bupa; do
    data=Datasets/$name.csv profile=CostProfiles/$name.json
    shape="$(($(wc -l < "$data") - 1)) x $(($(head -1 "$data" | tr ',' '\n' | wc -l) - 1))"
    echo "| tradeoff $name | $shape | $(seconds "$asonn" tradeoff "$data" --costs "$profile" --quiet --out "$work/$name") |"
    # A quarter of every test's cost, as the cost benchmark's middle budget.
    budget=$(python3 -c "import json; p = json.load(open('$profile')); print(round((sum(p['costs'].values()) + sum(g['cost'] for g in p.get('groups', []))) / 4, 2))")
    echo "| plan $name --budget $budget | $shape | $(seconds "$asonn" plan "$data" --costs "$profile" --budget "$budget" -o "$work/$name-plan.json") |"
done
if [ "${LARGE:-1}" != 0 ]; then
    python3 Benchmarks/synthetic.py 5000 20 "$work/synthetic.csv" --classes 2 --seed 1
    echo "| plan synthetic --budget 40 | 5000 x 20 | $(seconds "$asonn" plan "$work/synthetic.csv" --costs Benchmarks/profiles/synthetic-20.json --budget 40 -o "$work/synthetic-plan.json") |"
    echo "| tradeoff magic | 19020 x 10 | $(seconds "$asonn" tradeoff "$data_dir/magic.csv" --costs Benchmarks/profiles/magic.json --quiet --out "$work/magic") |"
fi
