"""The repository lock: one writing command at a time.

The lock is a file ``.git/resvcs.lock`` created with O_CREAT|O_EXCL (atomic on
every local file system) holding the owner's host name and process id. A
command that finds it waits; a lock whose owner is a dead process on this host
is taken over (the owner cannot be writing any more: commits are only
published by an atomic ref update, so nothing half-done is left to clean up);
the lock of a live process is never removed. A wait that runs out is a clear,
retryable error.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import RepositoryError

#: How long a command waits for another one to finish, in seconds (read when a
#: command waits, so a program that must never give up can raise it).
DEFAULT_TIMEOUT = 30.0


#: Locks held in this process, by (lock file, thread), with how many times each was
#: entered (the lock is re-entrant: a sync that re-applies decisions takes it once for
#: all of them). Keyed by thread too, so that another thread of the same process (a
#: web server's) waits for the lock like another process does.
_HELD: dict[tuple[Path, int], int] = {}


@contextmanager
def repository_lock(git_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the repository lock for the duration of the ``with`` block, waiting
    ``timeout`` seconds (default :data:`DEFAULT_TIMEOUT`) for another owner."""
    path = (git_dir / "resvcs.lock").resolve()
    key = (path, threading.get_ident())
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    deadline = time.monotonic() + (DEFAULT_TIMEOUT if timeout is None else timeout)
    delay = 0.01
    me = f"{_host()} {os.getpid()}\n"
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _read_owner(path)
            if owner is not None and _is_dead(owner):
                _remove_stale(path, owner)
                continue
            if time.monotonic() >= deadline:
                who = f" (process {owner[1]} on {owner[0]})" if owner else ""
                raise RepositoryError(
                    f"Another resvcs command is writing to this repository{who}. "
                    "Try again when it has finished"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
            continue
        # Not synced to the disk: other processes read it as written, and after a
        # crash of the machine a lock file left empty is taken over (its owner is gone).
        try:
            os.write(fd, me.encode())
        finally:
            os.close(fd)
        break
    _HELD[key] = 1
    try:
        yield
    finally:
        _HELD.pop(key, None)
        try:
            if _read_owner(path) == (_host(), os.getpid()):
                os.unlink(path)
        except FileNotFoundError:
            pass


def _host() -> str:
    """This machine's name (the socket module, slower to load, only where os has no uname)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _read_owner(path: Path) -> tuple[str, int] | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    host, _, pid = text.rpartition(" ")
    if not host or not pid.isdigit():
        # Being written right now by its creator, or damaged: judge it by its age.
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            return None
        return ("", 0) if age > 5 else None
    return host, int(pid)


def _is_dead(owner: tuple[str, int]) -> bool:
    host, pid = owner
    if host == "" and pid == 0:
        return True  # an empty lock file older than a few seconds
    if host != _host():
        return False  # another machine sharing the folder: never guess
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    except OSError as exc:
        return exc.errno == errno.ESRCH
    return False


def _remove_stale(path: Path, owner: tuple[str, int]) -> None:
    """Remove a dead owner's lock, unless someone else replaced it meanwhile."""
    stale = path.with_name(f"resvcs.lock.stale-{os.getpid()}")
    try:
        os.rename(path, stale)
    except FileNotFoundError:
        return
    if _read_owner(stale) not in (owner, None):
        # Another process took over between our read and the rename: put it back.
        try:
            os.link(stale, path)
        except FileExistsError:
            pass
    try:
        os.unlink(stale)
    except FileNotFoundError:
        pass
