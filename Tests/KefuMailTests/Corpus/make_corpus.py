#!/usr/bin/env python3
"""Writes the KefuMail test corpus: small, real-world-shaped .eml files with exact legacy bytes.

Run from this directory (python3 make_corpus.py); the .eml files are committed, this script shows
how their GBK, GB2312 and Big5 bytes were made. Deterministic: same output on every run.
"""
import base64
import quopri
from email.header import Header

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def b64_lines(data):
    text = base64.b64encode(data).decode("ascii")
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76)).encode("ascii")


def word(text, charset, kind="B"):
    raw = text.encode(charset)
    if kind == "B":
        return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode("ascii"))
    encoded = "".join(chr(b) if (0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A) else
                      ("_" if b == 0x20 else "=%02X" % b) for b in raw)
    return "=?%s?Q?%s?=" % (charset, encoded)


def crlf(*parts):
    """Joins str/bytes lines with CRLF; str lines must be ASCII."""
    return b"\r\n".join(p if isinstance(p, bytes) else p.encode("ascii") for p in parts)


def write(name, data):
    with open(name, "wb") as handle:
        handle.write(data)


write("plain-utf8.eml", crlf(
    "Return-Path: <li.lei@example.com>",
    "Received: from mx.example.com by mail.kefu.test; Mon, 23 Nov 2026 10:00:05 +0800",
    "From: =?UTF-8?B?5p2O6Zu3?= <li.lei@example.com>",
    "To: support@kefu.test",
    "Subject: =?UTF-8?B?6K6i5Y2V6L+Y5rKh5pyJ5Y+R6LSn?=",
    "Date: Mon, 23 Nov 2026 10:00:00 +0800",
    "Message-ID: <plain-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "你好，".encode("utf-8"),
    "我的订单 O-20261120-0007 还没有发货，请帮忙查一下。".encode("utf-8"),
    "Thanks, Li Lei",
    ""))

write("gbk-subject-b.eml", crlf(
    "From: %s <zhang.san@example.cn>" % word("张三", "GBK"),
    "To: support@kefu.test",
    "Subject: %s" % word("退款申请：订单 O-20261120-0008", "GBK"),
    "Date: Tue, 24 Nov 2026 09:30:00 +0800",
    "Message-ID: <gbk-b-1@example.cn>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=\"gbk\"",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines("收到的商品有破损，申请退款。\r\n".encode("gbk")),
    ""))

write("gb2312-subject-q.eml", crlf(
    "From: %s <wang.wu@example.cn>" % word("王五", "gb2312", "Q"),
    "To: support@kefu.test",
    "Subject: %s" % word("发票问题", "gb2312", "Q"),
    "Date: Tue, 24 Nov 2026 11:00:00 +0800",
    "Message-ID: <gb2312-q-1@example.cn>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=gb2312",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    quopri.encodestring("请开具增值税专用发票，谢谢！".encode("gb2312")),
    ""))

# LF line ends throughout, a raw 8-bit GBK Subject and name, and no charset anywhere.
write("raw-gb2312-no-charset.eml", b"\n".join([
    b"From: " + "赵六".encode("gb2312") + b" <zhao.liu@example.cn>",
    b"To: support@kefu.test",
    b"Subject: " + "咨询配送时间".encode("gb2312"),
    b"Date: 24 Nov 2026 14:05 +0800",
    b"Message-ID: <raw-gb-1@example.cn>",
    b"Content-Type: text/plain",
    b"",
    "请问北京地区几天能送到？".encode("gb2312"),
    b""]))

big5_body = "您好，我想查詢訂單的物流狀態。\r\n謝謝！\r\n"
write("big5-base64.eml", crlf(
    "From: %s <chen@example.tw>" % word("陳小明", "big5"),
    "To: support@kefu.test",
    "Subject: %s" % word("物流查詢", "big5"),
    "Date: Wed, 25 Nov 2026 08:00:00 +0800",
    "Message-ID: <big5-b64-1@example.tw>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=big5",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines(big5_body.encode("big5")),
    ""))

write("big5-qp.eml", crlf(
    "From: chen@example.tw",
    "To: support@kefu.test",
    "Subject: %s" % word("物流查詢", "big5", "Q"),
    "Date: Wed, 25 Nov 2026 08:05:00 +0800",
    "Message-ID: <big5-qp-1@example.tw>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=\"Big5\"",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    quopri.encodestring(big5_body.replace("\r\n", "\n").encode("big5")).replace(b"\n", b"\r\n")))

write("nested-multipart.eml", crlf(
    "From: \"Sun, Qi\" <sun.qi@example.com>",
    "To: support@kefu.test",
    "Subject: Broken item, photo attached",
    "Date: Thu, 26 Nov 2026 16:20:00 +0000",
    "Message-ID: <nested-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"outer-b\"",
    "",
    "This is a multi-part message in MIME format.",
    "",
    "--outer-b",
    "Content-Type: multipart/alternative;",
    "\tboundary=\"alt-b\"",
    "",
    "--alt-b",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    quopri.encodestring("The vase arrived broken, see the photo.\n花瓶碎了。".encode("utf-8")).replace(b"\n", b"\r\n"),
    "--alt-b",
    "Content-Type: multipart/related; boundary=\"rel-b\"; type=\"text/html\"",
    "",
    "--rel-b",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "<html><body><p>The vase arrived <b>broken</b>, see the photo.</p><p>花瓶碎了。</p>".encode("utf-8"),
    "<img src=\"cid:photo1@example.com\"></body></html>",
    "--rel-b",
    "Content-Type: image/png",
    "Content-Transfer-Encoding: base64",
    "Content-ID: <photo1@example.com>",
    "",
    b64_lines(PNG),
    "--rel-b--",
    "",
    "--alt-b--",
    "",
    "--outer-b",
    "Content-Type: application/pdf; name=\"%s\"" % word("订单发票.pdf", "GBK"),
    "Content-Disposition: attachment; filename=\"%s\"" % word("订单发票.pdf", "GBK"),
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines(PDF),
    "--outer-b--",
    ""))

write("html-only.eml", crlf(
    "From: Shop Newsletter <news@example.com>",
    "To: support@kefu.test",
    "Subject: Your question",
    "Date: Thu, 26 Nov 2026 17:00:00 +0000",
    "Message-ID: <html-only-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    quopri.encodestring(
        "<html><head><title>Ignored title</title><style>p { color: red; }</style></head>\n"
        "<body><script>alert('x')</script><div>Hello&nbsp;team,</div>\n"
        "<p>Order   <b>O-20261120-0009</b> &amp; its refund &lt;pending&gt;.</p>"
        "<p>Line one<br>Line two<br/>Line three</p><!-- a comment -->\n"
        "<ul><li>first</li><li>second</li></ul><div>价格 &#165;99 &#x4F60;好</div></body></html>\n".encode("utf-8")
    ).replace(b"\n", b"\r\n"),
    ""))

inner = crlf(
    "From: Supplier <orders@supplier.example>",
    "To: sun.qi@example.com",
    "Subject: %s" % word("Re: 发货确认", "UTF-8"),
    "Date: Wed, 25 Nov 2026 12:00:00 +0800",
    "Message-ID: <inner-1@supplier.example>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "INNER TEXT that must not become the ticket text.",
    "")
write("forwarded.eml", crlf(
    "From: sun.qi@example.com",
    "To: support@kefu.test",
    "Subject: Fwd: Re: shipping confirmation",
    "Date: Thu, 26 Nov 2026 18:00:00 +0000",
    "Message-ID: <fwd-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"fwd-b\"",
    "",
    "--fwd-b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "See the supplier's message below.",
    "--fwd-b",
    "Content-Type: message/rfc822",
    "Content-Disposition: inline",
    "",
    inner,
    "--fwd-b--",
    ""))

write("forwarded-only.eml", crlf(
    "From: sun.qi@example.com",
    "To: support@kefu.test",
    "Subject: Fwd: shipping confirmation",
    "Date: Thu, 26 Nov 2026 18:05:00 +0000",
    "Message-ID: <fwd-2@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"fwd-c\"",
    "",
    "--fwd-c",
    "Content-Type: message/rfc822",
    "",
    inner,
    "--fwd-c--",
    ""))

write("outlook-auto-reply.eml", crlf(
    "From: =?utf-8?B?5YiY5LiD?= <liu.qi@corp.example>",
    "To: support@kefu.test",
    "Subject: %s" % word("自动回复: 关于订单 [#T-20261123-0042]", "utf-8"),
    "Date: Fri, 27 Nov 2026 09:00:00 +0800",
    "Message-ID: <oof-1@corp.example>",
    "In-Reply-To: <kefu.reply-1@kefu.test>",
    "Auto-Submitted: auto-generated",
    "X-Auto-Response-Suppress: All",
    "X-MS-Exchange-Inbox-Rules-Loop: liu.qi@corp.example",
    "MIME-Version: 1.0",
    "Content-Type: multipart/alternative; boundary=\"oof-b\"",
    "",
    "--oof-b",
    "Content-Type: text/plain; charset=\"utf-8\"",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines("我在休假，12月1日回来。\r\n".encode("utf-8")),
    "--oof-b",
    "Content-Type: text/html; charset=\"utf-8\"",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines("<html><body><p>我在休假，12月1日回来。</p></body></html>".encode("utf-8")),
    "--oof-b--",
    ""))

write("vacation-precedence.eml", crlf(
    "From: Zhou Ba <zhou.ba@example.org>",
    "To: support@kefu.test",
    "Subject: Re: Your ticket",
    "Date: Fri, 27 Nov 2026 10:00:00 -0500",
    "Message-ID: <vacation-1@example.org>",
    "Precedence: bulk",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "I am away until Monday and will read your message when I return.",
    ""))

write("outlook-normal.eml", crlf(
    "From: Zhou Ba <zhou.ba@example.org>",
    "To: support@kefu.test",
    "Subject: Where is my order?",
    "Date: Fri, 27 Nov 2026 10:30:00 -0500",
    "Message-ID: <normal-outlook-1@example.org>",
    "X-Auto-Response-Suppress: All",
    "Thread-Topic: Where is my order?",
    "Content-Type: text/plain; charset=\"us-ascii\"",
    "",
    "Hello, my order has not arrived yet.",
    ""))

write("bounce-dsn.eml", crlf(
    "Return-Path: <>",
    "From: Mail Delivery System <MAILER-DAEMON@mx.kefu.test>",
    "To: support@kefu.test",
    "Subject: Undelivered Mail Returned to Sender",
    "Date: Sat, 28 Nov 2026 03:00:00 +0000 (UTC)",
    "Message-ID: <bounce-1@mx.kefu.test>",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=delivery-status;",
    "\tboundary=\"dsn-b\"",
    "",
    "This is a MIME-encapsulated message.",
    "",
    "--dsn-b",
    "Content-Description: Notification",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients.",
    "",
    "<nobody@nowhere.example>: host not found",
    "",
    "--dsn-b",
    "Content-Description: Delivery report",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.kefu.test",
    "",
    "Final-Recipient: rfc822; nobody@nowhere.example",
    "Action: failed",
    "Status: 5.1.2",
    "",
    "--dsn-b",
    "Content-Description: Undelivered Message Headers",
    "Content-Type: text/rfc822-headers",
    "",
    "From: support@kefu.test",
    "To: nobody@nowhere.example",
    "Subject: Re: Your ticket [#T-20261123-0042]",
    "",
    "--dsn-b--",
    ""))

write("broken-boundary.eml", crlf(
    "From: broken@example.com",
    "To: support@kefu.test",
    "Subject: broken",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"never-used\"",
    "",
    "--some-other-boundary",
    "Content-Type: text/plain",
    "",
    "this body sits under a boundary that is not declared",
    ""))

truncated = b64_lines(bytes(range(256)) * 4)
write("truncated-base64.eml", crlf(
    "From: mobile@example.com",
    "To: support@kefu.test",
    "Subject: photo from my phone",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"cut-b\"",
    "",
    "--cut-b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Photo attached.",
    "--cut-b",
    "Content-Type: application/octet-stream; name=\"data.bin\"",
    "Content-Transfer-Encoding: base64",
    "",
    truncated[:1000 + 1000 // 76 * 2 + 2]))  # cut mid-quantum, no closing boundary

write("no-from.eml", crlf(
    "To: support@kefu.test",
    "Subject: who am I",
    "Date: Sat, 28 Nov 2026 04:00:00 +0000",
    "",
    "No sender here.",
    ""))

write("empty.eml", b"")

utf8_subject = "关于退款进度的查询以及发票重新开具的申请，麻烦尽快处理"
raw = utf8_subject.encode("utf-8")
split_at = 31  # inside the 11th character: a multi-byte character split across two encoded words
write("folded-encoded.eml", crlf(
    "From: \"Qian, Jiu\" <qian.jiu@example.com>",
    "To: support@kefu.test, =?UTF-8?B?5a6i5pyN57uE?= <team@kefu.test>,",
    "\t\"Ops (night)\" <ops@kefu.test>",
    "Cc: undisclosed-recipients:;",
    "Subject: =?UTF-8?B?%s?=" % base64.b64encode(raw[:split_at]).decode("ascii"),
    " =?UTF-8?B?%s?=" % base64.b64encode(raw[split_at:]).decode("ascii"),
    "X-Long-Header: first part of a long",
    "   plain header value",
    "Date: Sun, 29 Nov 26 10:00 CST",
    "Message-ID: <folded-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain;",
    " charset=utf-8",
    "",
    "Folded headers.",
    ""))

write("reply-with-tag.eml", crlf(
    "From: Li Lei <li.lei@example.com>",
    "To: Kefu Support <support@kefu.test>",
    "Subject: Re: %s [#T-20261123-0042]" % word("订单还没有发货", "UTF-8"),
    "Date: Mon, 30 Nov 2026 08:15:00 +0800",
    "Message-ID: <reply-2@example.com>",
    "In-Reply-To: <kefu.reply-1@kefu.test>",
    "References: <plain-1@example.com>",
    " <kefu.reply-1@kefu.test>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8; format=flowed",
    "Content-Transfer-Encoding: 8bit",
    "",
    "还是没有收到。".encode("utf-8"),
    "",
    "> On 2026-11-23 Kefu wrote:",
    "> We are checking.",
    ""))

write("rfc2231-filename.eml", crlf(
    "From: finance@example.com",
    "To: support@kefu.test",
    "Subject: invoices",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"att-b\"",
    "",
    "--att-b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Two invoices attached.",
    "--att-b",
    "Content-Type: application/pdf",
    "Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines(PDF),
    "--att-b",
    "Content-Type: application/pdf; name=\"fallback.pdf\"",
    "Content-Disposition: attachment;",
    " filename*0*=gbk''%B6%A9%B5%A5;",
    " filename*1*=%B7%A2%C6%B1;",
    " filename*2=\"-2026.pdf\"",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines(PDF),
    "--att-b",
    "Content-Type: application/octet-stream",
    "Content-Transfer-Encoding: base64",
    "",
    b64_lines(b"\x00\x01\x02"),
    "--att-b--",
    ""))
