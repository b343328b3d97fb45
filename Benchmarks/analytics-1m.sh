#!/usr/bin/env bash
# Issue 6's full-scale figures: `sop report` and the event exports over 1,000,000 simulated
# cases (about 25 million events), timed as commands (median of 3 runs) with their peak
# memory. Not run by CI: the database alone takes ~4 minutes to simulate and ~6 GB of disk.
#   Benchmarks/analytics-1m.sh [DB_PATH]     (default /tmp/sop-1m.db, reused when present)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-/tmp/sop-1m.db}"
swift build -c release --product sop >/dev/null
sop="$(swift build -c release --show-bin-path)/sop"
if [ ! -f "$db" ]; then
  echo "simulating 1,000,000 cases into $db ..."
  /usr/bin/time -f "simulate: %e s, peak %M KB" "$sop" simulate sops/serdang-bedagai-pengaduan.yaml sops/lamandau-pengaduan.yaml \
    --cases 1000000 --seed 1 --days 365 --start 2025-01-06T08:00 --db "$db"
fi
events=$(sqlite3 "$db" "SELECT count(*) FROM event")
echo "$events events"
measure() {  # name, command...
  local name=$1; shift
  local times=() peak=0
  for _ in 1 2 3; do
    local out; out=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -1 )
    times+=("${out% *}"); local m=${out#* }; (( m > peak )) && peak=$m
  done
  local median; median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "$name: median $median s (runs: ${times[*]}), peak $((peak / 1024)) MB" \
       "$(awk -v e="$events" -v t="$median" 'BEGIN { printf "(%.2f M events/s)", e / t / 1e6 }')"
}
measure "sop report" "$sop" report --db "$db" --now 2026-02-05T08:00 --format json
measure "sop export events --format xes" "$sop" export events --db "$db" --format xes
measure "sop export events --format csv" "$sop" export events --db "$db" --format csv
