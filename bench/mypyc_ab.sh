#!/usr/bin/env bash
# Alternate the extraction benchmark with and without the mypyc-compiled modules
# (bench/build_mypyc.py must have run). The compiled files are moved aside for the pure-Python
# runs and put back afterwards, also on interruption.
# Usage, from the repository root: [PYTHON=...] bench/mypyc_ab.sh [ROUNDS] [bench_extract.py options]
# (PYTHON defaults to .venv/bin/python; options default to --mb 2 --skip-pathological --repeat 3)
set -euo pipefail
rounds=${1:-3}
shift || true
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--mb 2 --skip-pathological --repeat 3)
python=${PYTHON:-.venv/bin/python}
stash=$(mktemp -d)
mapfile -t compiled < <(find claimtrack -name '*.so'; ls ./*__mypyc*.so 2>/dev/null || true)
[ ${#compiled[@]} -gt 0 ] || { echo "no compiled modules: run bench/build_mypyc.py" >&2; exit 1; }
hide() { for f in "${compiled[@]}"; do mkdir -p "$stash/$(dirname "$f")"; mv "$f" "$stash/$f"; done; }
show() { for f in "${compiled[@]}"; do [ -e "$stash/$f" ] && mv "$stash/$f" "$f"; done; return 0; }
trap 'show; find "$stash" -depth -type d -empty -delete' EXIT
for round in $(seq "$rounds"); do
  for variant in pure mypyc; do
    if [ "$variant" = pure ]; then hide; else show; fi
    echo "== round $round, $variant ($(cut -d' ' -f1-3 /proc/loadavg) load)"
    "$python" bench/bench_extract.py "${args[@]}" | grep -E "baseline|many|extract_claims:|ratio"
  done
done
