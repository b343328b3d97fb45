#!/usr/bin/env bash
# Issue 5's load figures: `sop serve` (release build, SQLite on disk) under wrk from Debian's
# packages, loopback only, each run bounded to 10 s with 2 threads and 32 connections:
#   - reads: GET /api/queues/help-desk (the help desk's task queue, ~50 open cases);
#   - completions: POST /api/cases/{id}/complete, each on its own case (opened beforehand by
#     wrk itself), every completion committed.
#   - openings: POST /api/cases with a small document, the cases the completions then use.
# Prints requests/s and latency percentiles (p50, p99). Not run by CI.
#   Benchmarks/http-wrk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
swift build -c release --product sop >/dev/null
sop="$(swift build -c release --show-bin-path)/sop"
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
cat > "$tmp/deploy.yaml" <<YAML
format: sop-deployment/v1
agency: Benchmark
sops: [$PWD/sops/lamandau-pengaduan.yaml]
database: cases.db
officers: officers.yaml
YAML
token=$("$sop" deploy add-officer --config "$tmp/deploy.yaml" --id bench --name Bench --role pemohon --role help-desk | awk '/token/{print $NF}')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$sop" serve --config "$tmp/deploy.yaml" --port "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

# 50 cases waiting on the help desk, for the queue reads.
doc=$(printf 'pengaduan' | base64)
for n in $(seq 50); do
  curl -sf -X POST "http://127.0.0.1:$port/api/cases" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"sop\":\"lamandau-pengaduan\",\"caseID\":\"Q-$n\",\"documents\":[{\"document\":\"pengaduan\",\"name\":\"p.txt\",\"content\":\"$doc\"}]}" >/dev/null
  curl -sf -X POST "http://127.0.0.1:$port/api/cases/Q-$n/complete" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"step":"sampaikan-permasalahan"}' >/dev/null
done

cat > "$tmp/open.lua" <<LUA
-- Each thread opens its own range of case ids.
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) prefix = "B-" .. tid .. "-" .. os.time() .. "-" end
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/cases", nil, '{"sop":"lamandau-pengaduan","caseID":"' .. prefix .. counter .. '","documents":[{"document":"pengaduan","name":"p.txt","content":"$doc"}]}')
end
LUA
cat > "$tmp/complete.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local ids = {}
for line in io.lines("$tmp/open-ids.txt") do ids[#ids + 1] = line end
local next = 0
local threads = 0
function setup(thread) thread:set("offset", threads); threads = threads + 1 end
request = function()
  next = next + 1
  local id = ids[(next - 1) * 2 + offset + 1]
  if id == nil then id = "NO-MORE-CASES" end
  return wrk.format(nil, "/api/cases/" .. id .. "/complete", nil, '{"step":"sampaikan-permasalahan"}')
end
LUA

echo "== reads: GET /api/queues/help-desk"
wrk -t2 -c32 -d10s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/queues/help-desk" | grep -E "Requests/sec|50%|99%|Non-2xx"

# Cases to complete: opened through the API (measured too), their ids taken from the read
# model; enough for the completions run at 10,000/s.
echo "== openings: POST /api/cases (with a document)"
wrk -t2 -c32 -d10s --latency -s "$tmp/open.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|50%|99%|Non-2xx"
for _ in 1 2 3 4 5; do
  [ "$(sqlite3 "$tmp/cases.db" "SELECT count(*) FROM case_summary WHERE case_id LIKE 'B-%'")" -ge 60000 ] && break
  wrk -t2 -c32 -d10s -s "$tmp/open.lua" "http://127.0.0.1:$port" >/dev/null
done
sqlite3 "$tmp/cases.db" "SELECT case_id FROM case_summary WHERE case_id LIKE 'B-%' AND active_step = 'sampaikan-permasalahan' ORDER BY random()" > "$tmp/open-ids.txt"
echo "== completions: POST /api/cases/{id}/complete ($(wc -l < "$tmp/open-ids.txt") cases ready)"
wrk -t2 -c32 -d5s --latency -s "$tmp/complete.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "completed: $(sqlite3 "$tmp/cases.db" "SELECT count(*) FROM case_summary WHERE case_id LIKE 'B-%' AND active_step = 'catat-permasalahan'")"
