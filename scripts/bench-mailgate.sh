#!/usr/bin/env bash
# Mail gate throughput (issue 4): N generated messages (new mails and replies threading onto them, Chinese subjects
# in UTF-8 and GBK, some with attachments) through `kefu mailgate` — one process per message as a mail server runs
# it, two at a time — and through POST /api/v1/mail/inbound at 16 connections, against /health in the same run.
# Target: ≥ 200 messages/s.
#
#   scripts/bench-mailgate.sh                                        # SQLite in a temporary data directory
#   KEFU_BENCH_DATABASE_URL=postgres://… scripts/bench-mailgate.sh   # PostgreSQL (an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
PORT=${KEFU_BENCH_PORT:-18099}
MESSAGES=${KEFU_BENCH_MESSAGES:-1000}
DURATION=${KEFU_BENCH_SECONDS:-10}

KEFU_ADMIN_PASSWORD=$PASSWORD "$BIN" migrate "${STORE_ARGS[@]}" > /dev/null
mkdir -p "$DATA/mail"
python3 - "$DATA/mail" "$MESSAGES" <<'PY'
import sys, base64, random
from email.message import EmailMessage
from email.header import Header
from email.utils import formataddr, format_datetime
from datetime import datetime, timezone
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(5)
subjects = ["订单还没有发货", "退款申请", "发票抬头写错了", "快递破损", "会员积分查询", "安装预约"]
for i in range(n):
    m = EmailMessage()
    thread = i % 4 == 3 and i >= 4
    original = i - 3
    subject = subjects[(original if thread else i) % len(subjects)]
    m["Subject"] = Header(("Re: " if thread else "") + subject, "gbk" if i % 2 else "utf-8").encode()
    m["From"] = formataddr((str(Header("客户%d" % (original if thread else i), "utf-8")), "c%d@example.cn" % (original if thread else i)))
    m["To"] = "service@kefu.test"
    m["Date"] = format_datetime(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))
    m["Message-ID"] = "<bench-%d@example.cn>" % i
    if thread:
        m["In-Reply-To"] = "<bench-%d@example.cn>" % original
        m["References"] = "<bench-%d@example.cn>" % original
    m.set_content("您好，%s。订单O-20261120-%04d，请尽快处理。\n谢谢！" % (subject, i), charset="gbk" if i % 2 else "utf-8")
    if i % 5 == 0:
        m.add_attachment(bytes(rnd.getrandbits(8) for _ in range(20000)), maintype="image", subtype="png", filename="photo-%d.png" % i)
    open("%s/%05d.eml" % (out, i), "wb").write(bytes(m))
PY

# One process per message, two at a time (one per core), as Postfix would run the pipe.
STARTED=$(date +%s.%N)
ls "$DATA"/mail/*.eml | xargs -P 2 -I{} sh -c "\"$BIN\" mailgate ${STORE_ARGS[*]} --queue service < {} > /dev/null"
ENDED=$(date +%s.%N)
CLI_RATE=$(python3 -c "print(round($MESSAGES / ($ENDED - $STARTED)))")

bench_start_server "$PORT"
COUNT=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/tickets?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
# The same kind of message over HTTP, each with its own Message-ID.
BODY=$(python3 -c "import sys; print(open('$DATA/mail/00001.eml', encoding='latin-1').read().replace('\n', '\\\\n').replace('\"', '\\\\\"'))")
cat > "$DATA/inbound.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "message/rfc822"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local template = "$BODY"
local n = 0
request = function()
  n = n + 1
  local body = template:gsub("<bench%-1@example.cn>", "<http-" .. n .. "-" .. math.random(1e9) .. "@example.cn>")
  return wrk.format(nil, "/api/v1/mail/inbound?queue=service", nil, body)
end
LUA
cat > "$DATA/p99.lua" <<'LUA'
done = function(summary, latency, requests) io.write(string.format("P99 %.2f\n", latency:percentile(99) / 1000)) end
LUA
H_RPS=$(wrk -t2 -c16 -d"${DURATION}s" "$URL/health" | awk '/Requests\/sec/ {print $2}')
OUT=$(wrk -t2 -c16 -d"${DURATION}s" -s "$DATA/inbound.lua" "$URL/api/v1/mail/inbound")
echo "$OUT" >&2
if echo "$OUT" | grep -q "Non-2xx"; then echo "non-2xx responses from the mail gate" >&2; exit 1; fi
HTTP_RATE=$(echo "$OUT" | awk '/Requests\/sec/ {print $2}')
echo
echo "| date | store | messages | kefu mailgate (process per message, 2 at a time) | tickets after | POST /api/v1/mail/inbound | /health req/s |"
echo "|---|---|---|---|---|---|---|"
echo "| $(date -u +%F) | $LABEL | $MESSAGES | $CLI_RATE msg/s | $COUNT | $HTTP_RATE msg/s | $H_RPS |"
