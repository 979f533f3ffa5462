"""Browser tests for the imports: a Taobao order export on /orders/import, and the product list on
/catalog/import.

Rules: R-ORD-2 (one bad row is reported by its line and nothing is imported), R-ORD-1 (a platform export
becomes orders; with "import the good rows" the good ones are imported and the bad row still reported).

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, DEMO_PASSWORD, sign_in

CLERK = "yang.min"  # order clerk: may import orders

# The header of the Taobao preset (OrderImportMapping+Presets.swift); the demo catalogue has FS-1001 and JJ-1001.
TAOBAO_HEADER = "订单编号,买家会员名,收货人姓名,联系手机,收货地址,商家编码,宝贝数量,商品价格,支付方式"
ADDRESS = "浙江省 杭州市 西湖区 文三路100号"


def taobao_export(prefix: str) -> bytes:
    """Three orders; the third (line 4) names a product the catalogue does not have."""
    rows = [
        f"{prefix}-1,buyer1,张三,13800138000,{ADDRESS},FS-1001,2,59.00,在线支付",
        f"{prefix}-2,buyer2,李四,13912345678,{ADDRESS},JJ-1001,1,129.00,在线支付",
        f"{prefix}-3,buyer3,王芳,13698765432,{ADDRESS},NOPE-404,1,10.00,在线支付",
    ]
    return ("\n".join([TAOBAO_HEADER, *rows]) + "\n").encode("utf-8")


def upload_orders(page: Page, content: bytes, good_rows: bool) -> None:
    form = page.locator("form[data-import]")
    form.locator("select[name=preset]").select_option("taobao")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "淘宝订单.csv", "mimeType": "text/csv", "buffer": content}])
    form.locator("input[name=import_good_rows]").set_checked(good_rows)
    form.locator("button.primary").click()


def report_cell(page: Page, key: str):
    return page.locator(f"[data-import-report] [data-report={key}]")


def orders_found(page: Page, query: str):
    page.goto(f"/orders?q={query}")
    return page.locator("main table tbody tr a[href^='/orders/']")


# R-ORD-2, R-ORD-1
def test_order_import_reports_the_bad_row_then_imports_the_good_rows(page: Page) -> None:
    prefix = f"TB{secrets.token_hex(4)}"
    export = taobao_export(prefix)
    sign_in(page, CLERK, DEMO_PASSWORD)
    page.goto("/orders")
    page.locator("main nav.tabs a[href='/orders/import']").click()
    expect(page.locator("main h1")).to_have_text("导入订单")

    # One bad row: the report names line 4 and why, and nothing is imported.
    upload_orders(page, export, good_rows=False)
    report = page.locator("[data-import-report]")
    expect(report).to_be_visible()
    expect(report.locator("[data-import-message]")).to_contain_text("存在错误行，未导入任何订单")
    expect(report_cell(page, "total_rows")).to_have_text("3")
    expect(report_cell(page, "imported")).to_have_text("0")
    expect(report_cell(page, "bad_rows")).to_have_text("1")
    bad = report.locator("[data-import-bad] tbody tr")
    expect(bad).to_have_count(1)
    expect(bad.locator("td").nth(0)).to_have_text("4")
    expect(bad.locator("td").nth(2)).to_have_text("商品 NOPE-404 不存在。")
    for number in (f"{prefix}-1", f"{prefix}-2"):
        expect(orders_found(page, number)).to_have_count(0)

    # The same file with "import the good rows": the two good orders are imported, the bad row still reported.
    page.goto("/orders/import")
    upload_orders(page, export, good_rows=True)
    expect(report_cell(page, "imported")).to_have_text("2")
    expect(report_cell(page, "bad_rows")).to_have_text("1")
    expect(page.locator("[data-import-report] [data-import-bad] tbody tr td").first).to_have_text("4")

    # The list finds each good order by its platform number (the search matches it exactly).
    for number, total in ((f"{prefix}-1", "¥118.00"), (f"{prefix}-2", "¥129.00")):
        expect(orders_found(page, number)).to_have_count(1)
        row = page.locator("main table tbody tr")
        expect(row).to_contain_text(number)
        expect(row).to_contain_text("淘宝")
        expect(row).to_contain_text(total)
    expect(orders_found(page, f"{prefix}-3")).to_have_count(0)


def upload_catalogue(page: Page, kind: str, content: bytes) -> None:
    form = page.locator("form#catalog-import")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "商品清单.csv", "mimeType": "text/csv", "buffer": content}])
    # The page's script posts the file and reloads to show the outcome.
    with page.expect_navigation(url=re.compile(r"/catalog/import$")):
        form.locator("button.primary").click()


def test_catalogue_import_shows_the_summary_and_the_product_is_listed(page: Page) -> None:
    sku = f"E2E-{secrets.token_hex(3).upper()}"
    name = f"羊毛围巾 {sku}"
    header = "商品编码,商品名称,供货商编码,单价,库存,启用"
    sign_in(page, ADMIN_LOGIN, ADMIN_PASSWORD)
    page.locator("nav.areas a[href='/catalog']").click()
    expect(page.locator("main h1")).to_contain_text("商品库")
    page.locator("main nav.tabs a[href='/catalog/import']").click()
    expect(page.locator("main h1")).to_have_text("导入商品库")

    # A row naming a supplier that does not exist: its line and reason are listed, nothing is written.
    upload_catalogue(page, "products", f"{header}\n{sku},{name},HZFS,39.90,12,是\nE2E-BAD,坏行,NOPE,1,1,是\n".encode())
    report = page.locator("#catalog-import-report")
    expect(report).to_contain_text("存在错误行，未写入任何数据")
    expect(report.locator("[data-report=bad_rows]")).to_have_text("1")
    expect(report.locator("#catalog-import-bad-rows tbody tr")).to_have_text([re.compile(r"^3\s*供货商编码\s*供货商 NOPE 不存在。$")])
    page.goto(f"/catalog?q={sku}")
    expect(page.locator("main table tbody")).to_contain_text("没有符合条件的商品。")

    # The good file: the summary, then the product in the catalogue with its price in yuan.
    page.goto("/catalog/import")
    good = f"{header}\n{sku},{name},HZFS,39.90,12,是\n{sku}-2,围巾礼盒 {sku},,9.5,,否\n".encode()
    upload_catalogue(page, "products", good)
    expect(report).to_contain_text("导入完成。")
    expect(report.locator("[data-report=total_rows]")).to_have_text("2")
    expect(report.locator("[data-report=imported]")).to_have_text("2")
    expect(report.locator("[data-report=bad_rows]")).to_have_text("0")

    # The same file again changes nothing.
    upload_catalogue(page, "products", good)
    expect(report.locator("[data-report=unchanged]")).to_have_text("2")
    expect(report.locator("[data-report=imported]")).to_have_text("0")

    page.goto("/catalog")
    page.locator("main form[role=search] input[name=q]").fill(sku)
    page.locator("main form[role=search] button").click()
    row = page.locator(f"main table tbody tr[data-testid='product-{sku}']")
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("¥39.90")
    expect(row).to_contain_text("杭州服饰有限公司")
    expect(row).to_contain_text("启用")
    inactive = page.locator(f"main table tbody tr[data-testid='product-{sku}-2']")
    expect(inactive).to_contain_text("¥9.50")
    expect(inactive.locator(".badge.off")).to_have_text("停用")
