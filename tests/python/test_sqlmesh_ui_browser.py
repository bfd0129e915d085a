"""`sqlmesh ui` on this project (as `make ui` starts it, on a copy of the warehouse) in headless
Chromium: our models are listed, and a mart shows its column descriptions and its lineage.
Screenshots go to test-artifacts/sqlmesh_ui/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from browser_support import free_port, headless_chromium, local_server
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dogdb_analytics.publishing.ui_copy import copy_for_ui

# May apt-get install a Debian package: every such test runs on one xdist worker (README).
pytestmark = pytest.mark.xdist_group("system_packages")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = "marts.mart_billing_lines"
UPSTREAM = "core.dim_accounts"
COLUMN_DESCRIPTION = "First day of the billed month."  # billing_month's inline comment


def test_sqlmesh_ui_lists_our_models_with_column_descriptions_and_lineage(
    built_small_warehouse: Path, tmp_path: Path, test_artifacts: Path
) -> None:
    folder = test_artifacts / "sqlmesh_ui"
    folder.mkdir(exist_ok=True)
    ui_warehouse = copy_for_ui(built_small_warehouse, tmp_path / "ui" / built_small_warehouse.name)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).with_name("sqlmesh")),
        "ui",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    env = {**os.environ, "DOGDB_WAREHOUSE": str(ui_warehouse)}
    with (
        local_server(command, PROJECT_ROOT, env, f"{url}/api/meta"),
        headless_chromium(1600, 1200) as browser,
    ):
        browser.get(f"{url}/data-catalog")
        listed = WebDriverWait(browser, 120).until(
            lambda b: b.find_elements(
                By.CSS_SELECTOR, f'tbk-ui-source-list-item[search-value="{MODEL}"]'
            )
        )
        browser.save_screenshot(str(folder / "data_catalog.png"))
        listed[0].click()
        WebDriverWait(browser, 120).until(lambda b: b.current_url.endswith(f"/models/{MODEL}"))
        # The Columns panel shows each column's description (paragraphs; the source code
        # editor shows the same comments as spans).
        description = WebDriverWait(browser, 120).until(
            lambda b: b.find_elements(By.XPATH, f"//p[normalize-space()='{COLUMN_DESCRIPTION}']")
        )
        assert description[0].is_displayed()

        def lineage_nodes(b: object) -> list[str]:
            nodes = [
                node.get_attribute("textContent") or ""
                for node in b.find_elements(By.CSS_SELECTOR, ".react-flow__node")
            ]
            both = any(MODEL in t for t in nodes) and any(UPSTREAM in t for t in nodes)
            return nodes if both else []

        nodes = WebDriverWait(browser, 120).until(lineage_nodes)
        browser.save_screenshot(str(folder / "mart_billing_lines.png"))
        assert len(nodes) >= 2
