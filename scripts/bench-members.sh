#!/usr/bin/env bash
# Members and callbacks at scale (issue 5). Seeds 1,000,000 members with Chinese names, 300,000 orders linked to them
# (100,000 delivered this week), 200,000 older tickets and one member with 500 timeline entries, then:
#   - one `kefu callbacks generate` run over the 100,000 deliveries, next to a raw SQL count of the orders delivered
#     within the generator's look-back in the same run, and a second run with nothing new (target < 2 s);
#   - GET /api/v1/members?q=… cycling through names (陈静, 陈, 静, 王芳, a name nobody has), phone suffixes
#     (尾号 5678, *1234), a whole phone and an email, wrk -c16 for 10 s with p95, against /health (target p95 < 30 ms),
#     as the admin (contacts in full, each member shown logged) and as an agent (contacts masked);
#   - GET /api/v1/members/1/timeline?limit=500 (500 entries), wrk -c1 and -c4 for 10 s each with p95 (target < 20 ms).
#
#   scripts/bench-members.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-members.sh   # PostgreSQL (an empty database)
#   KEFU_BENCH_MEMBERS=100000 scripts/bench-members.sh              # fewer members
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
PORT=${KEFU_BENCH_PORT:-18099}
MEMBERS=${KEFU_BENCH_MEMBERS:-1000000}
ORDERS=${KEFU_BENCH_ORDERS:-300000}
DELIVERED=${KEFU_BENCH_DELIVERED:-100000}
TICKETS=${KEFU_BENCH_TICKETS:-200000}
DURATION=${KEFU_BENCH_SECONDS:-10}

KEFU_ADMIN_PASSWORD=$PASSWORD "$BIN" migrate "${STORE_ARGS[@]}" > /dev/null
# The admin first: `serve` creates it only in an empty users table, and the seed adds agents.
"$BIN" user add "${STORE_ARGS[@]}" --login admin --name 系统管理员 --role admin --level manager --password "$PASSWORD" > /dev/null
SEED=(--members "$MEMBERS" --orders "$ORDERS" --delivered "$DELIVERED" --tickets "$TICKETS" --timeline 500)
# What the generator reads: orders delivered within its look-back (30 days).
DELIVERED_SQL="SELECT COUNT(*) FROM orders WHERE delivered_at >= $(( $(date +%s) * 1000 - 30 * 86400000 )) AND status <> 'cancelled';"
if [ "$LABEL" = SQLite ]; then
  python3 scripts/seed-members.py --sqlite "$DATA/kefu.sqlite" "${SEED[@]}" >&2
  raw_scan() { printf ".timer on\n%s\n" "$DELIVERED_SQL" | sqlite3 "$DATA/kefu.sqlite" | awk '/Run Time/ {printf "%.1f", $4 * 1000}'; }
else
  python3 scripts/seed-members.py --postgres "$KEFU_BENCH_DATABASE_URL" "${SEED[@]}" >&2
  raw_scan() { psql -X -q "$KEFU_BENCH_DATABASE_URL" -c '\timing on' -c "$DELIVERED_SQL" | awk '/^Time:/ {print $2}'; }
fi

# Generation, before the server starts (its scheduler would do the same work).
RAW=$(raw_scan)
GENERATE=$("$BIN" callbacks generate "${STORE_ARGS[@]}")
echo "$GENERATE" >&2
GENERATE_MS=$(echo "$GENERATE" | awk '{print $(NF-1)}')
ADDED=$(echo "$GENERATE" | awk '{print $2}')
SECOND=$("$BIN" callbacks generate "${STORE_ARGS[@]}")
echo "second run (nothing new): $SECOND" >&2
SECOND_MS=$(echo "$SECOND" | awk '{print $(NF-1)}')
# PostgreSQL plans the timeline's callbacks by the table's statistics, which autovacuum renews within a minute of
# 100,000 new rows; until then it reads the whole table (see BENCHMARKS.md). Measure the table as it is in service.
if [ "$LABEL" = PostgreSQL ]; then psql -X -q "$KEFU_BENCH_DATABASE_URL" -c 'ANALYZE callbacks'; fi

AGENT_TOKEN=$("$BIN" token create "${STORE_ARGS[@]}" --login mbench-agent-01 --name bench | awk '{print $NF}')
bench_start_server "$PORT"
QUERIES=("陈静" "陈" "静" "王芳" "尾号 5678" "*1234" "13912345678" "chen.jing@example.com" "张伟强")
for q in "${QUERIES[@]}"; do # what each query finds (total is capped at 1000)
  curl -sf -G -H "Authorization: Bearer $TOKEN" --data-urlencode "q=$q" "$URL/api/v1/members" \
    | python3 -c 'import json,sys; page=json.load(sys.stdin); print("q=%s: %d shown, total %d" % (sys.argv[1], len(page["items"]), page["total"]))' "$q" >&2
done
ENTRIES=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/members/1/timeline?limit=500" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
echo "timeline of member #1: $ENTRIES entries" >&2

lua_queries=$(printf '"%s", ' "${QUERIES[@]}")
search_lua() { # token file: the queries in turn, with p95
  cat > "$2" <<LUA
local queries = {${lua_queries%, }}
local n = 0
wrk.headers["Authorization"] = "Bearer $1"
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/members?q=" .. queries[(n % #queries) + 1]:gsub("[^%w%-]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2f\n", latency:percentile(95) / 1000))
end
LUA
}
# The admin sees contacts in full, and every member shown is logged (R-MEM-4); an agent sees them masked.
search_lua "$TOKEN" "$DATA/search.lua"
search_lua "$AGENT_TOKEN" "$DATA/search-agent.lua"
cat > "$DATA/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2f\n", latency:percentile(95) / 1000))
end
LUA
measure() { # connections url script [header] → "req/s p95ms"
  local out
  out=$(wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"${DURATION}s" -s "$3" ${4:+-H "$4"} "$2")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx responses for $2" >&2; exit 1; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/^P95/ {print $2}')"
}
read -r H_RPS H_P95 < <(measure 16 "$URL/health" "$DATA/p95.lua")
read -r S_RPS S_P95 < <(measure 16 "$URL" "$DATA/search.lua")
read -r A_RPS A_P95 < <(measure 16 "$URL" "$DATA/search-agent.lua")
read -r T1_RPS T1_P95 < <(measure 1 "$URL/api/v1/members/1/timeline?limit=500" "$DATA/p95.lua" "Authorization: Bearer $TOKEN")
read -r T_RPS T_P95 < <(measure 4 "$URL/api/v1/members/1/timeline?limit=500" "$DATA/p95.lua" "Authorization: Bearer $TOKEN")
echo
echo "| date | store | members | generation, $DELIVERED delivered | again, nothing new | raw count of delivered | /health req/s | search as admin req/s | p95 | search as agent req/s | p95 | timeline ($ENTRIES) -c1 p95 | -c4 req/s | p95 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $MEMBERS | ${GENERATE_MS} ms ($ADDED added) | ${SECOND_MS} ms | ${RAW} ms | $H_RPS | $S_RPS | ${S_P95} ms | $A_RPS | ${A_P95} ms | ${T1_P95} ms | $T_RPS | ${T_P95} ms |"
