#!/usr/bin/env python3
"""Fill a Kefu database with N synthetic members for the member and callback benchmarks (1,000,000 by default).

    python3 scripts/seed-members.py --sqlite kefu-data/kefu.sqlite --members 1000000 --orders 300000 --delivered 100000 --tickets 200000
    python3 scripts/seed-members.py --postgres postgres://kefu:kefu@127.0.0.1:5432/kefu_bench --members 1000000

The database must already be migrated (`kefu migrate`) and have its admin (`kefu user add --role admin …`): the seed
adds agents, and `kefu serve` creates the admin only in an empty users table. Members have common Chinese names
(surnames and given names in their everyday frequencies, so 陈, 静 and 陈静 each match thousands), one or two mobile
numbers, an email for some, a grade, tags, an address; their name search terms are written as the app writes them
(`MemberSearchTerms.document`). Twenty agents hold 5 % of the members. With `--orders`, orders are linked to
members by id and phone: the first `--delivered` of them delivered within the last 7 days (the callback generator's
work), the rest delivered long before the generator's look-back. With `--tickets`, other members' closed tickets,
a third of them with a satisfaction request. Member #1 is a long-standing customer with `--timeline` entries (orders,
after-sales cases, tickets, satisfaction ratings and callbacks, none of them recent enough to make new callbacks),
phone 13912345678 and email chen.jing@example.com.
"""
import argparse, random, subprocess, sys, time

# Surnames with their rough shares of the population (the top of the national list, plus two compound ones).
SURNAMES = [("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.2), ("赵", 2.0), ("吴", 1.9),
            ("周", 1.9), ("徐", 1.6), ("孙", 1.5), ("马", 1.4), ("朱", 1.3), ("胡", 1.3), ("郭", 1.1), ("何", 1.1), ("高", 1.0),
            ("林", 1.0), ("罗", 0.9), ("郑", 0.9), ("梁", 0.8), ("谢", 0.7), ("宋", 0.6), ("唐", 0.6), ("许", 0.6), ("韩", 0.6),
            ("冯", 0.5), ("邓", 0.5), ("曹", 0.5), ("彭", 0.5), ("曾", 0.5), ("肖", 0.5), ("田", 0.5), ("董", 0.5), ("袁", 0.4),
            ("潘", 0.4), ("于", 0.4), ("蒋", 0.4), ("蔡", 0.4), ("余", 0.4), ("杜", 0.4), ("叶", 0.4), ("程", 0.3), ("苏", 0.3),
            ("魏", 0.3), ("吕", 0.3), ("丁", 0.3), ("任", 0.3), ("沈", 0.3), ("欧阳", 0.05), ("司马", 0.02)]
PINYIN = {"王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang", "赵": "zhao", "吴": "wu",
          "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu", "胡": "hu", "郭": "guo", "何": "he", "高": "gao", "林": "lin",
          "罗": "luo", "郑": "zheng", "梁": "liang", "谢": "xie", "宋": "song", "唐": "tang", "许": "xu", "韩": "han", "冯": "feng",
          "邓": "deng", "曹": "cao", "彭": "peng", "曾": "zeng", "肖": "xiao", "田": "tian", "董": "dong", "袁": "yuan", "潘": "pan",
          "于": "yu", "蒋": "jiang", "蔡": "cai", "余": "yu", "杜": "du", "叶": "ye", "程": "cheng", "苏": "su", "魏": "wei", "吕": "lv",
          "丁": "ding", "任": "ren", "沈": "shen", "欧阳": "ouyang", "司马": "sima"}
# One-character given names (40 % of people), and the two halves of two-character ones.
SINGLE = ["静", "芳", "伟", "娜", "敏", "强", "磊", "洋", "勇", "艳", "杰", "军", "丽", "涛", "明", "超", "霞", "平", "刚", "红",
          "燕", "辉", "鹏", "华", "飞", "玲", "婷", "斌", "波", "琳"]
FIRST = ["子", "梓", "浩", "思", "雨", "欣", "晓", "文", "建", "志", "海", "春", "玉", "秀", "丽", "俊", "家", "佳", "嘉", "明",
         "宇", "一", "天", "国", "永", "静", "美", "婷", "慧", "小"]
SECOND = ["涵", "然", "萱", "怡", "静", "轩", "远", "鸣", "华", "强", "燕", "梅", "兰", "英", "杰", "军", "豪", "琪", "宁", "辉",
          "磊", "伟", "婷", "丹", "颖", "芳", "娟", "敏", "霞", "红"]
MOBILE = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158", "159",
          "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "198", "199"]
DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com", "outlook.com"]
GRADES = [("normal", 0.70), ("silver", 0.15), ("gold", 0.10), ("platinum", 0.04), ("diamond", 0.01)]
TAGS = ["VIP", "老客户", "投诉过", "企业客户", "批发", "价格敏感", "高退货"]
CHANNELS = ["taobao", "jd", "pdd", "web", "phone", "wechat"]
PLACES = [("浙江省", "杭州市", "西湖区"), ("广东省", "深圳市", "南山区"), ("上海市", "上海市", "浦东新区"), ("北京市", "北京市", "朝阳区"),
          ("江苏省", "南京市", "鼓楼区"), ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"), ("福建省", "厦门市", "思明区")]
STREETS = ["文三路", "人民路", "解放路", "中山路", "建设路", "和平路", "滨江大道", "科技园路"]
SUBJECTS = ["订单还没有发货", "退款申请", "商品质量问题", "快递破损", "发票开具", "会员积分查询", "修改收货地址", "安装预约"]
PROBLEMS = ["收到的杯子碎了", "颜色发错了", "少发了一件", "商品和描述不符", "快递三天没有更新"]
DAY = 86_400_000
AGENTS = 20
TIMELINE_MEMBER = 1


def han(ch):
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def search_terms(name):
    """The same terms as KefuDomain.MemberSearchTerms.document: each Chinese character and each neighbouring pair,
    and the prefixes (up to 12 characters) of other words."""
    runs, current, current_han = [], "", False
    for ch in name.lower():
        if han(ch):
            if not current_han and current:
                runs.append((current, False)); current = ""
            current_han = True; current += ch
        elif ch.isalnum():
            if current_han and current:
                runs.append((current, True)); current = ""
            current_han = False; current += ch
        else:
            if current:
                runs.append((current, current_han))
            current = ""
    if current:
        runs.append((current, current_han))
    terms, seen = [], set()
    for text, is_han in runs:
        if is_han:
            candidates = list(text) + ([text[i:i + 2] for i in range(len(text) - 1)] if len(text) > 1 else [])
        else:
            candidates = [text[:n] for n in range(1, min(len(text), 12) + 1)]
        for term in candidates:
            if term not in seen:
                seen.add(term); terms.append(term)
    return terms


def pick(rnd, weighted):
    """A value of `weighted` (value, weight) pairs, by weight."""
    r = rnd.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        r -= weight
        if r <= 0:
            return value
    return weighted[-1][0]


class Members:
    """Generates the members (and keeps each one's name and first phone for the orders)."""

    def __init__(self, n, now_ms, agent_ids):
        self.n, self.now, self.agents = n, now_ms, agent_ids
        self.names, self.phones = [None] * (n + 1), [None] * (n + 1)
        self.rnd = random.Random(5)

    def phone(self):
        return MOBILE[self.rnd.randrange(len(MOBILE))] + "%08d" % self.rnd.randrange(100_000_000)

    def rows(self):
        """Per member: (member row, phones, emails, address or None, tags, terms)."""
        rnd, start = self.rnd, self.now - 5 * 365 * DAY
        for i in range(1, self.n + 1):
            surname = pick(rnd, SURNAMES)
            given = SINGLE[rnd.randrange(len(SINGLE))] if rnd.random() < 0.4 else \
                FIRST[rnd.randrange(len(FIRST))] + SECOND[rnd.randrange(len(SECOND))]
            name = surname + given
            phones = [self.phone()] + ([self.phone()] if rnd.random() < 0.3 else [])
            emails = [f"{PINYIN[surname]}{i}@{DOMAINS[rnd.randrange(len(DOMAINS))]}"] if rnd.random() < 0.4 else []
            if i == TIMELINE_MEMBER:
                name, phones, emails = "陈静", ["13912345678"], ["chen.jing@example.com"]
            created = start + (i * (5 * 365 * DAY)) // (self.n + 1)
            assigned = self.agents[i % len(self.agents)] if self.agents and rnd.random() < 0.05 else None
            assigned_at = created + 30 * DAY if assigned else None  # long before the generator's look-back
            birthday = "%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)) if rnd.random() < 0.5 else None
            row = (i, name, ("female", "male", "unknown")[rnd.randrange(3)], rnd.randint(1955, 2005), birthday, pick(rnd, GRADES),
                   CHANNELS[rnd.randrange(len(CHANNELS))], 1 if rnd.random() < 0.02 else 0, assigned, assigned_at, created, created)
            place = PLACES[rnd.randrange(len(PLACES))]
            address = (name, phones[0]) + place + (f"{STREETS[rnd.randrange(len(STREETS))]}{rnd.randint(1, 999)}号",) \
                if rnd.random() < 0.6 else None
            tags = sorted(set(TAGS[rnd.randrange(len(TAGS))] for _ in range(rnd.choice((1, 1, 2))))) if rnd.random() < 0.3 else []
            self.names[i], self.phones[i] = name, phones[0]
            yield row, phones, emails, address, tags, search_terms(name)


MEMBER_COLUMNS = ("id, name, gender, birth_year, birthday, grade, registration_channel, do_not_call, assigned_agent_id, assigned_at, "
                  "created_at, updated_at")
ORDER_COLUMNS = ("id, number, channel, customer_name, customer_phone, recipient, address_phone, province, city, district, address_line, "
                 "payment_method, status, total, paid, paid_at, ship_clock_at, shipped_at, delivered_at, completed_at, member_id, "
                 "created_at, updated_at")
TICKET_COLUMNS = ("id, number, type, channel, subject, customer_name, customer_phone, member_id, priority, severity, state, "
                  "state_category, resolved_at, closed_at, version, created_at, updated_at")
CASE_COLUMNS = ("id, number, order_id, kind, status, problem, required_action, customer_name, customer_phone, details_json, "
                "created_at, updated_at")
RATING_COLUMNS = "id, ticket_id, token_hash, created_at, rating, comment, rated_at"
CALLBACK_COLUMNS = ("id, reason, member_id, order_id, channel, status, assignee_id, not_before, due_by, outcome, completed_at, "
                    "completed_by, version, created_at, updated_at")


def order_row(oid, member_id, name, phone, status, created, delivered, rnd):
    total = 1999 * (1 + oid % 5)
    place = PLACES[oid % len(PLACES)]
    completed = delivered + 7 * DAY if status in ("completed", "archived") else None
    return (oid, "O-MBENCH-%07d" % oid, CHANNELS[oid % 5], name, phone, name, phone) + place + \
        ("%s%d号" % (STREETS[oid % len(STREETS)], oid % 999 + 1), "online", status, total, total, created + 60_000, created + 60_000,
         delivered - 2 * DAY, delivered, completed, member_id, created, delivered)


def orders(args, members, base, now_ms):
    """The bulk orders: the first `delivered` within the last 7 days, the rest delivered 40 to 400 days ago. One in
    twenty delivered orders is a guest's (no member)."""
    rnd = random.Random(9)
    for k in range(args.orders):
        oid = base + k + 1
        if k < args.delivered:
            delivered = now_ms - rnd.randrange(7 * DAY)
            status = "delivered"
        else:
            delivered = now_ms - 40 * DAY - rnd.randrange(360 * DAY)
            status = "archived" if rnd.random() < 0.8 else "completed"
        if k < args.delivered and rnd.random() < 0.05:
            member_id, name, phone = None, "散客", members.phone()
        else:
            member_id = rnd.randint(1, args.members)
            name, phone = members.names[member_id], members.phones[member_id]
        yield order_row(oid, member_id, name, phone, status, delivered - 3 * DAY, delivered, rnd)


def timeline(args, members, bases, now_ms, agent_ids):
    """Member #1's history: orders, after-sales cases on them, tickets, ratings of tickets and callbacks, spread over
    the last three years and ending 60 days ago (older than anything the callback generator looks at)."""
    rnd = random.Random(3)
    m = TIMELINE_MEMBER
    name, phone = members.names[m], members.phones[m]
    count = args.timeline
    n_orders, n_cases, n_tickets, n_ratings = count * 30 // 100, count * 6 // 100, count * 30 // 100, count * 14 // 100
    n_callbacks = count - n_orders - n_cases - n_tickets - n_ratings
    span, end = 3 * 365 * DAY, now_ms - 60 * DAY
    at = lambda: end - rnd.randrange(span)
    out = {"orders": [], "cases": [], "tickets": [], "ratings": [], "callbacks": []}
    for k in range(n_orders):
        created = at()
        out["orders"].append(order_row(bases["orders"] + k + 1, m, name, phone, "archived", created, created + 3 * DAY, rnd))
    for k in range(n_cases):
        order = out["orders"][k * max(1, n_orders // max(1, n_cases))]
        created = order[-2] + 5 * DAY
        out["cases"].append((bases["cases"] + k + 1, "AS-MBENCH-%05d" % (k + 1), order[0], "exchange", "closed",
                             PROBLEMS[k % len(PROBLEMS)], "换货", name, phone, "{}", created, created + 2 * DAY))
    for k in range(n_tickets):
        created = at()
        out["tickets"].append((bases["tickets"] + k + 1, "T-MBENCH-T%04d" % (k + 1), ("inquiry", "delivery_query", "complaint")[k % 3],
                               "phone", SUBJECTS[k % len(SUBJECTS)], name, phone, m, "normal", "simple", "closed", "closed",
                               created + DAY, created + 2 * DAY, 3, created, created + 2 * DAY))
    for k in range(n_ratings):
        ticket = out["tickets"][k % n_tickets]
        out["ratings"].append((bases["ratings"] + k + 1, ticket[0], "mbench-%064d" % (k + 1), ticket[-2] + DAY, 1 + k % 5,
                               "回复很及时" if k % 2 else "", ticket[-2] + DAY + 3_600_000))
    for k in range(n_callbacks):
        order = out["orders"][k % n_orders]
        delivered = order[18]
        agent = agent_ids[k % len(agent_ids)] if agent_ids else None
        out["callbacks"].append((bases["callbacks"] + k + 1, "delivered_order", m, order[0], "phone", "done", agent, delivered,
                                 delivered + 7 * DAY, ("satisfied", "neutral", "unsatisfied")[k % 3], delivered + DAY, agent, 2,
                                 delivered, delivered + DAY))
    return out


def other_tickets(args, members, bases, now_ms):
    """`--tickets` closed tickets of other members (a third of them with a satisfaction request, most answered), all
    resolved before the generator's look-back: they make the timeline's ticket and rating reads realistic."""
    rnd = random.Random(13)
    tickets, ratings = [], []
    for k in range(args.tickets):
        tid = bases["tickets"] + k + 1
        member_id = rnd.randint(2, args.members) if args.members > 1 else TIMELINE_MEMBER
        created = now_ms - 40 * DAY - rnd.randrange(700 * DAY)
        tickets.append((tid, "T-MBENCH-%07d" % (tid), ("inquiry", "delivery_query", "complaint", "repair")[k % 4], "phone",
                        SUBJECTS[k % len(SUBJECTS)], members.names[member_id], members.phones[member_id], member_id, "normal", "simple",
                        "closed", "closed", created + DAY, created + 2 * DAY, 3, created, created + 2 * DAY))
        if k % 3 == 0:
            rated = created + DAY + 3_600_000 if rnd.random() < 0.7 else None
            ratings.append((bases["ratings"] + len(ratings) + 1, tid, "mbench-other-%058d" % k, created + DAY,
                            1 + k % 5 if rated else None, None, rated))
    return tickets, ratings


AGENT_SQL = ("INSERT INTO users (login, display_name, role, level, active, password_hash, password_changed_at, created_at, updated_at) "
             "VALUES ('{login}', '{name}', 'agent', 'junior', 1, '!', {now}, {now}, {now})")


def agent_statements(now_ms):
    return [AGENT_SQL.format(login="mbench-agent-%02d" % k, name="回访专员%02d" % k, now=now_ms) for k in range(1, AGENTS + 1)]


def seed_sqlite(path, args, now_ms):
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    scalar = lambda sql: db.execute(sql).fetchone()[0]
    with db:
        for statement in agent_statements(now_ms):
            db.execute(statement)
    agent_ids = [r[0] for r in db.execute("SELECT id FROM users WHERE login LIKE 'mbench-agent-%' ORDER BY id")]
    members = Members(args.members, now_ms, agent_ids)
    with db:
        phones, emails, addresses, tags, terms = [], [], [], [], []
        def flush():
            db.executemany("INSERT INTO member_phones (member_id, phone, last4, position) VALUES (?, ?, ?, ?)", phones)
            db.executemany("INSERT INTO member_emails (member_id, email, position) VALUES (?, ?, ?)", emails)
            db.executemany("INSERT INTO member_addresses (member_id, recipient, phone, province, city, district, line, position) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, 0)", addresses)
            db.executemany("INSERT INTO member_tags (member_id, tag) VALUES (?, ?)", tags)
            db.executemany("INSERT INTO member_search (term, member_id) VALUES (?, ?)", terms)
            for rows in (phones, emails, addresses, tags, terms):
                rows.clear()
        batch = []
        for row, ps, es, address, ts, words in members.rows():
            i = row[0]
            batch.append(row)
            phones.extend((i, p, p[-4:], k) for k, p in enumerate(ps))
            emails.extend((i, e, k) for k, e in enumerate(es))
            if address:
                addresses.append((i,) + address)
            tags.extend((i, t) for t in ts)
            terms.extend((w, i) for w in words)
            if len(batch) == 50_000:
                db.executemany(f"INSERT INTO members ({MEMBER_COLUMNS}) VALUES ({','.join('?' * 12)})", batch)
                batch.clear()
                flush()
        db.executemany(f"INSERT INTO members ({MEMBER_COLUMNS}) VALUES ({','.join('?' * 12)})", batch)
        flush()
    bases = {"orders": scalar("SELECT COALESCE(MAX(id), 0) FROM orders"), "cases": scalar("SELECT COALESCE(MAX(id), 0) FROM after_sales_cases"),
             "tickets": scalar("SELECT COALESCE(MAX(id), 0) FROM tickets"),
             "ratings": scalar("SELECT COALESCE(MAX(id), 0) FROM satisfaction_requests"),
             "callbacks": scalar("SELECT COALESCE(MAX(id), 0) FROM callbacks")}
    history = timeline(args, members, bases, now_ms, agent_ids)
    with db:
        db.executemany(f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES ({','.join('?' * 23)})", history["orders"])
        db.executemany(f"INSERT INTO after_sales_cases ({CASE_COLUMNS}) VALUES ({','.join('?' * 12)})", history["cases"])
        db.executemany(f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({','.join('?' * 17)})", history["tickets"])
        db.executemany(f"INSERT INTO satisfaction_requests ({RATING_COLUMNS}) VALUES ({','.join('?' * 7)})", history["ratings"])
        db.executemany(f"INSERT INTO callbacks ({CALLBACK_COLUMNS}) VALUES ({','.join('?' * 15)})", history["callbacks"])
        tickets, ratings = other_tickets(args, members, {"tickets": bases["tickets"] + len(history["tickets"]),
                                                         "ratings": bases["ratings"] + len(history["ratings"])}, now_ms)
        db.executemany(f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({','.join('?' * 17)})", tickets)
        db.executemany(f"INSERT INTO satisfaction_requests ({RATING_COLUMNS}) VALUES ({','.join('?' * 7)})", ratings)
        db.executemany(f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES ({','.join('?' * 23)})",
                       orders(args, members, bases["orders"] + len(history["orders"]), now_ms))
        db.executemany("INSERT INTO order_items (order_id, position, sku, name, quantity, unit_price) VALUES (?, 0, 'BENCH-1', '压测商品', 1, 1999)",
                       ((bases["orders"] + k + 1,) for k in range(len(history["orders"]) + args.orders)))
    db.execute("ANALYZE")
    db.close()


def seed_postgres(url, args, now_ms):
    import csv, tempfile
    psql = lambda sql: subprocess.run(["psql", "-X", "-tA", "-v", "ON_ERROR_STOP=1", url, "-c", sql], capture_output=True, text=True,
                                      check=True).stdout.strip()
    psql(";\n".join(agent_statements(now_ms)))
    agent_ids = [int(x) for x in psql("SELECT id FROM users WHERE login LIKE 'mbench-agent-%' ORDER BY id").split()]
    members = Members(args.members, now_ms, agent_ids)
    names = ["members", "phones", "emails", "addresses", "tags", "terms", "orders", "items", "cases", "tickets", "ratings", "callbacks"]
    files = {name: tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="") for name in names}
    writers = {name: csv.writer(f) for name, f in files.items()}
    clean = lambda row: ["" if v is None else v for v in row]
    for row, ps, es, address, ts, words in members.rows():
        i = row[0]
        writers["members"].writerow(clean(row))
        writers["phones"].writerows((i, p, p[-4:], k) for k, p in enumerate(ps))
        writers["emails"].writerows((i, e, k) for k, e in enumerate(es))
        if address:
            writers["addresses"].writerow((i,) + address + (0,))
        writers["tags"].writerows((i, t) for t in ts)
        writers["terms"].writerows((w, i) for w in words)
    bases = {key: int(psql(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) for key, table in
             [("orders", "orders"), ("cases", "after_sales_cases"), ("tickets", "tickets"), ("ratings", "satisfaction_requests"),
              ("callbacks", "callbacks")]}
    history = timeline(args, members, bases, now_ms, agent_ids)
    for key in ["orders", "cases", "tickets", "ratings", "callbacks"]:
        writers[key].writerows(clean(r) for r in history[key])
    tickets, ratings = other_tickets(args, members, {"tickets": bases["tickets"] + len(history["tickets"]),
                                                     "ratings": bases["ratings"] + len(history["ratings"])}, now_ms)
    writers["tickets"].writerows(clean(r) for r in tickets)
    writers["ratings"].writerows(clean(r) for r in ratings)
    writers["orders"].writerows(clean(r) for r in orders(args, members, bases["orders"] + len(history["orders"]), now_ms))
    writers["items"].writerows((bases["orders"] + k + 1, 0, "BENCH-1", "压测商品", 1, 1999) for k in range(len(history["orders"]) + args.orders))
    for f in files.values():
        f.close()
    copy = lambda table, columns, key: f"\\copy {table} ({columns}) FROM '{files[key].name}' WITH (FORMAT csv, NULL '')\n"
    script = (
        "\\o /dev/null\n"
        + copy("members", MEMBER_COLUMNS, "members")
        + copy("member_phones", "member_id, phone, last4, position", "phones")
        + copy("member_emails", "member_id, email, position", "emails")
        + copy("member_addresses", "member_id, recipient, phone, province, city, district, line, position", "addresses")
        + copy("member_tags", "member_id, tag", "tags")
        + copy("member_search", "term, member_id", "terms")
        + copy("orders", ORDER_COLUMNS, "orders")
        + copy("order_items", "order_id, position, sku, name, quantity, unit_price", "items")
        + copy("after_sales_cases", CASE_COLUMNS, "cases")
        + copy("tickets", TICKET_COLUMNS, "tickets")
        + copy("satisfaction_requests", RATING_COLUMNS, "ratings")
        + copy("callbacks", CALLBACK_COLUMNS, "callbacks")
        + "".join(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT GREATEST(MAX(id), 1) FROM {t}));\n"
                  for t in ["members", "orders", "order_items", "after_sales_cases", "tickets", "satisfaction_requests", "callbacks"])
        # As autovacuum leaves tables in service: statistics and the visibility map (index-only scans).
        + "".join(f"VACUUM ANALYZE {t};\n" for t in ["members", "member_phones", "member_emails", "member_addresses", "member_tags",
                                                     "member_search", "users", "orders", "order_items", "after_sales_cases", "tickets",
                                                     "satisfaction_requests", "callbacks"]))
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url], input=script, text=True, check=True)
    for f in files.values():
        import os
        os.unlink(f.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=0, help="orders linked to members (besides member #1's own)")
    parser.add_argument("--delivered", type=int, default=0, help="of those, delivered within the last 7 days")
    parser.add_argument("--timeline", type=int, default=500, help="timeline entries of member #1")
    parser.add_argument("--tickets", type=int, default=0, help="closed tickets of other members (a third with a rating request)")
    args = parser.parse_args()
    args.delivered = min(args.delivered, args.orders)
    args.timeline = max(args.timeline, 10)
    now_ms = int(time.time() * 1000)
    began = time.time()
    if args.sqlite:
        seed_sqlite(args.sqlite, args, now_ms)
    elif args.postgres:
        seed_postgres(args.postgres, args, now_ms)
    else:
        sys.exit("give --sqlite PATH or --postgres URL")
    print(f"seeded {args.members} members, {args.orders} orders ({args.delivered} delivered this week), {args.tickets} tickets and "
          f"{args.timeline} timeline entries for member #{TIMELINE_MEMBER} in {time.time() - began:.1f} s")


if __name__ == "__main__":
    main()
