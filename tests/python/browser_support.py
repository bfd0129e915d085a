"""Helpers of the browser tests: Debian's headless Chromium driven by Selenium, and local servers
(the dashboard, `sqlmesh ui`) started on a free port of 127.0.0.1 for one test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DEBIAN_PACKAGES = ("chromium", "chromium-driver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def ensure_chromium() -> None:
    """Install Debian's chromium and chromium-driver when missing (CI starts on a clean machine;
    the tests run as root there). No browser is ever downloaded by Selenium."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        raise RuntimeError(f"{CHROMIUM} or {CHROMEDRIVER} is missing and apt-get is unavailable")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt_get, "update"], check=True, env=env, capture_output=True)
    subprocess.run(
        [apt_get, "install", "-y", *DEBIAN_PACKAGES], check=True, env=env, capture_output=True
    )


@contextmanager
def headless_chromium(width: int = 1400, height: int = 2400) -> Iterator[webdriver.Chrome]:
    """A Selenium driver of Debian's Chromium, headless, with a fresh profile."""
    ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        for flag in (
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def local_server(
    command: Sequence[str], cwd: Path, env: dict[str, str], ready_url: str, timeout: float = 120
) -> Iterator[subprocess.Popen]:
    """Start `command`, wait until `ready_url` answers 200, stop it (and only it) afterwards."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(ready_url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"{command[0]} did not answer at {ready_url}:\n"
                        + log.read().decode(errors="replace")[-4000:]
                    )
                time.sleep(0.5)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
