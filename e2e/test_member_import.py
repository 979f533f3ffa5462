"""Browser test for the member import on /members/import (issue 5, item 1).

Rules: R-MEM-1 (a bad row is reported by its line and column and nothing is imported; "import the good rows"
then imports the rest without a second upload), R-MEM-5 (a row matching a stored member updates it, kept in
its history).

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, sign_in

SUPERVISOR = "li.na"  # 客服主管: holds members.manage


def upload_members(page: Page, content: bytes, duplicates: str = "report") -> None:
    form = page.locator("form#member-import")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "会员名单.csv", "mimeType": "text/csv", "buffer": content}])
    form.locator(f"input[name=duplicates][value={duplicates}]").check()
    # The page's script posts the file with the CSRF header and reloads to show the outcome.
    with page.expect_navigation(url=re.compile(r"/members/import$")):
        form.locator("button.primary").click()


# R-MEM-1, R-MEM-5
def test_member_import_reports_the_bad_row_then_imports_the_good_rows(page: Page) -> None:
    suffix = f"{secrets.randbelow(10**8):08d}"
    phone, other = f"186{suffix}", f"187{suffix}"
    name = f"导入{suffix[-4:]}"
    csv = f"姓名,性别,手机,会员等级,标签\n{name},女,{phone},金卡,E2E\n坏行,男,12,银卡,\n".encode()

    sign_in(page, SUPERVISOR, DEMO_PASSWORD)
    page.goto("/members")
    page.locator("main a[href='/members/import']").click()
    expect(page.locator("main h1")).to_have_text("导入会员")

    # One bad row: its line and column are listed and nothing is imported.
    upload_members(page, csv)
    report = page.locator("#member-import-report")
    expect(report).to_contain_text("存在错误行，未导入任何会员")
    expect(report.locator("[data-report=bad_rows]")).to_have_text("1")
    expect(report.locator("#member-import-bad-rows tbody tr")).to_have_text(
        [re.compile(r"^3\s*手机\s*不是有效的电话号码。$")])
    page.goto(f"/members?q={phone}")
    expect(page.locator("main")).to_contain_text("没有找到会员。")

    # "Import the good rows" runs the same file again: the good row is imported, the bad one still listed.
    page.goto("/members/import")
    with page.expect_navigation(url=re.compile(r"/members/import$")):
        page.locator("#member-import-choices button[data-action=good_rows]").click()
    expect(report).to_contain_text("导入完成。")
    expect(report.locator("[data-report=imported]")).to_have_text("1")
    expect(report.locator("[data-report=bad_rows]")).to_have_text("1")

    page.goto(f"/members?q={phone}")
    row = page.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("金卡")

    # The same member again with a new phone: reported as a duplicate, then "update stored members" adds the phone.
    page.goto("/members/import")
    upload_members(page, f"姓名,手机,邮箱\n{name},{phone}/{other},\n".encode())
    expect(report).to_contain_text("已属于会员")
    with page.expect_navigation(url=re.compile(r"/members/import$")):
        page.locator("#member-import-choices button[data-action=update]").click()
    expect(report.locator("[data-report=updated]")).to_have_text("1")
    report.locator("#member-import-duplicates a").first.click()
    expect(page.locator("main")).to_contain_text(other)
