"""The running dashboard (`streamlit run`, as `make dashboard` starts it) in headless Chromium: each
page loads with its title and at least one chart, while another process holds the warehouse's
write lock as a running `sqlmesh run` does. Screenshots go to test-artifacts/dashboard/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import free_port, headless_chromium, local_server
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from dogdb_analytics.dashboard.app import PAGES
from dogdb_analytics.dashboard.snapshot import table_exists

# May apt-get install a Debian package: every such test runs on one xdist worker (README).
pytestmark = pytest.mark.xdist_group("system_packages")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
APP = PROJECT_ROOT / "dogdb_analytics" / "dashboard" / "app.py"
HOLD_WRITE_LOCK = (
    "import duckdb, sys, time\n"
    "connection = duckdb.connect(sys.argv[1])\n"
    "connection.execute('CREATE TABLE IF NOT EXISTS main.writer_was_here AS SELECT 1 AS x')\n"
    "print('locked', flush=True)\n"
    "time.sleep(3600)\n"
)


@pytest.fixture
def locked_warehouse(built_small_warehouse: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the small build held open for writing by another process until the test ends."""
    warehouse = tmp_path / "dogdb.duckdb"
    shutil.copy(built_small_warehouse, warehouse)
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        yield warehouse
    finally:
        writer.kill()
        writer.wait()


@pytest.fixture
def dashboard_url(published_small_snapshot: Path, locked_warehouse: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DOGDB_SNAPSHOT": str(published_small_snapshot),
        "DOGDB_WAREHOUSE": str(locked_warehouse),
    }
    command = [
        str(Path(sys.executable).with_name("streamlit")),
        "run",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
    url = f"http://127.0.0.1:{port}"
    with local_server(command, PROJECT_ROOT, env, f"{url}/_stcore/health"):
        yield url


def _page_done(browser: WebDriver, title: str, expects_chart: bool) -> bool:
    headings = [heading.text for heading in browser.find_elements(By.CSS_SELECTOR, "h1")]
    if headings != [title]:
        return False
    if browser.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']"):
        return False  # the script is still running
    if not expects_chart:
        return bool(browser.find_elements(By.CSS_SELECTOR, "[data-testid='stAlert']"))
    drawn = browser.find_elements(
        By.CSS_SELECTOR,
        "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
    )
    return bool(drawn)


def test_every_page_loads_with_its_title_and_a_chart(
    dashboard_url: str, published_small_snapshot: Path, test_artifacts: Path
) -> None:
    folder = test_artifacts / "dashboard"
    folder.mkdir(exist_ok=True)
    has_forecast = table_exists(published_small_snapshot, "forecast", "monthly_forecast")
    with headless_chromium() as browser:
        for module, title, _ in PAGES:
            expects_chart = module != "forecast" or has_forecast
            browser.get(f"{dashboard_url}/{module}")
            WebDriverWait(browser, 90).until(
                lambda b, title=title, expects=expects_chart: _page_done(b, title, expects)
            )
            browser.save_screenshot(str(folder / f"{module}.png"))
            assert browser.find_elements(By.CSS_SELECTOR, "[data-testid='stException']") == []
            charts = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stVegaLiteChart']")
            if expects_chart:
                assert len(charts) >= 1, module
            else:
                alert = browser.find_element(By.CSS_SELECTOR, "[data-testid='stAlert']")
                assert "has not been built" in alert.text
            assert (folder / f"{module}.png").stat().st_size > 10_000
