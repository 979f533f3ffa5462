#!/usr/bin/env bash
# Order intake benchmark: POST /api/v1/orders at 16 connections for 10 s (wrk + Lua), against /health in the same run.
#
#   scripts/bench-orders.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-orders.sh   # PostgreSQL (use an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

PORT=${KEFU_BENCH_PORT:-18090}
DURATION=${KEFU_BENCH_SECONDS:-10}

bench_start_server "$PORT"
AUTH="Authorization: Bearer $TOKEN"
curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d '{"code":"BENCH","name":"压测供货商"}' "$URL/api/v1/suppliers" > /dev/null || true
curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' \
  -d '{"sku":"BENCH-1","name":"压测商品","supplier_id":1,"price":1999,"stock":100000000}' "$URL/api/v1/products" > /dev/null || true

cat > "$DATA/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"channel":"web","customer":{"name":"张三","phone":"13800138000"},"address":{"recipient":"张三","phone":"13800138000","province":"浙江省","city":"杭州市","district":"西湖区","line":"文三路100号"},"items":[{"sku":"BENCH-1","quantity":2}],"payment_method":"online"}'
LUA

stats() { awk '/Requests\/sec/ {rps=$2} $1 == "99%" {p99=$2} /Non-2xx/ {bad=$5} END {print rps, p99, (bad == "" ? 0 : bad)}'; }
read -r HEALTH_RPS HEALTH_P99 _ < <(wrk -t2 -c16 -d"${DURATION}s" --latency "$URL/health" | tee /dev/stderr | stats)
read -r POST_RPS POST_P99 POST_BAD < <(wrk -t2 -c16 -d"${DURATION}s" --latency -s "$DATA/post.lua" "$URL/api/v1/orders" | tee /dev/stderr | stats)
[ "$POST_BAD" = 0 ] || { echo "non-2xx responses: $POST_BAD" >&2; tail -5 "$DATA/serve.log" >&2; exit 1; }
RATIO=$(python3 -c "print(f'{$POST_RPS / $HEALTH_RPS * 100:.0f}%')")
echo
echo "| date | store | /health req/s | POST /api/v1/orders req/s | p99 | ÷ health |"
echo "|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $HEALTH_RPS | $POST_RPS | $POST_P99 | $RATIO |"
