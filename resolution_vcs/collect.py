"""Python's cyclic garbage collector held back while a large structure is built.

Parsing a long document or diffing two makes hundreds of thousands of small objects
(tokens, clauses, word operations) and no reference cycles. Each time enough objects
have been made, the collector walks every object still alive, and the longer the
document, the more it walks and the more often: on a code of a few MB that is a fifth
of the time. :func:`paused` holds it back for the duration of such work; what is made
meanwhile is looked at by the next collection after it, as usual. Memory is not
affected: objects without cycles are freed as soon as they are dropped either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (nested blocks are fine)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
