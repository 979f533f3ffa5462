#!/usr/bin/env bash
# Ticket intake benchmark (issue 4): POST /api/v1/tickets at 16 connections for 10 s (wrk + Lua), against /health in
# the same run. Target: ≥ 2,000 tickets/s with p99 < 20 ms.
#
#   scripts/bench-tickets.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-tickets.sh   # PostgreSQL (use an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

PORT=${KEFU_BENCH_PORT:-18097}
DURATION=${KEFU_BENCH_SECONDS:-10}

bench_start_server "$PORT"
AUTH="Authorization: Bearer $TOKEN"
cat > "$DATA/ticket.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"type":"inquiry","channel":"phone","subject":"询问订单 %d 的发货时间","body":"客户来电询问订单什么时候发货，希望尽快。","customer":{"name":"陈静","phone":"1391234%04d"},"severity":"simple"}', n, n % 10000)
  return wrk.format(nil, "/api/v1/tickets", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("P99 %.2f\n", latency:percentile(99) / 1000))
end
LUA
measure() { # [script] url → "req/s p99ms"
  local out
  out=$(wrk -t2 -c16 -d"${DURATION}s" --latency ${2:+-s "$2"} "$1")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx responses for $1" >&2; exit 1; fi
  local p99
  p99=$(echo "$out" | awk '/^P99/ {print $2}')
  [ -n "$p99" ] || p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $p99"
}
read -r H_RPS H_P99 < <(measure "$URL/health")
read -r T_RPS T_P99 < <(measure "$URL/api/v1/tickets" "$DATA/ticket.lua")
# SQLite: the write-ahead log's size after the run (the checkpointer restarts it past 256 MB).
WAL=$( [ "$LABEL" = SQLite ] && du -m "$DATA/kefu.sqlite-wal" 2>/dev/null | cut -f1 || echo "—")
CREATED=$(curl -sf -H "$AUTH" "$URL/api/v1/tickets?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo
echo "| date | store | /health req/s | POST /api/v1/tickets req/s | p99 | tickets stored | WAL MB | ÷ health |"
echo "|---|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $H_RPS | $T_RPS | ${T_P99} ms | $CREATED | $WAL | $(python3 -c "print(f'{$T_RPS / $H_RPS:.0%}')") |"
