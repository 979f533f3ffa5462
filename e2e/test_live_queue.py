"""Browser test of the live ticket queue and the call log (issue 4, items 5 and 9): an agent's queue page stays
open while a supervisor assigns a ticket through the API; the row arrives without a reload, in its place, with a
ticking countdown, and the count follows. The agent then logs the customer's call on that ticket.

Rules: R-TKT-2 (the call's ticket keeps its first-contact owner), R-TKT-8 (the call is an internal entry).

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from conftest import DEMO_PASSWORD, sign_in

AGENT = "zhang.wei"  # 张伟, agent: keeps "my queue" open
SUPERVISOR = "li.na"  # 李娜, supervisor: hands the ticket over through the API


def test_an_assigned_ticket_arrives_in_the_open_queue_and_a_call_is_logged_on_it(new_context) -> None:
    tag = secrets.token_hex(3)
    phone = "137" + "".join(secrets.choice("0123456789") for _ in range(8))
    subject = f"发票抬头要改成公司名 {tag}"

    agent = new_context().new_page()
    sign_in(agent, AGENT, DEMO_PASSWORD)
    agent.goto("/tickets")
    queue = agent.locator("table[data-live-queue]")
    expect(queue).to_have_attribute("data-live", "open")
    count = agent.locator("[data-queue-count]")
    before = int(count.inner_text())
    agent.evaluate("window.__notReloaded = true")
    me = agent.context.request.get("/api/v1/me")
    assert me.ok, me.text()
    agent_id = me.json()["id"]

    # The supervisor enters the ticket (it is theirs at first) and gives it to the agent, through the API.
    api = new_context().request
    token = api.post("/api/v1/auth/token", data={"login": SUPERVISOR, "password": DEMO_PASSWORD})
    assert token.status == 201, token.text()
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    created = api.post("/api/v1/tickets", headers=bearer, data={
        "type": "inquiry", "channel": "phone", "subject": subject, "body": "客户来电要求把发票抬头改成公司名称",
        "customer": {"name": "周先生", "phone": phone}})
    assert created.status == 201, created.text()
    ticket = created.json()
    assigned = api.post(f"/api/v1/tickets/{ticket['id']}/assign", headers=bearer, data={"assignee_id": agent_id})
    assert assigned.ok, assigned.text()

    # The row arrives without a reload: marked as new, in its place by time left, its countdown ticking.
    row = queue.locator(f"tr[data-ticket-id='{ticket['id']}']")
    expect(row).to_be_visible()
    expect(row).to_have_class(re.compile(r"live-new"))
    expect(row.locator("[data-testid=ticket-link]")).to_have_text(ticket["number"])
    expect(row).to_contain_text(subject)
    expect(count).to_have_text(str(before + 1))
    assert agent.evaluate("window.__notReloaded") is True
    countdown = row.locator("[data-countdown]")
    expect(countdown).to_have_text(re.compile(r"^−?(\d+d )?(\d+h )?\d+m( \d+s)?$"))
    shown = countdown.inner_text()
    expect(countdown).not_to_have_text(shown, timeout=3_000)
    dues = queue.locator("tr[data-ticket-id]").evaluate_all(
        "rows => rows.map(r => Date.parse(r.getAttribute('data-due') || '') || Infinity)")
    assert dues == sorted(dues), dues

    # The customer calls about it: the agent logs the call from the ticket page, the form filled in.
    row.locator("[data-testid=ticket-link]").click()
    expect(agent).to_have_url(re.compile(rf"/tickets/{ticket['id']}$"))
    agent.locator("[data-testid=log-call-link]").click()
    form = agent.locator("form[data-call-form]")
    expect(form.locator("input[name=ticket_number]")).to_have_value(ticket["number"])
    # Agents see contacts masked (R-MEM-4): the number is not filled in; the agent types the caller's number.
    expect(form.locator("input[name=caller_phone]")).to_have_value("")
    expect(form.locator("[data-call-new]")).to_be_hidden()
    form.locator("input[name=caller_phone]").fill(phone)
    expect(form.locator("[data-testid=call-suggestions]")).to_contain_text(ticket["number"])
    form.locator("input[name=answered_after]").fill("20")
    form.locator("input[name=duration]").fill("2:05")
    form.locator("textarea[name=summary]").fill(f"客户确认公司名称和税号，已转财务重开 {tag}")
    form.locator("[data-testid=log-call]").click()
    expect(agent).to_have_url(re.compile(rf"/tickets/{ticket['id']}#call-\d+$"))
    expect(agent.locator(".flash")).to_contain_text("通话已记录")
    entry = agent.locator("ol.conversation li[data-internal]", has_text=tag)
    expect(entry.locator("[data-testid=call-facts]")).to_contain_text("来电")
    expect(entry.locator("[data-testid=call-facts]")).to_contain_text("2:05")
    expect(entry.locator("[data-testid=call-slow]")).to_be_visible()
    expect(agent.locator("[data-testid=ticket-owner]")).to_have_text("李娜")

    # On a blank form, typing the caller's number offers their open tickets and switches to "existing ticket".
    agent.goto("/tickets/calls/new")
    form = agent.locator("form[data-call-form]")
    form.locator("input[name=caller_phone]").fill(phone)
    expect(form.locator("[data-testid=call-suggestions]")).to_contain_text(ticket["number"])
    expect(form.locator("[data-call-existing]")).to_be_visible()
    agent.goto("/tickets/calls")
    expect(agent.locator("[data-testid=call-row]", has_text=ticket["number"])).to_have_count(1)
