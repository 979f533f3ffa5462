#!/usr/bin/env bash
# Order import benchmark: `kefu import orders` of a generated 100,000-row Taobao-style CSV (2 rows per order),
# with a server running on the same store. Prints rows/s; the target is ≥ 20,000 rows/s.
#
#   scripts/bench-import.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-import.sh   # PostgreSQL (use an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

ROWS=${KEFU_BENCH_ROWS:-100000}
PORT=${KEFU_BENCH_PORT:-18091}

python3 - "$DATA/orders.csv" "$ROWS" <<'PY'
import csv, sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["订单编号", "买家会员名", "收货人姓名", "联系手机", "收货地址", "商家编码", "宝贝数量", "商品价格", "支付方式"])
    for i in range(rows):
        order = i // 2
        w.writerow([f"TB{order:012d}", f"buyer{order}", "张三", f"138{order % 100000000:08d}",
                    "浙江省 杭州市 西湖区 文三路100号", f"BENCH-{i % 2 + 1}", 1 + i % 3, "59.00", "在线支付" if order % 5 else "货到付款"])
PY

bench_start_server "$PORT"
AUTH="Authorization: Bearer $TOKEN"
curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d '{"code":"BENCH","name":"压测供货商"}' "$URL/api/v1/suppliers" > /dev/null || true
for SKU in BENCH-1 BENCH-2; do
  curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' \
    -d "{\"sku\":\"$SKU\",\"name\":\"压测商品\",\"supplier_id\":1,\"price\":5900,\"stock\":100000000}" "$URL/api/v1/products" > /dev/null || true
done

run() { "$BIN" import orders "$DATA/orders.csv" --preset taobao "${STORE_ARGS[@]}" 2>/dev/null; }
FIRST=$(run); echo "$FIRST"
AGAIN=$(run); echo "$AGAIN"
rate() { sed -n 's/.*(\([0-9]*\) rows\/s).*/\1/p' | head -1; }
echo
echo "| date | store | rows | first import rows/s | re-import (all skipped) rows/s |"
echo "|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $ROWS | $(echo "$FIRST" | rate) | $(echo "$AGAIN" | rate) |"
