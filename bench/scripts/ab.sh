#!/usr/bin/env bash
# A/B of the df-stream engine script between two built checkouts, runs alternating (base, new, base, new, ...) so
# that machine drift hits both alike. For refactors: "no slower than the commit before".
#
#   git worktree add /tmp/base <commit> && (cd /tmp/base && npx -y pnpm@10.34.8 install && npx tsc -p bench)
#   npx tsc -p bench
#   bench/scripts/ab.sh /tmp/base . csv:q1 csv:q3 csv:read-all parquet:q1      # RUNS=7 by default
#
# Data: bench/data/G1_1e7_1e2_0_0.{csv,parquet,feather} of the NEW checkout (`pnpm bench generate|convert`).
# Prints one line per run (spec, side, wall s, peak RSS KB, in-process query ms, CPU s), then per spec the medians and the
# median of the paired ratios new/base (each new run against the base run just before it).
set -euo pipefail
base=$(cd "$1" && pwd); new=$(cd "$2" && pwd); shift 2
data=${DATA:-$new/bench/data/G1_1e7_1e2_0_0}
runs=${RUNS:-7}
out=$(mktemp)
run() { # dir format query -> "wall rss queryMs cpu" (cpu = user + sys seconds, less noisy than wall on a shared box)
  local t; t=$(mktemp)
  (cd "$1" && /usr/bin/time -o "$t" -f "%e %M %U %S" node bench/dist/engines/df-stream.js --file "$data.$2" --format "$2" --query "$3" --threads 2 >"$t.out" 2>&1)
  read -r wall rss user sys <"$t"
  echo "$wall $rss $(grep -o '"queryMs":[0-9.]*' "$t.out" | cut -d: -f2) $(echo "$user + $sys" | bc)"
  rm -f "$t" "$t.out"
}
for spec in "$@"; do
  fmt=${spec%%:*}; q=${spec#*:}
  run "$base" "$fmt" "$q" >/dev/null; run "$new" "$fmt" "$q" >/dev/null # warm the page cache
  for _ in $(seq "$runs"); do
    echo "$spec base $(run "$base" "$fmt" "$q")" | tee -a "$out"
    echo "$spec new $(run "$new" "$fmt" "$q")" | tee -a "$out"
  done
done
node - "$out" <<'JS'
const lines = require('node:fs').readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => l.split(' '));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const spec of [...new Set(lines.map((l) => l[0]))]) {
  const side = (s) => lines.filter((l) => l[0] === spec && l[1] === s).map((l) => l.slice(2).map(Number));
  const b = side('base'), n = side('new');
  const paired = n.map((r, i) => r[0] / b[i][0]);
  const pairedCpu = n.map((r, i) => r[3] / b[i][3]);
  const rss = (rows) => Math.max(...rows.map((r) => r[1])) / 1024;
  console.log(`${spec}: wall base ${median(b.map((r) => r[0])).toFixed(2)} s, new ${median(n.map((r) => r[0])).toFixed(2)} s; ` +
    `in-process ${median(b.map((r) => r[2])).toFixed(0)} / ${median(n.map((r) => r[2])).toFixed(0)} ms; ` +
    `paired new/base ${median(paired).toFixed(3)} (${Math.min(...paired).toFixed(3)}-${Math.max(...paired).toFixed(3)}); ` +
    `cpu ${median(b.map((r) => r[3])).toFixed(2)} / ${median(n.map((r) => r[3])).toFixed(2)} s, paired ${median(pairedCpu).toFixed(3)}; ` +
    `peak RSS ${rss(b).toFixed(0)} / ${rss(n).toFixed(0)} MB; n=${b.length}`);
}
JS
rm -f "$out"
