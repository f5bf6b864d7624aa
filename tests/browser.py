"""Chromium for the tests that read pages as a browser shows them: where it is, how to run
it headless, and a page printed to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


needs_chromium = pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed (apt-get install chromium); the browser checks need it",
)


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    browser = chromium()
    assert browser is not None
    profile = tmp_path / "profile"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    # The timeout only keeps a hung browser from stopping the whole suite: a page takes
    # seconds, and half an hour is beyond any busy machine; nothing is asserted about time.
    return subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)


def print_to_pdf(tmp_path: Path, page: Path) -> Path:
    """The page as Chromium prints it, without header and footer: the PDF's path."""
    pdf = tmp_path / f"{page.stem}.pdf"
    result = run_chromium(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    assert pdf.exists(), result.stderr[-2000:]
    return pdf
