"""Browser test of service tickets (issue 4): a complaint from the customers' web form through every stage
of the closed loop to the follow-up, as agent, supervisor and manager, with the SLA countdown live on the
ticket page.

Rules: R-TKT-4 (SLA clocks, live countdown), R-TKT-5 (the complaint loop, no stage skipped, the solution
approved by a supervisor), R-TKT-6 (a major complaint goes to the manager), R-TKT-8 (internal notes never
reach the customer), R-TKT-9 (the customer follows the ticket with its number and phone).

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, sign_in

AGENT = "zhang.wei"  # 张伟, agent, 售前一组: takes the complaint through the loop
SUPERVISOR = "li.na"  # 李娜, supervisor of 售前一组: approves the solution
MANAGER = "wang.fang"  # 王芳, manager: told of every major complaint

# tickets.stage.* in zh-Hans.json
STAGE = {
    "received": "已登记",
    "accepted": "已受理",
    "judged": "已判定有效",
    "classified": "已分类定级",
    "assigned": "已指派部门",
    "investigated": "已调查",
    "proposed": "已提出方案",
    "approved": "方案已批准",
    "implemented": "已实施",
    "confirmed": "客户已确认",
    "followed_up": "已回访",
    "archived": "已归档",
}

# event.complaint.* in zh-Hans.json: what the ticket's history calls each step.
HISTORY = ["受理投诉", "判定投诉", "投诉分类定级", "投诉升级", "指派责任部门", "投诉调查", "提出解决方案", "审批方案",
           "实施方案", "客户确认", "回访", "投诉归档"]


def stage_of(page: Page):
    return page.locator("[data-testid=complaint-stage]")


def complaint_step(page: Page, action: str, reaches: str, fields: dict[str, str] | None = None,
                   choice: tuple[str, str] | None = None) -> None:
    """Fills the loop's next-step form (it must offer `action`), submits it and waits for the stage `reaches`."""
    form = page.locator("form[data-testid=complaint-next]")
    expect(form).to_have_attribute("data-step", action)
    before = stage_of(page).inner_text()
    for name, value in (fields or {}).items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    if choice:
        form.locator(f"input[name={choice[0]}][value={choice[1]}]").check()
    form.locator("[data-testid=complaint-submit]").click()
    expect(page.locator(".flash")).to_contain_text("已保存")
    expect(stage_of(page)).to_have_text(STAGE[reaches])
    assert STAGE[reaches] != before
    expect(page.locator("[data-testid=complaint-loop] ol.stages li.current")).to_have_text(STAGE[reaches])
    errors = page.locator("ul.errors, [data-testid=invalid-state], [data-testid=conflict]")
    expect(errors).to_have_count(0)


def test_complaint_from_web_form_through_the_loop_R_TKT_5(new_context) -> None:
    tag = secrets.token_hex(3)
    phone = "139" + "".join(secrets.choice("0123456789") for _ in range(8))
    subject = f"电水壶第一次使用就漏水 {tag}"
    reply_text = f"您好，您的投诉我们已受理，会尽快给您答复。{tag}"
    note_text = f"内部：疑似仓库发出了退货翻新机，先别告诉客户 {tag}"

    # 1. The customer files a complaint on the web form and is given the ticket number.
    customer = new_context().new_page()
    customer.goto("/support")
    form = customer.locator("[data-testid=support-form] form")
    form.locator("select[name=type]").select_option("complaint")
    form.locator("input[name=subject]").fill(subject)
    form.locator("textarea[name=body]").fill("11 月 20 日收到的电水壶，第一次烧水底座就漏水，差点触电。希望换一台新的。")
    form.locator("input[name=customer_name]").fill("赵敏")
    form.locator("input[name=customer_phone]").fill(phone)
    form.locator("input[name=customer_email]").fill(f"zhao.min.{tag}@example.com")
    form.locator("[data-testid=support-submit]").click()
    expect(customer.locator("[data-testid=support-submitted]")).to_be_visible()
    number_badge = customer.locator("[data-testid=ticket-number]")
    expect(number_badge).to_have_text(re.compile(r"\S+"))
    number = number_badge.inner_text().strip()

    # 2. The agent finds it in the team queue by its number and opens it; the SLA countdown ticks.
    agent = new_context().new_page()
    sign_in(agent, AGENT, DEMO_PASSWORD)
    agent.goto("/tickets?tab=team")
    search = agent.locator("form[role=search]")
    search.locator("input[name=q]").fill(number)
    search.locator("button").click()
    expect(agent).to_have_url(re.compile(r"[?&]q="))
    link = agent.locator("[data-testid=ticket-link]", has_text=number)
    expect(link).to_have_count(1)
    link.click()
    expect(agent).to_have_url(re.compile(r"/tickets/\d+$"))
    ticket_url = agent.url
    expect(agent.locator("h1")).to_contain_text(number)
    expect(agent.locator("h1")).to_contain_text(subject)
    expect(stage_of(agent)).to_have_text(STAGE["received"])

    countdown = agent.locator("aside [data-countdown]").first
    expect(countdown).to_be_visible()
    expect(countdown).to_have_text(re.compile(r"^−?(\d+d )?(\d+h )?\d+m( \d+s)?$"))
    shown = countdown.inner_text()
    # The one deliberate wait: the countdown redraws every second, so within 3 s its text is different.
    expect(countdown).not_to_have_text(shown, timeout=3_000)

    # 3. The loop, step by step; a reply to the customer and an internal note on the way.
    complaint_step(agent, "accept", "accepted", {"demand": "换一台新的电水壶，并说明漏水原因"})

    reply = agent.locator("form[data-reply-form]")
    reply.locator("input[name=kind][value=reply]").check()
    reply.locator("textarea[name=body]").fill(reply_text)
    reply.locator("[data-testid=send-message]").click()
    expect(agent.locator(".flash")).to_contain_text("已回复客户")
    reply = agent.locator("form[data-reply-form]")
    reply.locator("input[name=kind][value=note]").check()
    reply.locator("textarea[name=body]").fill(note_text)
    reply.locator("[data-testid=send-message]").click()
    expect(agent.locator(".flash")).to_contain_text("内部备注已保存")
    expect(agent.locator("ol.conversation li[data-internal]", has_text=note_text)).to_have_count(1)
    expect(agent.locator("ol.conversation li:not([data-internal])", has_text=reply_text)).to_have_count(1)

    complaint_step(agent, "judge", "judged", choice=("valid", "true"))
    complaint_step(agent, "classify", "classified", {"category": "product_quality", "severity": "major"})
    expect(agent.locator(".ticket-badges .severity-major")).to_have_text("重大")
    complaint_step(agent, "assign", "assigned", {"department": "warehouse"})
    complaint_step(agent, "investigate", "investigated",
                   {"evidence": "客户照片：底座密封圈缺失；出库记录 批次 K-2611", "root_cause": "仓库把退货翻新品当新品发出"})
    complaint_step(agent, "propose", "proposed", {"solution": "换新一台，并补偿 50 元优惠券"})

    # The agent may not approve their own solution: the page says it waits for a supervisor.
    expect(agent.locator("form[data-testid=complaint-next]")).to_have_count(0)
    expect(agent.locator("[data-testid=awaiting-approval]")).to_be_visible()

    supervisor = new_context().new_page()
    sign_in(supervisor, SUPERVISOR, DEMO_PASSWORD)
    supervisor.goto(ticket_url)
    expect(stage_of(supervisor)).to_have_text(STAGE["proposed"])
    complaint_step(supervisor, "approve", "approved", choice=("approved", "true"))
    approvals = supervisor.context.request.get("/api/v1/notifications")
    assert approvals.ok, approvals.text()
    assert any(n["kind"] == "complaint.approval_needed" and number in n["summary"] for n in approvals.json()["items"]), \
        approvals.json()

    agent.goto(ticket_url)
    expect(stage_of(agent)).to_have_text(STAGE["approved"])
    complaint_step(agent, "implement", "implemented", {"remedy": "replace", "detail": "新机已由顺丰寄出，单号 SF1234567890"})
    complaint_step(agent, "confirm", "confirmed", {"confirmation": "客户电话确认已收到新机，使用正常"})
    expect(agent.locator("[data-testid=ticket-state]")).to_have_text("已解决")
    complaint_step(agent, "follow-up", "followed_up", {"outcome": "三天后回访，客户满意"})
    complaint_step(agent, "archive", "archived")
    expect(agent.locator("form[data-testid=complaint-next]")).to_have_count(0)
    expect(agent.locator("[data-testid=ticket-state]")).to_have_text("已关闭")
    loop = agent.locator("[data-testid=complaint-loop]")
    expect(loop.locator(".step")).to_have_count(11)  # accept … archive, one each
    expect(loop).to_contain_text("仓库把退货翻新品当新品发出")
    expect(loop).to_contain_text("换货")  # the remedy, by its label

    # 4. The manager was told of the major complaint, and the history lists every step.
    manager = new_context().new_page()
    sign_in(manager, MANAGER, DEMO_PASSWORD)
    notifications = manager.context.request.get("/api/v1/notifications")
    assert notifications.ok, notifications.text()
    major = [n for n in notifications.json()["items"] if n["kind"] == "complaint.major" and number in n["summary"]]
    assert len(major) == 1, notifications.json()
    assert major[0]["entity"] == "ticket" and ticket_url.endswith(f"/tickets/{major[0]['entity_id']}")
    manager.goto(ticket_url)
    expect(manager.locator("h1")).to_contain_text(number)
    history = manager.locator("section.card", has=manager.locator("h2", has_text="操作记录")).locator("tbody")
    for label in HISTORY:
        expect(history.locator("td", has_text=re.compile(f"^{label}$")).first).to_be_visible()

    # 5. The customer follows the ticket: state and reply, but never the internal note.
    customer.goto("/support/status")
    lookup = customer.locator("[data-testid=support-lookup] form")
    lookup.locator("input[name=number]").fill(number)
    lookup.locator("input[name=contact]").fill(phone)
    lookup.locator("[data-testid=lookup]").click()
    seen = customer.locator("[data-testid=support-ticket]")
    expect(seen.locator("h1")).to_have_text(number)
    expect(seen.locator("[data-testid=ticket-state]")).to_have_text("已关闭")
    expect(seen.locator("ol.conversation")).to_contain_text(reply_text)
    expect(seen.locator("ol.conversation li[data-kind=note]")).to_have_count(0)
    assert note_text not in customer.content()
    assert "翻新" not in seen.inner_text()
