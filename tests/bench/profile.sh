#!/usr/bin/env bash
# Profiles the native CLI with callgrind on the workloads where it is slowest
# relative to C++ Nix (from results.json), and writes the top functions by
# self and by inclusive instruction count next to the results.
#
#   bash tests/bench/profile.sh CLI WORKLOADS_DIR OUT_DIR [COUNT]
#
# callgrind counts instructions, not seconds: the figures repeat for the same
# binary and input whatever else the machine is doing. Workloads whose native
# median is over 1.5 s are skipped (callgrind runs ~50× slower); their lighter
# sibling (fib25 for fib30) shows the same code paths.
set -euo pipefail

CLI=$1
WORKLOADS=$2
OUT=$3
COUNT=${4:-2}

if ! command -v valgrind >/dev/null; then
  echo "[bench] valgrind not found: no profile (apt-get install valgrind)" >&2
  exit 0
fi

mapfile -t PICKED < <(node -e '
  const r = require(process.argv[1]);
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : null; };
  const rows = r.workloads.map((w) => ({
    id: w.id,
    native: median(w.runs.native.map((x) => x.ms)),
    nix: median(w.runs.nix.map((x) => x.ms)),
  })).filter((x) => x.id !== "trivial" && x.nix !== null && x.native !== null && x.native < 1500);
  rows.sort((a, b) => b.native / b.nix - a.native / a.nix);
  for (const x of rows.slice(0, Number(process.argv[2]))) console.log(x.id);
' "$OUT/results.json" "$COUNT")

for id in "${PICKED[@]}"; do
  echo "[bench] callgrind: $id" >&2
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$id.out" \
    "$CLI" eval --strict "$WORKLOADS/$id.nix" >/dev/null 2>"$OUT/callgrind.$id.log" || true
  # `head` closes the pipe early: callgrind_annotate's SIGPIPE is expected.
  {
    echo "== self"
    callgrind_annotate --threshold=99 "$OUT/callgrind.$id.out" 2>/dev/null | head -70 || true
    echo "== inclusive"
    callgrind_annotate --inclusive=yes --threshold=99 "$OUT/callgrind.$id.out" 2>/dev/null | head -70 || true
  } >"$OUT/callgrind.$id.txt"
done
printf '%s\n' "${PICKED[@]}" >"$OUT/profiled.txt"
