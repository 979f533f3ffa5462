#!/usr/bin/env bash
# Order lists with 1,000,000 orders (issue 3): the review-queue page and GET /api/v1/orders?list=ship_by,
# wrk -c16 for 10 s each with p95 from a Lua hook, against /health in the same run. Target: p95 < 50 ms.
#
#   scripts/bench-order-lists.sh                                   # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-order-lists.sh   # PostgreSQL (an empty database)
#   KEFU_BENCH_ORDERS=100000 scripts/bench-order-lists.sh          # fewer orders
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/bench-lib.sh
PORT=${KEFU_BENCH_PORT:-18096}
ORDERS=${KEFU_BENCH_ORDERS:-1000000}
DURATION=${KEFU_BENCH_SECONDS:-10}

KEFU_ADMIN_PASSWORD=$PASSWORD "$BIN" migrate "${STORE_ARGS[@]}" > /dev/null
if [ "$LABEL" = SQLite ]; then
  python3 scripts/seed-orders.py --sqlite "$DATA/kefu.sqlite" --orders "$ORDERS" >&2
else
  python3 scripts/seed-orders.py --postgres "$KEFU_BENCH_DATABASE_URL" --orders "$ORDERS" >&2
fi

bench_start_server "$PORT"
# A browser session for the page: the login form's double-submit token, then the session cookie.
JAR="$DATA/cookies"
CSRF=$(curl -sf -c "$JAR" "$URL/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -sf -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" --data-urlencode "login=admin" --data-urlencode "password=$PASSWORD" "$URL/login"
SESSION=$(awk '$6 == "kefu_session" {print $7}' "$JAR")

cat > "$DATA/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2f\n", latency:percentile(95) / 1000))
end
LUA
measure() { # url [header] → "req/s p95ms"
  local out
  out=$(wrk -t2 -c16 -d"${DURATION}s" -s "$DATA/p95.lua" ${2:+-H "$2"} "$1")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx responses for $1" >&2; exit 1; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/^P95/ {print $2}')"
}
read -r H_RPS H_P95 < <(measure "$URL/health")
read -r PAGE_RPS PAGE_P95 < <(measure "$URL/orders?list=review" "Cookie: kefu_session=$SESSION")
read -r API_RPS API_P95 < <(measure "$URL/api/v1/orders?list=ship_by" "Authorization: Bearer $TOKEN")
echo
echo "| date | store | orders | /health req/s | review page req/s | p95 | ship_by API req/s | p95 |"
echo "|---|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $ORDERS | $H_RPS | $PAGE_RPS | ${PAGE_P95} ms | $API_RPS | ${API_P95} ms |"
