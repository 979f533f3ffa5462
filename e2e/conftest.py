"""Shared fixtures and helpers for Kefu's browser tests (test_*.py in this directory).

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
    _STORE_ARGS[:] = ["--data-dir", data_dir] + (["--database-url", DATABASE_URL] if DATABASE_URL else [])
    command = [str(_binary()), "serve", "--demo", *_STORE_ARGS, "--port", str(port)]
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


# The server's store as `kefu` options (--data-dir, --database-url), set by the `server` fixture.
_STORE_ARGS: list[str] = []


def run_kefu(*args: str) -> str:
    """Runs a `kefu` command on the running server's data (e.g. `callbacks generate`) and returns what it printed."""
    assert _STORE_ARGS, "the server fixture has not started"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    done = subprocess.run([str(_binary()), *args, *_STORE_ARGS], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, f"kefu {' '.join(args)} exited with {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def admin_link(page: Page):
    return page.locator("nav.areas a[href='/admin']")
