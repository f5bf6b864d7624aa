"""One Word job of ``word.py``, as its own process: ``read FILE`` or ``redline OLD NEW OUT``."""

from __future__ import annotations

import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    what = sys.argv[1]
    if what == "read":
        from resolution_vcs.drafts import read_draft

        warnings.simplefilter("ignore")
        path = Path(sys.argv[2])
        read_draft(path.read_bytes(), source=path.name)
        return
    from resolution_vcs.diff import diff
    from resolution_vcs.parse import parse
    from resolution_vcs.present.docx_redline import Credit, render_docx

    old = parse(Path(sys.argv[2]).read_text(encoding="utf-8"))
    new = parse(Path(sys.argv[3]).read_text(encoding="utf-8"))
    credit = Credit("resvcs", datetime(2024, 1, 1, tzinfo=UTC))
    Path(sys.argv[4]).write_bytes(render_docx(diff(old, new), old, credit=credit))


if __name__ == "__main__":
    main()
