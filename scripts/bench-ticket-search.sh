#!/usr/bin/env bash
# Ticket search and the SLA sweep at scale (issue 4). Seeds 1,000,000 tickets (100,000 open, 1,000 of them due for
# the sweep), then:
#   - one `kefu sla sweep` pass, against a raw SQL count of the open tickets in the same run (target < 200 ms);
#   - GET /api/v1/search?q=… with Chinese phrases, names, phones and order numbers, wrk -c16 for 10 s with p95,
#     against /health in the same run (target p95 < 50 ms).
#
#   scripts/bench-ticket-search.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-ticket-search.sh   # PostgreSQL (an empty database)
#   KEFU_BENCH_TICKETS=100000 scripts/bench-ticket-search.sh              # fewer tickets
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
PORT=${KEFU_BENCH_PORT:-18098}
TICKETS=${KEFU_BENCH_TICKETS:-1000000}
OPEN=${KEFU_BENCH_OPEN:-100000}
DUE=${KEFU_BENCH_DUE:-1000}
DURATION=${KEFU_BENCH_SECONDS:-10}

KEFU_ADMIN_PASSWORD=$PASSWORD "$BIN" migrate "${STORE_ARGS[@]}" > /dev/null
if [ "$LABEL" = SQLite ]; then
  python3 scripts/seed-tickets.py --sqlite "$DATA/kefu.sqlite" --tickets "$TICKETS" --open "$OPEN" --due "$DUE" >&2
  raw_scan() { printf ".timer on\nSELECT COUNT(*) FROM tickets WHERE state_category IN ('new', 'open', 'pending');\n" \
    | sqlite3 "$DATA/kefu.sqlite" | awk '/Run Time/ {printf "%.1f", $4 * 1000}'; }
else
  python3 scripts/seed-tickets.py --postgres "$KEFU_BENCH_DATABASE_URL" --tickets "$TICKETS" --open "$OPEN" --due "$DUE" >&2
  raw_scan() { psql -X -q "$KEFU_BENCH_DATABASE_URL" -c '\timing on' \
    -c "SELECT COUNT(*) FROM tickets WHERE state_category IN ('new', 'open', 'pending');" | awk '/^Time:/ {print $2}'; }
fi

# The sweep, before the server starts (its scheduler would do the same work).
RAW=$(raw_scan)
SWEEP=$("$BIN" sla sweep "${STORE_ARGS[@]}" --limit "$DUE")
echo "$SWEEP" >&2
SWEEP_MS=$(echo "$SWEEP" | awk '{print $(NF-1)}')
SECOND=$("$BIN" sla sweep "${STORE_ARGS[@]}" --limit "$DUE")
echo "second pass (nothing due): $SECOND" >&2
SECOND_MS=$(echo "$SECOND" | awk '{print $(NF-1)}')

bench_start_server "$PORT"
cat > "$DATA/search.lua" <<LUA
local queries = {"杯子碎了", "退款", "陈静", "物流三天没有更新", "发票抬头写错了", "13900012345", "O-20261105-0042",
                 "安装师傅没有按时上门", "王芳 退款", "会员积分", "颜色发错了", "T-BENCH-0999999"}
local n = 0
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(n % #queries) + 1]:gsub("[^%w%-]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2f\n", latency:percentile(95) / 1000))
end
LUA
cat > "$DATA/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2f\n", latency:percentile(95) / 1000))
end
LUA
measure() { # url script → "req/s p95ms"
  local out
  out=$(wrk -t2 -c16 -d"${DURATION}s" -s "$2" "$1")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx responses for $1" >&2; exit 1; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/^P95/ {print $2}')"
}
read -r H_RPS H_P95 < <(measure "$URL/health" "$DATA/p95.lua")
read -r S_RPS S_P95 < <(measure "$URL" "$DATA/search.lua")
echo
echo "| date | store | tickets (open) | sweep of $DUE due | again, none due | raw count of open | /health req/s | search req/s | search p95 |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $TICKETS ($OPEN) | ${SWEEP_MS} ms | ${SECOND_MS} ms | ${RAW} ms | $H_RPS | $S_RPS | ${S_P95} ms |"
