#!/usr/bin/env bash
# Construction time and peak memory of `asonn train` on synthetic numeric data with class
# overlap (Benchmarks/synthetic.py: 3 Gaussian classes, fixed seed).
#
#   Benchmarks/scale.sh [ROWSxATTRIBUTES ...]      default: 1000x10 3000x10 10000x10 100000x20
#
# Prints a markdown table and writes it to Benchmarks/results/scaling.md
# (OUT=path to write elsewhere). Each size is limited to LIMIT seconds (default 3600).
set -euo pipefail
cd "$(dirname "$0")/.."
asonn=.build/release/asonn
[ -x "$asonn" ] || { echo "build first: swift build -c release" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000x10 3000x10 10000x10 100000x20)
out=${OUT:-Benchmarks/results/scaling.md}
limit=${LIMIT:-3600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rows_out=()
for size in "${sizes[@]}"; do
    rows=${size%x*}
    attributes=${size#*x}
    data="$work/synthetic-$size.csv"
    python3 Benchmarks/synthetic.py "$rows" "$attributes" "$data"
    echo "training on $size ..." >&2
    status=0
    # getrusage's peak resident set of the child, in KiB, via Python (no GNU time needed).
    python3 - "$limit" "$asonn" train "$data" -o "$work/model.json" --quiet > "$work/result.txt" 2> "$work/stderr.txt" <<'PY' || status=$?
import resource, subprocess, sys, time
limit = float(sys.argv[1])
start = time.monotonic()
try:
    completed = subprocess.run(sys.argv[2:], stderr=subprocess.PIPE, text=True, timeout=limit)
except subprocess.TimeoutExpired:
    print(f"timeout {limit:.0f}")
    sys.exit(0)
sys.stderr.write(completed.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"ok {time.monotonic() - start:.3f} {peak}")
sys.exit(completed.returncode)
PY
    read -r state wall peak < "$work/result.txt" || true
    if [ "$status" -ne 0 ]; then
        cat "$work/stderr.txt" >&2
        exit "$status"
    fi
    if [ "$state" = timeout ]; then
        rows_out+=("| $rows | $attributes | - | > $limit | - |")
        continue
    fi
    combinations=$(sed -n 's/^combinations: \([0-9]*\);.*/\1/p' "$work/stderr.txt")
    build=$(sed -n 's/^build time: \([0-9.]*\) s/\1/p' "$work/stderr.txt")
    rows_out+=("| $rows | $attributes | $combinations | $build | $(( peak / 1024 )) |")
done

{
    echo "# Construction time on synthetic data"
    echo
    echo "\`Benchmarks/scale.sh ${sizes[*]}\` on $(nproc) cores ($(uname -m)); release build."
    echo "Data: \`Benchmarks/synthetic.py ROWS ATTRIBUTES\` (3 overlapping Gaussian classes)."
    echo "Build seconds as \`asonn train\` reports them; peak memory of the whole process."
    echo
    echo "| rows | attributes | combinations | build seconds | peak MiB |"
    echo "|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows_out[@]}"
} | tee "$out"
