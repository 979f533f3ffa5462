# Shared by the scripts/bench-*.sh benchmarks: the release binary, a store (a temporary SQLite directory, or
# PostgreSQL when KEFU_BENCH_DATABASE_URL is set), a server on loopback that stops with the script, a token.
# Source it, then call bench_start_server PORT.

BIN=${KEFU_BIN:-.build-release/release/kefu}
[ -x "$BIN" ] || swift build -c release --scratch-path .build-release --product kefu
DATA=$(mktemp -d)
PASSWORD="Bench-start-2026"
STORE_ARGS=(--data-dir "$DATA"); LABEL="SQLite"
if [ -n "${KEFU_BENCH_DATABASE_URL:-}" ]; then STORE_ARGS=(--database-url "$KEFU_BENCH_DATABASE_URL"); LABEL="PostgreSQL"; fi
SERVER=""
trap 'if [ -n "$SERVER" ]; then kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; fi; rm -rf "$DATA"' EXIT

# Starts `kefu serve` on 127.0.0.1:$1, waits for /health, sets URL and TOKEN (an admin bearer token).
bench_start_server() {
  KEFU_ADMIN_PASSWORD=$PASSWORD KEFU_LOG_LEVEL=warning "$BIN" serve "${STORE_ARGS[@]}" --port "$1" > "$DATA/serve.log" 2>&1 &
  SERVER=$!
  URL="http://127.0.0.1:$1"
  for _ in $(seq 1 300); do curl -sf "$URL/health" > /dev/null && break; sleep 0.1; done
  TOKEN=$(curl -sf -X POST -H 'content-type: application/json' -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\",\"name\":\"bench\"}" \
    "$URL/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}
