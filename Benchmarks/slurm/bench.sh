#!/usr/bin/env bash
# make bench-slurm: the bundled batch (Benchmarks/slurm/bundled.txt, the default grid) run
# once on this machine, then as a SHARDS-task Slurm job array (one-node cluster on localhost)
# with the shipped job script, merged, and compared file by file with the single run.
# Prints the wall times. Both runs use --no-timings, so every file must be identical.
set -euo pipefail
cd "$(dirname "$0")/../.."
asonn=${ASONN:-$PWD/.build/release/asonn}
shards=${SHARDS:-3}
manifest=${MANIFEST:-Benchmarks/slurm/bundled.txt}
work=${WORK:-$PWD/reports/bench-slurm}
read -r -a options <<<"${OPTIONS:-}"

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

Benchmarks/slurm/start-local-cluster.sh
rm -rf "$work" && mkdir -p "$work"

echo "== single run: $manifest =="
t0=$(now)
"$asonn" tradeoff --manifest "$manifest" --no-timings --quiet "${options[@]}" --out "$work/single"
t1=$(now)

echo "== $shards shards through sbatch --array=0-$((shards - 1)) =="
sbatch --wait --array="0-$((shards - 1))" --chdir="$PWD" --output="$work/slurm-%A_%a.out" \
    --export="ALL,ASONN=$asonn" Benchmarks/slurm/tradeoff-shards.sbatch \
    "$manifest" "$work/parts" "$shards" --no-timings --quiet "${options[@]}"
t2=$(now)
"$asonn" tradeoff merge "$work/parts" --out "$work/merged" --quiet
t3=$(now)

status=0
while IFS= read -r file; do
    if cmp -s "$work/single/$file" "$work/merged/$file"; then echo "identical: $file"
    else echo "DIFFERENT: $file"; status=1; fi
done < <(cd "$work/single" && find . -type f | sed 's|^\./||' | sort)
[ "$(cd "$work/single" && find . -type f | wc -l)" = "$(cd "$work/merged" && find . -type f | wc -l)" ] || status=1

echo
echo "| run | wall seconds |"
echo "|---|---:|"
echo "| single run ($(nproc) cores) | $(seconds "$t0" "$t1") |"
# The last partial file's time: sbatch --wait notices the end only at its next poll.
last=$(for f in "$work"/parts/shard-*.json; do date -r "$f" +%s.%N; done | sort -n | tail -1)
echo "| sbatch --array, submission to the last shard's partial file | $(seconds "$t1" "$last") |"
echo "| sbatch --array --wait, submission to its return | $(seconds "$t1" "$t2") |"
cat "$work"/slurm-*.out | sed -n 's/^shard \(.*\): \(.*\) s$/| shard \1 | \2 |/p'
echo "| merge | $(seconds "$t2" "$t3") |"
[ "$status" = 0 ] && echo "merged batch: every file identical to the single run's" || echo "merged batch DIFFERS"
exit "$status"
