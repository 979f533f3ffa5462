"""Browser tests of the script library (R-QA-1) and shift handovers (R-TKT-12): the bits that need JavaScript.

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, sign_in


def test_script_library_filters_as_you_type_and_copies_R_QA_1(new_context) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sign_in(page, "zhang.wei", DEMO_PASSWORD)
    page.locator("nav.areas a[href='/scripts']").click()
    expect(page.locator("h1")).to_contain_text("规范用语")
    groups = page.locator("[data-script-group]")
    total = groups.count()
    assert total >= 16

    search = page.locator("[data-script-filter]")
    search.press_sequentially("久等")
    expect(page.locator("#situation-greeting")).to_be_hidden()
    visible = page.locator("[data-script]:visible [data-script-body]")
    expect(visible.first).to_be_visible()
    assert all("久等" in text for text in visible.all_inner_texts())
    search.fill("no such phrase")
    search.dispatch_event("input")
    expect(page.locator("[data-script-none]")).to_be_visible()
    search.fill("")
    search.dispatch_event("input")
    expect(page.locator("[data-script-group]:visible")).to_have_count(total)

    first = page.locator("#situation-silence [data-script]").first
    button = first.locator("[data-copy-script]")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == first.locator("[data-script-body]").inner_text()

    # A situation reloads the page filtered by the server, as the form would without JavaScript.
    page.locator("[data-script-situation]").select_option("thanks")
    expect(page).to_have_url(re.compile(r"situation=thanks"))
    expect(page.locator("[data-script-group]")).to_have_count(1)


def test_handover_rows_are_added_and_each_item_acknowledged_R_TKT_12(new_context) -> None:
    writer = new_context().new_page()
    sign_in(writer, "zhang.wei", DEMO_PASSWORD)
    writer.goto("/handovers")
    form = writer.locator("#handover-form")
    expect(form.locator("[data-handover-row]")).to_have_count(3)
    form.locator("input[name=shift]").fill("晚班")
    form.locator("input[name='items[0].content']").fill("客户催发货，已联系仓库")
    form.locator("input[name='items[0].reference']").fill("O-20261123-0001")
    form.locator("[data-add-handover-row]").click()
    expect(form.locator("[data-handover-row]")).to_have_count(4)
    form.locator("input[name='items[3].content']").fill("投诉回访：王先生")
    form.locator("button.primary").click()
    expect(writer.locator(".flash")).to_contain_text("交接已提交")
    card = writer.locator("section[id^=handover-]").first
    expect(card).to_contain_text("客户催发货，已联系仓库")
    expect(card).to_contain_text("投诉回访：王先生")
    expect(card.locator("text=等待接班人确认")).to_have_count(2)

    incoming = new_context().new_page()
    sign_in(incoming, "chen.jing", DEMO_PASSWORD)
    incoming.goto("/handovers?open=true")
    card = incoming.locator("section[id^=handover-]").first
    card.locator("button", has_text="确认接收").first.click()
    expect(incoming.locator(".flash")).to_contain_text("已确认接收")
    card = incoming.locator("section[id^=handover-]").first
    expect(card).to_contain_text("陈静")
    expect(card).to_contain_text("已确认 1/2")
