"""Browser smoke tests for Kefu: sign-in, language, throttling, staff accounts, shortcuts.

The server, browser and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from conftest import (
    ADMIN_LOGIN,
    ADMIN_NAME,
    ADMIN_PASSWORD,
    ARTIFACTS,
    DEMO_PASSWORD,
    admin_link,
    open_user_menu,
    path_of,
    sign_in,
    sign_out,
)


# MARK: Tests


def test_sign_in_language_switch_and_sign_out(page: Page, new_context) -> None:
    sign_in(page, ADMIN_LOGIN, ADMIN_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_contain_text("您好")
    expect(page.locator("h1")).to_contain_text(ADMIN_NAME)
    expect(admin_link(page)).to_have_text("管理")
    expect(page.locator("nav.areas")).to_contain_text("我的工作")

    # The home page, in Chinese, for people to look at.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)

    # Switch to English through the user menu.
    open_user_menu(page)
    page.locator("details.usermenu [data-testid=switch-language]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Hello")
    expect(page.locator("h1")).to_contain_text(ADMIN_NAME)
    expect(admin_link(page)).to_have_text("Admin")
    expect(page.locator("nav.areas")).to_contain_text("My work")
    assert path_of(page) == "/"

    sign_out(page)

    # Same browser again: still English.
    sign_in(page, ADMIN_LOGIN, ADMIN_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Hello")

    # A different browser (no language cookie, Chinese Accept-Language): the saved preference wins.
    other = new_context().new_page()
    sign_in(other, ADMIN_LOGIN, ADMIN_PASSWORD)
    expect(other.locator("html")).to_have_attribute("lang", "en")
    expect(other.locator("h1")).to_contain_text("Hello")


def test_repeated_wrong_passwords_are_throttled(page: Page) -> None:
    login = "liu.yang"  # used by no other test, so the block does not get in anyone's way
    page.goto("/login")
    statuses = []
    for attempt in range(1, 7):
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", f"wrong-password-{attempt}")
        with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/login")) as posted:
            page.click("button[type=submit].primary")
        page.wait_for_load_state()
        statuses.append(posted.value.status)
        if attempt < 6:
            expect(page.locator("p.error")).to_contain_text("账号或密码不正确")
    assert statuses == [401] * 5 + [429], statuses
    assert int(posted.value.headers.get("retry-after", "0")) > 0
    expect(page.locator("p.error")).to_contain_text("失败次数过多")
    assert path_of(page) == "/login"

    # Even the right password is refused while the block lasts.
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/login")) as posted:
        page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert posted.value.status == 429
    expect(page.locator("p.error")).to_contain_text("失败次数过多")


def test_admin_creates_staff_account_who_can_sign_in(page: Page, new_context) -> None:
    suffix = secrets.token_hex(3)
    login = f"e2e.agent{suffix}"
    name = f"测试坐席{suffix}"
    password = f"Zuoxi-{suffix}-2026"

    sign_in(page, ADMIN_LOGIN, ADMIN_PASSWORD)
    page.goto("/admin/users")
    form = page.locator("form[action='/admin/users'][method=post]")
    form.locator("input[name=login]").fill(login)
    form.locator("input[name=display_name]").fill(name)
    form.locator("select[name=role]").select_option("agent")
    form.locator("input[name=team]").fill("售前一组")
    form.locator("select[name=level]").select_option("junior")
    form.locator("input[name=password]").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/admin/users")) as posted:
        form.locator("button.primary").click()
    assert posted.value.status in (302, 303), f"create answered {posted.value.status}: {page.locator('main').inner_text()}"
    expect(page).to_have_url(re.compile(r"/admin/users/\d+$"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("h1")).to_contain_text(login)

    # The list shows the new account.
    page.goto(f"/admin/users?q={login}")
    expect(page.locator("main table tbody")).to_contain_text(login)

    # The new person signs in from their own browser.
    theirs = new_context().new_page()
    sign_in(theirs, login, password)
    expect(theirs.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(theirs.locator("h1")).to_contain_text(f"{name}，您好")
    expect(theirs.locator("nav.areas")).to_contain_text("我的工作")
    # Agents lack users.view: no admin area in the navigation, and the pages refuse them.
    expect(admin_link(theirs)).to_have_count(0)
    expect(theirs.locator("nav.areas")).not_to_contain_text("管理")
    refused = theirs.goto("/admin/users")
    assert refused is not None and refused.status == 403, refused and refused.status

    # The administrator sees the sign-in in the event log.
    page.goto("/admin/events?kind=login.succeeded")
    expect(page.locator("main table tbody")).to_contain_text(login)


def test_keyboard_shortcut_overlay(page: Page) -> None:
    sign_in(page, "zhang.wei", DEMO_PASSWORD)
    overlay = page.locator("#shortcuts")
    expect(overlay).to_be_hidden()
    page.locator("h1").click()  # focus the page body, not the form field that had focus on /login
    page.keyboard.press("?")
    expect(overlay).to_be_visible()
    expect(overlay).not_to_have_attribute("hidden", "")
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()

    # "?" typed into a field is text, not a shortcut.
    page.goto("/account")
    field = page.locator("main input:not([type=hidden])").first
    if field.count():
        field.focus()
        page.keyboard.press("?")
        expect(overlay).to_be_hidden()
