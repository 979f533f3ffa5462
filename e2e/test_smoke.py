"""Browser smoke tests for Kefu: sign-in, language, throttling, staff accounts, shortcuts.

Runs a real `kefu serve --demo` on a free port with a fresh data directory (SQLite), or on the
PostgreSQL database named by KEFU_E2E_DATABASE_URL (which should be empty), and drives it with
Playwright on Debian's Chromium.

    python3 -m venv .venv-e2e && .venv-e2e/bin/pip install playwright pytest
    swift build && .venv-e2e/bin/pytest e2e -p no:cacheprovider

Environment:
    KEFU_BIN                 the kefu binary (default .build/debug/kefu under the repository root)
    KEFU_E2E_DATABASE_URL    run on this PostgreSQL database instead of SQLite
    KEFU_E2E_CHROMIUM        the browser (default /usr/bin/chromium)
    KEFU_E2E_HEADED=1        show the browser
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

ADMIN_LOGIN = "admin"
ADMIN_NAME = "系统管理员"
# Policy: at least 10 characters, letters plus digits or symbols, must not contain the login.
ADMIN_PASSWORD = "Smoke-test-2026!"
DEMO_PASSWORD = "kefu-demo-2026"

DATABASE_URL = os.environ.get("KEFU_E2E_DATABASE_URL") or None
BACKEND = "postgres" if DATABASE_URL else "sqlite"

expect.set_options(timeout=10_000)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary() -> Path:
    path = Path(os.environ.get("KEFU_BIN", ".build/debug/kefu"))
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.exit(f"kefu binary not found at {path}; run `swift build` first or set KEFU_BIN", returncode=2)
    return path


# MARK: Fixtures


@pytest.fixture(scope="session")
def server() -> str:
    """Starts `kefu serve --demo` and yields its base URL; stops it afterwards."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob(f"failed-{BACKEND}-*.png"):
        stale.unlink()
    data_dir = tempfile.mkdtemp(prefix="kefu-e2e-")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [str(_binary()), "serve", "--demo", "--data-dir", data_dir, "--port", str(port)]
    if DATABASE_URL:
        command += ["--database-url", DATABASE_URL]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    env.update(KEFU_ADMIN_PASSWORD=ADMIN_PASSWORD, KEFU_LOG_LEVEL="info")
    log_path = ARTIFACTS / f"server-{BACKEND}.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)

    def server_log() -> str:
        log.flush()
        return log_path.read_text(errors="replace")[-4000:]

    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.exit(f"kefu exited with status {process.returncode} before it was up:\n{server_log()}", returncode=3)
            try:
                with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.exit(f"kefu did not answer /health within 90 s:\n{server_log()}", returncode=3)
            time.sleep(0.25)
        yield base_url
        if process.poll() is not None:
            pytest.fail(f"kefu died during the tests (status {process.returncode}):\n{server_log()}")
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("KEFU_E2E_CHROMIUM", "/usr/bin/chromium"),
            headless=os.environ.get("KEFU_E2E_HEADED") != "1",
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, server: str, request: pytest.FixtureRequest):
    """Makes fresh browser contexts (own cookies) that start in Chinese; screenshots each page on failure."""
    contexts: list[BrowserContext] = []
    failed_before = request.session.testsfailed

    def make(locale: str = "zh-CN") -> BrowserContext:
        context = browser.new_context(base_url=server, locale=locale, viewport={"width": 1280, "height": 800})
        contexts.append(context)
        return context

    yield make
    if request.session.testsfailed > failed_before:
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"failed-{BACKEND}-{request.node.name}-{i}-{j}.png"), full_page=True)
                except Exception:  # noqa: BLE001 - best effort
                    pass
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


# MARK: Helpers


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]


def sign_in(page: Page, login: str, password: str) -> None:
    """Signs in through the form and waits for the home page."""
    page.goto("/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/login")) as posted:
        page.click("button[type=submit].primary")
    assert posted.value.status == 303 or posted.value.status == 302, (
        f"sign-in as {login} answered {posted.value.status}: {page.locator('main').inner_text()}")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_be_visible()


def open_user_menu(page: Page) -> None:
    menu = page.locator("details.usermenu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(menu.locator("[data-testid=logout]")).to_be_visible()


def sign_out(page: Page) -> None:
    open_user_menu(page)
    page.locator("details.usermenu [data-testid=logout]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("input[name=password]")).to_be_visible()


def admin_link(page: Page):
    return page.locator("nav.areas a[href='/admin']")


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
