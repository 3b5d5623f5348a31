#!/usr/bin/env bash
# Cost/accuracy sweep: lambda x prune mode on heart, pima and bupa with their cost profiles
# (stratified 70:30 holdout, seeds 0-4), for the given stop rules.
#
#   Benchmarks/costs.sh [OUT.md]        (STOP_RULES="blocked positive" by default)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-Benchmarks/results/costs-holdout.md}
asonn=.build/release/asonn
[ -x "$asonn" ] || { echo "build first: make build" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for stop in ${STOP_RULES:-blocked positive}; do
    for data in heart pima bupa; do
        for lambda in 0 0.5 1 2 4; do
            for prune in none hypercuboid panel seed; do
                echo "$data stop=$stop lambda=$lambda prune=$prune" >&2
                "$asonn" evaluate "Datasets/$data.csv" --costs "CostProfiles/$data.json" --holdout 0.3 --repeats 5 --seed 0 \
                    --stop-rule "$stop" --lambda "$lambda" --prune "$prune" --format json --quiet \
                    > "$work/$stop.$data.$lambda.$prune.json"
            done
        done
    done
done
python3 Benchmarks/costs_table.py "$work" "$out"
echo "wrote $out" >&2
