#!/usr/bin/env bash
# Platform benchmark (issue: the runnable server): /health against an authenticated GET /api/v1/me,
# wrk at 32 connections for 10 s each, in the same run, on a release build.
#
#   scripts/bench-platform.sh                       # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-platform.sh   # PostgreSQL (database is reused)
#
# Needs wrk (apt-get install -y wrk). KEFU_BIN overrides the binary (default: release build in .build-release).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/bench-lib.sh
PORT=${KEFU_BENCH_PORT:-18080}
DURATION=${KEFU_BENCH_SECONDS:-10}
bench_start_server "$PORT"

run() { # url [header] → "requests/s p99"
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t2 -c32 -d"${DURATION}s" --latency -H "$2" "$1")
  else
    out=$(wrk -t2 -c32 -d"${DURATION}s" --latency "$1")
  fi
  echo "$out" >&2
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  if [ -n "$non2xx" ]; then echo "non-2xx responses: $non2xx" >&2; exit 1; fi
  echo "$rps $p99"
}

curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" > /dev/null
read -r HEALTH_RPS HEALTH_P99 < <(run "http://127.0.0.1:$PORT/health")
read -r ME_RPS ME_P99 < <(run "http://127.0.0.1:$PORT/api/v1/me" "Authorization: Bearer $TOKEN")
RATIO=$(python3 -c "print(f'{$ME_RPS / $HEALTH_RPS * 100:.0f}%')")

echo
echo "| date | store | /health req/s | /health p99 | /api/v1/me req/s | /api/v1/me p99 | me ÷ health |"
echo "|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $HEALTH_RPS | $HEALTH_P99 | $ME_RPS | $ME_P99 | $RATIO |"
