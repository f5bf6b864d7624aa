"""LibreOffice as the judge of the Word files resvcs reads and writes.

:class:`LibreOffice` runs ``bridge.py`` under the system Python (which has the
UNO bridge, ``python3-uno``) and talks to it one JSON line at a time; the
test session starts it once (the ``libreoffice`` fixture in conftest.py).
Tests that need it are skipped only when soffice or python3-uno is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

BRIDGE = Path(__file__).with_name("bridge.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def available() -> bool:
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=600, check=False
    )
    return probe.returncode == 0


class LibreOffice:
    """One headless LibreOffice, driven through the bridge."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(BRIDGE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        ready = self._answer()
        if not ready.get("ready"):
            raise RuntimeError(f"LibreOffice did not start: {ready}")

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the LibreOffice bridge stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self._answer()
        if "error" in answer:
            raise RuntimeError(f"LibreOffice: {answer['error']} ({request.get('op')})")
        return answer

    def text(self, path: Path) -> str:
        return str(self.ask(op="text", path=str(path))["text"])

    def plain(self, path: Path) -> str:
        return str(self.ask(op="plain", path=str(path))["text"])

    def accepted(self, path: Path) -> str:
        return str(self.ask(op="accept", path=str(path))["text"])

    def rejected(self, path: Path) -> str:
        return str(self.ask(op="reject", path=str(path))["text"])

    def convert(self, path: Path, out: Path) -> Path:
        self.ask(op="convert", path=str(path), out=str(out))
        return out

    def compare(self, old: Path, new: Path, out: Path) -> Path:
        self.ask(op="compare", old=str(old), new=str(new), out=str(out))
        return out

    def edit(self, path: Path, out: Path, edits: list[tuple[str, str, str]]) -> Path:
        self.ask(op="edit", path=str(path), out=str(out), edits=[list(e) for e in edits])
        return out

    def comments(self, path: Path) -> list[dict[str, str]]:
        """The comments LibreOffice reads in ``path``: author, date, text, anchor."""
        return list(self.ask(op="comments", path=str(path))["comments"])

    def commented_edit(self, path: Path, out: Path, edits: list[tuple[str, str, str, str]]) -> Path:
        """Tracked changes (author, old words, new words, comment), each with its comment
        ("": none): a replacement, a deletion (new words ""), or an insertion after the
        old words (new words that start with them)."""
        self.ask(op="commented_edit", path=str(path), out=str(out), edits=[list(e) for e in edits])
        return out

    def pdf(self, path: Path, out: Path) -> Path:
        self.ask(op="pdf", path=str(path), out=str(out))
        return out

    def converted_text(self, path: Path, folder: Path) -> str:
        """The text of ``path`` as ``soffice --convert-to txt`` writes it (a separate run,
        which also opens files with comments: see bridge.py for why the bridge cannot
        give such a file a view)."""
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=600,  # a hang guard only
        )
        return (folder / (path.stem + ".txt")).read_text(encoding="utf-8-sig")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=120)  # a hang guard only
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
