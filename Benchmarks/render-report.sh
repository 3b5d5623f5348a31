#!/usr/bin/env bash
# Renders an HTML report to PNG with headless Chromium, to check how it looks.
#   Benchmarks/render-report.sh REPORT.html [OUT.png]
set -euo pipefail
report=${1:?usage: render-report.sh REPORT.html [OUT.png]}
out=${2:-${report%.html}.png}
[ -f "$report" ] || { echo "no such report: $report" >&2; exit 1; }
if ! command -v chromium >/dev/null; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium
fi
path=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1600 \
    --screenshot="$out" "file://$path" 2>/dev/null
echo "wrote $out" >&2
