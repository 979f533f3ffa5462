"""Browser tests for the order desk: phone entry with read-back, review by a second person, shipping,
delivery, completion, the order's history, and the order list search.

Rules: R-ORD-3 (a phone order is saved only once read back and confirmed), R-ORD-4 (review by someone
other than the enterer), R-ORD-13 (ship with carrier and tracking number), R-ORD-14 (proof of delivery,
then completion), R-ORD-19 (the order's history, oldest first, never edited).

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, path_of, sign_in

CLERK = "yang.min"  # order clerk: enters, completes
SUPERVISOR = "li.na"  # supervisor: reviews, ships, delivers

# Demo catalogue (DemoData+Orders.swift).
TSHIRT = ("FS-1001", "纯棉短袖T恤 白色 L", "¥59.00")
PILLOW = ("JJ-1001", "记忆棉枕头", "¥129.00")

ADDRESS = {"province": "浙江省", "city": "杭州市", "district": "西湖区", "line": "文三路 90 号 3 幢 501 室"}


def order_id_of(page: Page) -> int:
    match = re.fullmatch(r"/orders/(\d+)", path_of(page))
    assert match, f"not on an order page: {page.url}"
    return int(match.group(1))


def status_badge(page: Page):
    return page.locator("[data-testid=order-status]")


def open_entry_form(page: Page) -> None:
    """From the order list, follows the "录入订单" link to the entry form."""
    page.goto("/orders")
    link = page.locator("main a[href='/orders/new']")
    expect(link).to_have_text("录入订单")
    link.click()
    expect(page).to_have_url(re.compile(r"/orders/new$"))
    expect(page.locator("form#order-entry")).to_be_visible()


def fill_phone_order(page: Page, customer: str, phone: str) -> None:
    """Fills a phone, cash-on-delivery order: FS-1001 ×2 and JJ-1001 ×1 at catalogue prices (¥247.00)."""
    form = page.locator("form#order-entry")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("input[name=customer_name]").fill(customer)
    form.locator("input[name=customer_phone]").fill(phone)
    form.locator("select[name=payment_method]").select_option("cod")
    form.locator("input[name=recipient]").fill(customer)
    form.locator("input[name=address_phone]").fill(phone)
    for name, value in ADDRESS.items():
        form.locator(f"input[name={name}]").fill(value)
    for index, (sku, quantity) in enumerate([(TSHIRT[0], "2"), (PILLOW[0], "1")]):
        form.locator(f"input[name='items[{index}][sku]']").fill(sku)
        form.locator(f"input[name='items[{index}][quantity]']").fill(quantity)
        # items[i][unit_price] stays empty: the catalogue price applies.
        expect(form.locator(f"input[name='items[{index}][unit_price]']")).to_have_value("")


def submit_entry(page: Page):
    """Submits the entry form and returns the response to the POST."""
    with page.expect_response(lambda r: r.request.method == "POST" and path_of_url(r.url) == "/orders") as posted:
        page.locator("form#order-entry button[type=submit].primary").click()
    page.wait_for_load_state()
    return posted.value


def path_of_url(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0]


def enter_confirmed_phone_order(page: Page, customer: str, phone: str) -> int:
    """Enters a read-back, confirmed phone order through the form; returns its id."""
    open_entry_form(page)
    fill_phone_order(page, customer, phone)
    page.locator("[data-testid=confirmed]").check()
    response = submit_entry(page)
    assert response.status in (302, 303), f"entry answered {response.status}: {page.locator('main').inner_text()}"
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    return order_id_of(page)


def click_and_expect_status(page: Page, testid: str, status: str) -> None:
    """Clicks an action button on the order page; the form posts, redirects back, and shows `status`."""
    button = page.locator(f"[data-testid={testid}]")
    expect(button).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        button.click()
    page.wait_for_load_state()
    assert posted.value.status in (302, 303), (
        f"{testid} answered {posted.value.status}: {page.locator('main').inner_text()}")
    expect(status_badge(page)).to_have_text(status)


# R-ORD-3, R-ORD-4, R-ORD-13, R-ORD-14, R-ORD-19
def test_phone_order_read_back_review_ship_deliver_complete_and_history(new_context) -> None:
    suffix = secrets.token_hex(3)
    customer = f"王芳{suffix}"
    phone = "13800138000"

    # 1. The clerk opens the entry form from the order list and fills a phone order.
    clerk = new_context().new_page()
    sign_in(clerk, CLERK, DEMO_PASSWORD)
    open_entry_form(clerk)
    fill_phone_order(clerk, customer, phone)

    # Running total and read-back summary, computed in the page from the catalogue prices.
    expect(clerk.locator("[data-total]")).to_have_text("¥247.00")
    readback = clerk.locator("[data-readback-summary]")
    for text in (TSHIRT[1], TSHIRT[0], PILLOW[1], PILLOW[0], "¥247.00", "".join(ADDRESS.values()), customer, phone):
        expect(readback).to_contain_text(text)

    # 2. R-ORD-3: not saved without the read-back confirmation; the form keeps what was typed.
    response = submit_entry(clerk)
    assert response.status == 422, f"unconfirmed phone order answered {response.status}"
    assert path_of(clerk) == "/orders"
    expect(clerk.locator("main ul.errors")).to_contain_text("复述")
    expect(clerk.locator("input[name=customer_name]")).to_have_value(customer)
    expect(clerk.locator("input[name='items[0][sku]']")).to_have_value(TSHIRT[0])
    expect(clerk.locator("input[name='items[1][quantity]']")).to_have_value("1")
    expect(clerk.locator("select[name=payment_method]")).to_have_value("cod")
    expect(clerk.locator("[data-total]")).to_have_text("¥247.00")
    confirmed = clerk.locator("[data-testid=confirmed]")
    expect(confirmed).not_to_be_checked()

    confirmed.check()
    response = submit_entry(clerk)
    assert response.status in (302, 303), f"confirmed entry answered {response.status}: {clerk.locator('main').inner_text()}"
    expect(clerk).to_have_url(re.compile(r"/orders/\d+$"))
    order_id = order_id_of(clerk)
    order_path = f"/orders/{order_id}"
    expect(status_badge(clerk)).to_have_text("待审核")
    number = clerk.locator("main h1").inner_text().split()[0]
    assert re.fullmatch(r"O-\d{8}-\d{4}", number), number
    main = clerk.locator("main")
    expect(main).to_contain_text(TSHIRT[1])
    expect(main).to_contain_text(PILLOW[1])
    expect(main).to_contain_text("¥247.00")

    # 3. R-ORD-4: the person who entered the order cannot approve it — no button, and the server refuses too.
    expect(clerk.locator("[data-testid=approve]")).to_have_count(0)
    csrf = clerk.locator("main form[action$='/notes'] input[name=_csrf]").input_value()
    refused = clerk.request.post(f"{order_path}/approve", form={"_csrf": csrf}, max_redirects=0)
    assert refused.status == 403, f"self-approval answered {refused.status}"
    clerk.reload()
    expect(status_badge(clerk)).to_have_text("待审核")

    # 4. The supervisor, in another browser: approve, ship (R-ORD-13), deliver (R-ORD-14).
    supervisor = new_context().new_page()
    sign_in(supervisor, SUPERVISOR, DEMO_PASSWORD)
    supervisor.goto(order_path)
    expect(status_badge(supervisor)).to_have_text("待审核")
    expect(supervisor.locator("[data-testid=complete]")).to_have_count(0)
    click_and_expect_status(supervisor, "approve", "已审核")
    expect(supervisor.locator("[data-testid=approve]")).to_have_count(0)

    ship_form = supervisor.locator(f"form[action='{order_path}/ship']")
    ship_form.locator("input[name=carrier]").fill("顺丰速运")
    ship_form.locator("input[name=tracking_number]").fill(f"SF{suffix.upper()}0001")
    click_and_expect_status(supervisor, "ship", "已发货")
    expect(supervisor.locator("main")).to_contain_text(f"SF{suffix.upper()}0001")

    supervisor.locator(f"form[action='{order_path}/deliver'] input[name=proof]").fill("本人签收")
    click_and_expect_status(supervisor, "deliver", "已妥投")

    # 5. Back to the clerk: once the customer confirms receipt, the order is completed (R-ORD-14).
    clerk.reload()
    expect(status_badge(clerk)).to_have_text("已妥投")
    click_and_expect_status(clerk, "complete", "已完结")
    expect(clerk.locator("[data-testid=complete]")).to_have_count(0)

    # 6. R-ORD-19: the history, oldest first, with who did what.
    rows = clerk.locator("[data-testid=history] tbody tr")
    expect(rows).to_have_count(5)
    history = [(row.locator("td").nth(1).inner_text().strip(), row.locator("td").nth(2).inner_text().strip())
               for row in rows.all()]
    assert history == [
        (CLERK, "录入订单"),
        (SUPERVISOR, "审核通过"),
        (SUPERVISOR, "发货"),
        (SUPERVISOR, "妥投"),
        (CLERK, "完结"),
    ], history

    # The supervisor sees the same history.
    supervisor.reload()
    expect(supervisor.locator("[data-testid=history] tbody tr td:nth-child(3)")).to_have_text(
        ["录入订单", "审核通过", "发货", "妥投", "完结"])


def test_order_list_search_by_number(new_context) -> None:
    suffix = secrets.token_hex(3)
    clerk = new_context().new_page()
    sign_in(clerk, CLERK, DEMO_PASSWORD)
    order_id = enter_confirmed_phone_order(clerk, f"赵磊{suffix}", "13900139000")
    number = clerk.locator("main h1").inner_text().split()[0]
    assert re.fullmatch(r"O-\d{8}-\d{4}", number), number

    # The unfiltered list has more than this one order (the demo data has some).
    clerk.goto("/orders")
    expect(clerk.locator("main table tbody tr").first).to_be_visible()
    assert clerk.locator("main table tbody tr a[href^='/orders/']").count() > 1

    # Searching for the number finds exactly that order; the search box keeps the query.
    clerk.goto(f"/orders?q={number}")
    rows = clerk.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    link = rows.locator("a[href^='/orders/']")
    expect(link).to_have_text(number)
    expect(link).to_have_attribute("href", f"/orders/{order_id}")
    expect(rows).to_contain_text(f"赵磊{suffix}")
    expect(rows).to_contain_text("¥247.00")
    expect(rows).to_contain_text("待审核")
    expect(clerk.locator("main form[role=search] input[name=q]")).to_have_value(number)

    # The same search through the form.
    clerk.goto("/orders")
    clerk.locator("main form[role=search] input[name=q]").fill(number)
    clerk.locator("main form[role=search] button").click()
    expect(clerk).to_have_url(re.compile(r"/orders\?.*q=" + re.escape(number)))
    expect(clerk.locator("main table tbody tr")).to_have_count(1)
    expect(clerk.locator("main table tbody tr a[href^='/orders/']")).to_have_attribute("href", f"/orders/{order_id}")

    # An order number that does not exist finds nothing.
    clerk.goto("/orders?q=O-19990101-9999")
    expect(clerk.locator("main table tbody tr")).to_have_count(1)
    expect(clerk.locator("main table tbody tr a[href^='/orders/']")).to_have_count(0)
