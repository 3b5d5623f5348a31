#!/usr/bin/env bash
# Runs each fuzz target for a bounded time and reports, per target, the inputs run, the
# executions per second and the crashes found. Called by `make fuzz` after the build.
#
#   FUZZ_SECONDS   time per target (default 180)
#   FUZZ_TARGETS   which targets (default "csv costs model")
#   FUZZ_MINIMIZE_SECONDS  time to minimize each distinct crash (default 30)
#   FUZZ_IGNORE    kinds of wrong answer not to stop on, comma-separated (see Sources/FuzzChecks)
#
# libFuzzer runs in fork mode and keeps going after a crash, so one known trap does not hide
# the rest. Every crashing input is replayed to read where it traps; one input per distinct
# trap (message and first frame in Sources/) is minimized and saved to crashes/TARGET/.
# Work files (the growing corpus, raw artifacts, logs) go to .work/TARGET/; the seed corpus
# in corpus/TARGET is only read.
set -u
cd "$(dirname "$0")"
# libFuzzer, not the Swift runtime, must catch a trap: it saves the input.
export SWIFT_BACKTRACE=enable=no

SECONDS_PER_TARGET=${FUZZ_SECONDS:-180}
TARGETS=${FUZZ_TARGETS:-"csv costs model"}
BIN=.build/release
MINIMIZE_SECONDS=${FUZZ_MINIMIZE_SECONDS:-30}

max_len() {
    case $1 in
        model) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

# Where an input traps: the fatal-error message (for a wrong answer only its kind) with quoted
# text and numbers blanked, and the first stack frame in the main package's Sources/.
signature() {
    local target=$1 input=$2 log message frame
    log=$(timeout 60 "$BIN/fuzz-$target" -runs=1 -timeout=10 "$input" 2>&1)
    message=$(grep -m1 -E 'Fatal error|ERROR: libFuzzer' <<<"$log" \
        | sed -E "s/^.*(Fatal error|ERROR)/\1/; s/(wrong answer \([^)]*\)).*/\1/; s/'[^']*'/'_'/g" \
        | sed -E 's/[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/N/g')
    frame=$(grep -E ' in .* /[^ ]*/Sources/(ASONN|CSVReader|GLPK)/' <<<"$log" | head -1 \
        | sed -E 's/^.*\/Sources\//Sources\//')
    echo "${message:-no trap on replay}${frame:+ @ $frame}"
}

summary=()
for target in $TARGETS; do
    work=.work/$target
    mkdir -p "$work/corpus" "$work/artifacts" "crashes/$target"
    rm -f "$work/artifacts"/*
    cat dictionaries/numbers.dict "dictionaries/$target.dict" > "$work/dict"
    echo "== fuzz-$target: ${SECONDS_PER_TARGET} s (log: Fuzz/$work/log)"
    "$BIN/fuzz-$target" "$work/corpus" "corpus/$target" -dict="$work/dict" -max_len="$(max_len "$target")" \
        -max_total_time="$SECONDS_PER_TARGET" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" > "$work/log" 2>&1

    # Fork mode's status lines: "#RUNS: cov: C ft: F corp: N exec/s: E oom/timeout/crash: O/T/K time: S ..."
    status=$(grep -E '^#[0-9]+: cov:' "$work/log" | tail -1)
    runs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$status")
    seconds=$(sed -E 's/.* time: ([0-9]+)s.*/\1/' <<<"$status")
    rate=$(( ${runs:-0} / (${seconds:-1} > 0 ? ${seconds:-1} : 1) ))
    failures=$(sed -E 's/.*oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+).*/\1/' <<<"$status")

    # One input per distinct trap, the smallest first.
    declare -A kept=()
    for input in $(ls -S -r "$work"/artifacts/{crash,timeout,oom}-* 2>/dev/null); do
        sig=$(signature "$target" "$input")
        [ -n "${kept[$sig]:-}" ] && continue
        kept[$sig]=$input
    done
    distinct=0
    for sig in "${!kept[@]}"; do
        distinct=$((distinct + 1))
        name=$(printf '%s' "$sig" | sha1sum | cut -c1-12)
        saved="crashes/$target/$name"
        cp "${kept[$sig]}" "$saved"
        # Minimize for at most MINIMIZE_SECONDS (each step writes the smallest input so far); keep
        # the smaller input only if it still traps the same way.
        timeout "$MINIMIZE_SECONDS" "$BIN/fuzz-$target" -minimize_crash=1 -max_total_time=5 -timeout=10 \
            -max_len="$(max_len "$target")" -exact_artifact_path="$work/minimized" "$saved" > "$work/minimize.log" 2>&1
        if [ -s "$work/minimized" ] && [ "$(signature "$target" "$work/minimized")" = "$sig" ]; then
            cp "$work/minimized" "$saved"
        fi
        rm -f "$work/minimized"
        echo "   crash: Fuzz/$saved ($(wc -c < "$saved") bytes): $sig"
    done
    unset kept
    summary+=("$(printf '%-6s inputs %10s  exec/s %6s  crashes (oom/timeout/crash) %s, distinct %s' \
        "$target" "${runs:-?}" "$rate" "${failures:-?}" "$distinct")")
done

echo "== fuzzing summary (${SECONDS_PER_TARGET} s per target)"
printf '%s\n' "${summary[@]}"
echo "Keep a crash as a regression input: copy it to Tests/ASONNTests/Fixtures/fuzz/TARGET/ (make test replays it)."
