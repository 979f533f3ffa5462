#!/usr/bin/env python3
"""Fill a Kefu database with N synthetic tickets for the ticket benchmarks (search, SLA sweep).

    python3 scripts/seed-tickets.py --sqlite kefu-data/kefu.sqlite --tickets 1000000 --open 100000 --due 1000
    python3 scripts/seed-tickets.py --postgres postgres://kefu:kefu@127.0.0.1:5432/kefu_bench --tickets 1000000

The database must already be migrated (`kefu migrate`). Each ticket has its first message in Chinese (made from
phrases a service desk hears), its state history, its SLA terms (the catch-all policy) and its search entry. The
newest `--open` tickets are open; `--due` of them have an SLA instant that has come (the sweep's work), the rest
have theirs in the future. Everything older is closed.
"""
import argparse, random, re, subprocess, sys, time

NAMES = ["陈静", "王芳", "李娜", "张伟", "刘洋", "杨敏", "赵磊", "黄强", "周杰", "吴霞", "徐明", "孙丽", "马超", "朱红", "胡军", "郭佳"]
SUBJECTS = ["订单还没有发货", "退款申请", "商品质量问题", "快递破损", "发票开具", "会员积分查询", "修改收货地址", "安装预约",
            "产品使用咨询", "配送延误投诉", "服务态度投诉", "换货申请", "优惠券无法使用", "物流信息不更新", "维修进度查询", "价格保护"]
PHRASES = ["客户来电询问", "收到的杯子碎了", "希望尽快处理", "已经等了三天", "快递员态度不好", "包装破损严重", "要求退款",
           "要求换一个新的", "发票抬头写错了", "积分没有到账", "地址填错了需要修改", "安装师傅没有按时上门", "说明书看不懂",
           "商品和描述不符", "颜色发错了", "少发了一件", "想了解会员权益", "优惠券显示已过期", "物流三天没有更新", "维修后还是有问题"]

def han(ch):
    return 0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF

def document(text):
    """The same words as KefuDomain.SearchText.document."""
    words, run, word = [], [], ""
    def flush_run():
        if run:
            words.extend([run[0]] if len(run) == 1 else [run[i] + run[i + 1] for i in range(len(run) - 1)])
            run.clear()
    def flush_word():
        nonlocal word
        words.extend(p for p in re.split(r"[^0-9a-z]+", word.lower()) if p)
        word = ""
    for ch in text:
        if han(ch):
            flush_word()
            run.append(ch)
        elif ch.isalnum() or ch == "@" or (ch in ".-" and word):
            flush_run(); word += ch
        else:
            flush_run(); flush_word()
    flush_run(); flush_word()
    return " ".join(words)

def tickets(n, open_count, due, now_ms, policy_id):
    rnd = random.Random(11)
    first_open = n - open_count + 1
    for i in range(1, n + 1):
        is_open = i >= first_open
        is_due = is_open and i < first_open + due
        if is_due:
            created = now_ms - 10 * 86_400_000 - i          # long overdue: the sweep marks it
        elif is_open:
            created = now_ms - (n - i) * 50                  # recent: nothing to do yet
        else:
            created = now_ms - 30 * 86_400_000 - (n - i) * 1000
        name = NAMES[i % len(NAMES)]
        subject = SUBJECTS[rnd.randrange(len(SUBJECTS))]
        body = "，".join(rnd.sample(PHRASES, 3)) + f"。订单O-2026{1100 + i % 30:04d}-{i % 10000:04d}"
        phone = "1%010d" % (3_900_000_000 + i)
        number = "T-BENCH-%07d" % i
        state, category = ("open", "open") if is_open else ("closed", "closed")
        watch = (now_ms - 60_000) if is_due else ((now_ms + 3_600_000) if is_open else None)
        yield dict(id=i, number=number, subject=subject, name=name, phone=phone, body=body, created=created, state=state,
                   category=category, watch=watch, closed=None if is_open else created + 86_400_000, policy=policy_id,
                   doc=document(" ".join([number, subject, name, phone, body])))

TICKET_COLUMNS = ("id, number, type, channel, subject, customer_name, customer_phone, priority, severity, state, state_category, "
                  "sla_policy_id, sla_state, sla_watch_at, sla_due_at, closed_at, version, created_at, updated_at")

def ticket_row(t):
    return (t["id"], t["number"], "inquiry", "phone", t["subject"], t["name"], t["phone"], "normal", "simple", t["state"], t["category"],
            t["policy"], "on_track" if t["category"] == "open" else "met", t["watch"], t["watch"], t["closed"], 1, t["created"], t["created"])

def seed_sqlite(path, args, now_ms):
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    policy = db.execute("SELECT id FROM sla_policies WHERE name = '一般问题'").fetchone()[0]
    with db:
        for t in tickets(args.tickets, args.open, args.due, now_ms, policy):
            db.execute(f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({','.join('?' * 19)})", ticket_row(t))
            db.execute("INSERT INTO ticket_messages (id, ticket_id, kind, author_name, body, channel, at) VALUES (?, ?, 'customer', ?, ?, 'phone', ?)",
                       (t["id"], t["id"], t["name"], t["body"], t["created"]))
            db.execute("INSERT INTO ticket_state_history (ticket_id, state, category, pauses_sla, at) VALUES (?, 'new', 'new', 0, ?)",
                       (t["id"], t["created"]))
            db.execute("INSERT INTO ticket_sla_terms (ticket_id, policy_id, from_at) VALUES (?, ?, ?)", (t["id"], policy, t["created"]))
            db.execute("INSERT INTO ticket_search (rowid, document, ticket_id) VALUES (?, ?, ?)", (t["id"], t["doc"], t["id"]))
    db.execute("ANALYZE")
    db.close()

def seed_postgres(url, args, now_ms):
    import csv, tempfile
    policy = int(subprocess.run(["psql", "-tA", url, "-c", "SELECT id FROM sla_policies WHERE name = '一般问题'"],
                                capture_output=True, text=True, check=True).stdout.strip())
    files = {name: tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
             for name in ["tickets", "messages", "history", "terms", "search"]}
    writers = {name: csv.writer(f) for name, f in files.items()}
    clean = lambda row: ["" if v is None else v for v in row]
    for t in tickets(args.tickets, args.open, args.due, now_ms, policy):
        writers["tickets"].writerow(clean(ticket_row(t)))
        writers["messages"].writerow([t["id"], t["id"], "customer", t["name"], t["body"], "phone", t["created"]])
        writers["history"].writerow([t["id"], "new", "new", 0, t["created"]])
        writers["terms"].writerow([t["id"], policy, t["created"]])
        writers["search"].writerow([t["id"], t["id"], t["doc"]])
    for f in files.values():
        f.close()
    script = (
        f"\\copy tickets ({TICKET_COLUMNS}) FROM '{files['tickets'].name}' WITH (FORMAT csv, NULL '')\n"
        f"\\copy ticket_messages (id, ticket_id, kind, author_name, body, channel, at) FROM '{files['messages'].name}' WITH (FORMAT csv)\n"
        f"\\copy ticket_state_history (ticket_id, state, category, pauses_sla, at) FROM '{files['history'].name}' WITH (FORMAT csv)\n"
        f"\\copy ticket_sla_terms (ticket_id, policy_id, from_at) FROM '{files['terms'].name}' WITH (FORMAT csv)\n"
        "CREATE TEMP TABLE staging (message_id BIGINT, ticket_id BIGINT, document TEXT);\n"
        f"\\copy staging FROM '{files['search'].name}' WITH (FORMAT csv)\n"
        "INSERT INTO ticket_search SELECT message_id, ticket_id, to_tsvector('simple', document) FROM staging;\n"
        "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets));\n"
        "SELECT setval(pg_get_serial_sequence('ticket_messages', 'id'), (SELECT MAX(id) FROM ticket_messages));\n"
        "VACUUM ANALYZE tickets; VACUUM ANALYZE ticket_messages; VACUUM ANALYZE ticket_search; VACUUM ANALYZE ticket_state_history;\n"
        "VACUUM ANALYZE ticket_sla_terms;\n")
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=script, text=True, check=True)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    args.open = min(args.open, args.tickets)
    args.due = min(args.due, args.open)
    now_ms = int(time.time() * 1000)
    began = time.time()
    if args.sqlite:
        seed_sqlite(args.sqlite, args, now_ms)
    elif args.postgres:
        seed_postgres(args.postgres, args, now_ms)
    else:
        sys.exit("give --sqlite PATH or --postgres URL")
    print(f"seeded {args.tickets} tickets ({args.open} open, {args.due} due for the sweep) in {time.time() - began:.1f} s")

if __name__ == "__main__":
    main()
