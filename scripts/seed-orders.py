#!/usr/bin/env python3
"""Fill a Kefu database with N synthetic orders for list benchmarks (1,000,000 by default).

    python3 scripts/seed-orders.py --sqlite kefu-data/kefu.sqlite --orders 1000000
    python3 scripts/seed-orders.py --postgres postgres://kefu:kefu@127.0.0.1:5432/kefu_bench --orders 1000000

The database must already be migrated (`kefu migrate`). The mix of states follows a busy shop: most orders
archived, a few thousand waiting for review, shipping or payment at any time.
"""
import argparse, random, subprocess, sys, time

STATES = [("archived", 0.80), ("completed", 0.08), ("delivered", 0.04), ("shipped", 0.03), ("approved", 0.03),
          ("pending_review", 0.01), ("rejected", 0.005), ("cancelled", 0.005)]
CHANNELS = ["taobao", "jd", "pdd", "web", "phone", "email", "other"]
NAMES = ["张三", "李四", "王芳", "赵敏", "陈静", "刘洋", "孙丽", "周杰"]

def rows(n, start_ms):
    rnd = random.Random(7)
    cumulative, acc = [], 0.0
    for state, share in STATES:
        acc += share
        cumulative.append((acc, state))
    for i in range(1, n + 1):
        r = rnd.random()
        status = next(s for limit, s in cumulative if r <= limit)
        created = start_ms + i * 1000
        total = 1999 * (1 + i % 5)
        method = "cod" if i % 7 == 4 else "online"
        paid = 0 if status in ("pending_review", "rejected") and i % 2 else total
        paid_at = created + 60_000 if paid >= total else None
        clock = paid_at if paid_at else (created + 120_000 if method == "cod" and status not in ("pending_review", "rejected") else None)
        shipped = created + 86_400_000 if status in ("shipped", "delivered", "completed", "archived") else None
        held = 1 if status == "approved" and i % 50 == 0 else 0
        name = NAMES[i % len(NAMES)]
        phone = "13%09d" % (i % 1_000_000_000)
        yield (i, "O-BENCH-%07d" % i, CHANNELS[i % 7], "EXT%07d" % i if i % 7 < 3 else None, name, phone, name, phone, "浙江省", "杭州市",
               "西湖区", "文三路%d号" % (i % 999), method, status, held, total, paid, 1, paid_at, clock, shipped, created, created)

COLUMNS = ("id, number, channel, external_number, customer_name, customer_phone, recipient, address_phone, province, city, district, "
           "address_line, payment_method, status, held, total, paid, entered_by, paid_at, ship_clock_at, shipped_at, created_at, updated_at")

def seed_sqlite(path, n, start):
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(f"INSERT INTO orders ({COLUMNS}) VALUES ({','.join('?' * 23)})", rows(n, start))
        db.executemany("INSERT INTO order_items (order_id, position, sku, name, quantity, unit_price) VALUES (?, 0, 'BENCH-1', '压测商品', 1, 1999)",
                       ((i,) for i in range(1, n + 1)))
    db.execute("ANALYZE")
    db.close()

def seed_postgres(url, n, start):
    # COPY through psql keeps it fast without extra Python packages.
    import csv, io, tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        w = csv.writer(f)
        for row in rows(n, start):
            w.writerow(["" if v is None else v for v in row])
        orders_file = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        for i in range(1, n + 1):
            f.write(f"{i},0,BENCH-1,压测商品,1,1999\n")
        items_file = f.name
    script = (f"\\copy orders ({COLUMNS}) FROM '{orders_file}' WITH (FORMAT csv, NULL '')\n"
              f"\\copy order_items (order_id, position, sku, name, quantity, unit_price) FROM '{items_file}' WITH (FORMAT csv)\n"
              "SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT MAX(id) FROM orders));\n"
              # As autovacuum leaves a table in service: statistics and the visibility map (index-only counts).
              "VACUUM ANALYZE orders; VACUUM ANALYZE order_items;\n")
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=script, text=True, check=True)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--orders", type=int, default=1_000_000)
    args = parser.parse_args()
    start = int(time.time() * 1000) - args.orders * 1000
    began = time.time()
    if args.sqlite:
        seed_sqlite(args.sqlite, args.orders, start)
    elif args.postgres:
        seed_postgres(args.postgres, args.orders, start)
    else:
        sys.exit("give --sqlite PATH or --postgres URL")
    print(f"seeded {args.orders} orders in {time.time() - began:.1f} s")

if __name__ == "__main__":
    main()
