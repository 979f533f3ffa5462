"""Browser test of members and callbacks (issue 5, "Must show"): a member's order is delivered, callback generation
puts the follow-up call in the agent's list, the agent reaches the member, who is unsatisfied, and the ticket that
opens is on the member's timeline with the callback. Also: the demo's member and callback pages render.

Rules: R-CB-1 (a delivered order gets a callback, with the member's own agent), R-CB-2 (attempt, outcome,
suggestions; unsatisfied opens a linked ticket), R-CB-3 (the member's own rest hours decide when they may be
called: the test gives the member rest hours that leave the next hours free, so it passes at any time of day),
R-MEM-1 (the member's timeline), R-MEM-3 (the supervisor gives the member to the agent).

The server, browser and helpers are in conftest.py; the order desk's helpers in test_orders.py.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, path_of, run_kefu, sign_in
from test_orders import click_and_expect_status, enter_confirmed_phone_order

SUPERVISOR = "li.na"  # 李娜: creates the member, gives them an agent, approves, ships and delivers the order
CLERK = "yang.min"  # 杨敏: enters the phone order
AGENT = "chen.jing"  # 陈静, 会员服务组: makes the callback; no other browser test signs in as her


def rest_hours_away_from_now() -> str:
    """One hour of rest, eleven hours from now on the business clock (Asia/Shanghai): the next hours are free."""
    start = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=11)).replace(minute=0)
    return f"{start:%H:%M}-{start + timedelta(hours=1):%H:%M}"


def watch_for_errors(page: Page) -> list[str]:
    """Collects script errors and failed page, script, style and fetch responses (4xx/5xx) of `page`."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type in ("document", "script", "stylesheet", "xhr", "fetch") else None)
    return problems


# R-CB-1, R-CB-2, R-CB-3, R-MEM-1, R-MEM-3
def test_delivered_order_callback_unsatisfied_opens_a_ticket_on_the_members_timeline(new_context) -> None:
    tag = secrets.token_hex(3)
    phone = "171" + "".join(secrets.choice("0123456789") for _ in range(8))  # 171: a prefix no demo member has
    name = f"回访{tag}"
    words = f"T恤洗了一次就缩水，希望换一件并改进面料 {tag}"

    # 1. The supervisor enters the member in the browser, with rest hours of their own, and gives them to 陈静.
    supervisor = new_context().new_page()
    sign_in(supervisor, SUPERVISOR, DEMO_PASSWORD)
    supervisor.goto("/members")
    supervisor.locator("main a[href='/members/new']").click()
    form = supervisor.locator("form#member-form")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=gender]").select_option("female")
    form.locator("select[name=grade]").select_option("gold")
    form.locator("input[name=tags]").fill("E2E")
    form.locator("input[name=rest_hours]").fill(rest_hours_away_from_now())
    form.locator("textarea[name=phones]").fill(phone)
    for field, value in {"recipient": name, "phone": phone, "province": "浙江省", "city": "杭州市", "district": "西湖区",
                         "line": "文三路 90 号 3 幢 501 室"}.items():
        form.locator(f"input[name='addresses[0].{field}']").fill(value)
    form.locator("button.primary").click()
    expect(supervisor).to_have_url(re.compile(r"/members/\d+$"))
    expect(supervisor.locator(".flash")).to_contain_text("会员已建档")
    member_path = path_of(supervisor)
    expect(supervisor.locator("main h1")).to_contain_text(name)

    agent_form = supervisor.locator("form[data-testid=agent-form]")
    choice = agent_form.locator("select[name=agent_id] option", has_text="陈静")
    agent_form.locator("select[name=agent_id]").select_option(choice.get_attribute("value"))
    agent_form.locator("button").click()
    expect(supervisor.locator("[data-testid=agent-name]")).to_have_text("陈静")

    # 2. The order desk: a phone order for the member's number, approved, shipped and delivered.
    clerk = new_context().new_page()
    sign_in(clerk, CLERK, DEMO_PASSWORD)
    order_id = enter_confirmed_phone_order(clerk, name, phone)
    order_number = clerk.locator("main h1").inner_text().split()[0]
    order_path = f"/orders/{order_id}"
    supervisor.goto(order_path)
    click_and_expect_status(supervisor, "approve", "已审核")
    ship = supervisor.locator(f"form[action='{order_path}/ship']")
    ship.locator("input[name=carrier]").fill("顺丰速运")
    ship.locator("input[name=tracking_number]").fill(f"SF{tag.upper()}0005")
    click_and_expect_status(supervisor, "ship", "已发货")
    supervisor.locator(f"form[action='{order_path}/deliver'] input[name=proof]").fill("本人签收")
    click_and_expect_status(supervisor, "deliver", "已妥投")

    # 3. Callback generation, as the server runs it every five minutes: the delivery's callback goes to her.
    # (The server's own run may have come first; either way the callback is there once this returns.)
    printed = run_kefu("callbacks", "generate")
    assert printed.startswith("added "), printed

    # 4. 陈静 finds the call in today's list, callable now (the member's own rest hours are later), and opens it.
    agent = new_context().new_page()
    problems = watch_for_errors(agent)
    sign_in(agent, AGENT, DEMO_PASSWORD)
    agent.locator("nav.areas a[href='/callbacks']").click()
    expect(agent).to_have_url(re.compile(r"/callbacks$"))
    row = agent.locator("table[data-testid=calls] tbody tr", has_text=order_number)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("订单妥投回访")
    expect(row.locator(".badge.sla-met")).to_be_visible()  # callable now
    row.locator("a", has_text=name).click()
    expect(agent).to_have_url(re.compile(r"/callbacks/\d+$"))
    callback_path = path_of(agent)
    expect(agent.locator("main h1")).to_contain_text(name)
    expect(agent.locator("[data-testid=member] a[href='/orders/%d']" % order_id)).to_have_text(order_number)
    expect(agent.locator("[data-testid=script]")).to_be_visible()

    # 5. The call is answered; the member is unsatisfied and says why; a complaint is opened and linked.
    agent.locator("form[data-testid=attempt-form] button[value=answered]").click()
    expect(agent.locator(".flash")).to_contain_text("已记录拨打结果")
    expect(agent.locator("main table tbody tr", has_text="已接通")).to_have_count(1)
    outcome = agent.locator("form[data-testid=outcome-form]")
    outcome.locator("input[name=outcome][value=unsatisfied]").check()
    outcome.locator("textarea[name=suggestions]").fill(words)
    expect(outcome.locator("input[name=ticket_type][value=complaint]")).to_be_checked()
    outcome.locator("button.primary").click()
    expect(agent.locator(".flash")).to_contain_text("回访结果已保存")
    expect(agent).to_have_url(re.compile(re.escape(callback_path) + "$"))
    opened = agent.locator("a[data-testid=opened-ticket]")
    expect(opened).to_have_text(re.compile(r"^T-"))
    ticket_number = opened.inner_text().strip()
    expect(agent.locator("[data-testid=member]")).to_contain_text("不满意")
    expect(agent.locator("[data-testid=member]")).to_contain_text(words)
    expect(agent.locator("form[data-testid=outcome-form]")).to_have_count(0)

    # The ticket carries the member's words and shows the member beside it.
    opened.click()
    expect(agent).to_have_url(re.compile(r"/tickets/\d+$"))
    ticket_path = path_of(agent)
    expect(agent.locator("main h1")).to_contain_text(ticket_number)
    expect(agent.locator("main")).to_contain_text(words)
    expect(agent.locator("main")).to_contain_text(name)

    # 6. The member's page: the ticket, the callback and the order on the timeline.
    agent.goto(member_path)
    timeline = agent.locator("[data-testid=member-timeline]")
    ticket_entry = timeline.locator("li[data-kind=ticket]", has_text=ticket_number)
    expect(ticket_entry).to_have_count(1)
    expect(ticket_entry.locator("a")).to_have_attribute("href", ticket_path)
    callback_entry = timeline.locator(f"li[data-kind=callback]:has(a[href='{callback_path}'])")
    expect(callback_entry).to_have_count(1)
    expect(callback_entry).to_contain_text("不满意")
    expect(timeline.locator("li[data-kind=order]", has_text=order_number)).to_have_count(1)
    assert problems == [], problems


def test_demo_members_and_callbacks_pages_render(new_context) -> None:
    """The demo's thousands of members, a regular customer's page with orders, tickets and callbacks, and the
    callback lists of an agent and of the supervisor, without errors."""
    page = new_context().new_page()
    problems = watch_for_errors(page)
    sign_in(page, SUPERVISOR, DEMO_PASSWORD)

    page.goto("/members")
    rows = page.locator("main table tbody tr[data-testid^=member-]")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 25
    expect(page.locator("main .pager")).to_contain_text(re.compile(r"/ \d{4}"))
    page.goto("/members?grade=diamond")
    expect(rows.first).to_contain_text("钻石会员")

    # 张三, a regular customer since the demo's first orders: orders, tickets and callbacks on one timeline.
    page.goto("/members?q=张三")
    page.locator("main table tbody tr a", has_text="张三").first.click()
    expect(page).to_have_url(re.compile(r"/members/\d+$"))
    expect(page.locator("[data-testid=profile]")).to_contain_text("8000")
    timeline = page.locator("[data-testid=member-timeline]")
    expect(timeline.locator("li[data-kind=order]").first).to_be_visible()
    expect(timeline.locator("li[data-kind=callback]").first).to_be_visible()

    # The supervisor sees everyone's callbacks and the team's quota; an agent their own today and overdue.
    page.goto("/callbacks?assignee=all")
    expect(page.locator("table[data-testid=calls] tbody tr").first).to_be_visible()
    expect(page.locator("table[data-testid=overdue] tbody tr").first).to_be_visible()
    expect(page.locator("table[data-testid=team] tbody tr", has_text="陈静")).to_have_count(1)
    page.goto("/callbacks/report")
    expect(page.locator("main h1")).to_be_visible()

    agent = new_context().new_page()
    problems += watch_for_errors(agent)
    sign_in(agent, "zhang.wei", DEMO_PASSWORD)
    agent.goto("/callbacks")
    expect(agent.locator("[data-testid=quota]")).to_be_visible()
    calls = agent.locator("table[data-testid=calls] tbody tr")
    expect(calls.first).to_be_visible()
    calls.first.locator("a").first.click()
    expect(agent).to_have_url(re.compile(r"/callbacks/\d+$"))
    expect(agent.locator("[data-testid=script]")).to_be_visible()
    assert problems == [], problems
