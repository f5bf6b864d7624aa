"""Where the git repository holding a folder is, found as git finds it, without running git.

git looks from the folder up for a ``.git`` folder (or a ``.git`` file naming the folder
of a linked worktree). Done here in a few ``stat`` calls, it spares every command a git
process. Where git could see something else, :func:`locate` says it does not know and
git is asked: git's location given in the environment (``GIT_DIR`` and the like), a
folder inside ``.git`` or a bare repository, another file system on the way up, a
worktree or a git folder owned by someone else (git refuses those, see git's
``safe.directory``), and settings that move the working tree or make the repository bare
(``core.worktree``, ``core.bare``, or files they may come from).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

#: Variables that tell git where the repository is, when it is not found from the folder.
GIT_PLACES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_NAMESPACE",
)

#: Lines of a repository's settings that could move its working tree or make it bare:
#: ``worktree`` (also ``extensions.worktreeConfig``), ``bare`` set to anything but false,
#: and ``include`` (another file could say either).
#: (Compiled when first used: a command whose output is kept never needs it.)
_MOVES_THE_TREE = (
    rb"worktree|include|^[ \t]*bare[ \t]*(?:$|[#;]|=(?![ \t]*(?:false|no|off|0)[ \t]*(?:$|[#;])))"
)


def located_by_environment() -> bool:
    """Whether the environment tells git where the repository is, or makes it read
    settings from other files (GIT_CONFIG_COUNT and GIT_CONFIG_KEY_<n>, or
    GIT_CONFIG_PARAMETERS, naming an include)."""
    env = os.environ
    if any(name in env for name in GIT_PLACES):
        return True
    given = [v for k, v in env.items() if k.startswith("GIT_CONFIG_KEY_")]
    return any(v.lower().startswith("include") for v in given) or (
        "include" in env.get("GIT_CONFIG_PARAMETERS", "").lower()
    )


def locate(cwd: str) -> tuple[Path, Path, Path] | None:
    """(work tree, git folder, common git folder) of the repository holding ``cwd``,
    found as git finds it (a ``.git`` folder, or a ``.git`` file naming the folder of a
    linked worktree); None where git could see something else (a bare repository, a
    folder inside ``.git``, another file system)."""
    path = Path(cwd).resolve()  # git goes up the real folders, not ".." or a link's
    device = path.stat().st_dev
    while True:
        if path.name == ".git" or _looks_like_git_dir(path):
            return None
        dotgit = path / ".git"
        try:
            info = dotgit.stat()
        except FileNotFoundError:
            info = None
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                git_dir = dotgit
            else:
                text = dotgit.read_text(encoding="utf-8")
                if not text.startswith("gitdir: "):
                    return None
                git_dir = (path / text[len("gitdir: ") :].strip()).resolve()
            common = common_dir(git_dir)
            if not _looks_like_git_dir(git_dir, common):
                return None  # git would pass it by and look further up
            return path, git_dir, common
        parent = path.parent
        if parent == path or parent.stat().st_dev != device:
            return None
        path = parent


def common_dir(git_dir: Path) -> Path:
    """The git folder that the linked worktrees of ``git_dir`` share (named by its
    ``commondir`` file), or ``git_dir`` itself when it has none."""
    try:
        return (git_dir / (git_dir / "commondir").read_text("utf-8").strip()).resolve()
    except FileNotFoundError:
        return git_dir


def work_tree(cwd: Path) -> tuple[Path, Path] | None:
    """(work tree, git folder) of the repository holding ``cwd``, both as git names them
    (real paths), when git would certainly find them there; None when git must be asked."""
    if located_by_environment():
        return None
    try:
        found = locate(str(cwd))
        if found is None:
            return None
        root, git_dir, common = found
        me = os.geteuid()
        if root.stat().st_uid != me or git_dir.stat().st_uid != me:
            return None
        for settings in (common / "config", git_dir / "config.worktree"):
            try:
                if re.search(_MOVES_THE_TREE, settings.read_bytes(), re.IGNORECASE | re.MULTILINE):
                    return None
            except FileNotFoundError:
                continue
        return root.resolve(), git_dir.resolve()
    except (OSError, ValueError):
        return None


def _looks_like_git_dir(path: Path, common: Path | None = None) -> bool:
    """Whether ``path`` is a git folder as git tells one: its ``HEAD``, and the
    ``objects`` and ``refs`` of its common folder (``common``, by default itself)."""
    shared = path if common is None else common
    return (
        (path / "HEAD").is_file() and (shared / "objects").is_dir() and (shared / "refs").is_dir()
    )
