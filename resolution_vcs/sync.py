"""Working together across machines: sync with a git remote, and clone.

``sync`` fetches the remote's branch; when one side is ahead it fast-forwards
(or pushes); when both moved it integrates: the local commits are re-applied
one by one on top of the remote's, by what they mean, not by their lines:

* new amendment records and record changes are copied (different amendments
  live in different files, so two editors never collide);
* an acceptance is accepted again on the merged text, as ``accept`` does (an
  amendment that no longer applies becomes conflicted);
* a revision is re-applied three-way; an import adds its document;
* the same amendment decided differently on the two sides stops the sync with
  a clear message, and nothing changes.

The new commits are built aside and published before the local branch moves,
so a sync killed at any moment leaves either the old state or the new one. It
never forces a push: if the remote moved meanwhile, the sync starts over.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC
from typing import TYPE_CHECKING

from .amend import apply, operations_from_copy
from .config import CONFIG_FILE, Config
from .errors import InputError, RepositoryError
from .frozen import frozen
from .records import FINAL, Status, load_record
from .storage import CommitInfo, Person, is_ref_name

if TYPE_CHECKING:
    from .repository import Repository

#: Remote names resvcs accepts: git's rules are wider, these are enough and safe.
REMOTE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ATTEMPTS = 3


@frozen
class SyncResult:
    """What a sync did."""

    fetched: int  # commits that came from the remote
    sent: int  # commits that went to the remote
    replayed: int  # local commits re-applied on top of the remote's

    def describe(self) -> str:
        if not (self.fetched or self.sent):
            return "Already up to date."
        parts = []
        if self.fetched:
            parts.append(f"received {self.fetched} commit{'s' if self.fetched != 1 else ''}")
        if self.sent:
            parts.append(f"sent {self.sent} commit{'s' if self.sent != 1 else ''}")
        if self.replayed:
            parts.append(
                f"re-applied {self.replayed} local change"
                f"{'s' if self.replayed != 1 else ''} on top of the remote's"
            )
        text = ", ".join(parts)
        return text[0].upper() + text[1:] + "."


class SyncConflict(RepositoryError):
    """The two sides made decisions that cannot both stand."""


def check_remote_name(name: str) -> str:
    if not REMOTE_RE.fullmatch(name) or not is_ref_name(name):
        raise InputError(f"{name!r} is not a remote name. Use a name such as origin")
    return name


def sync(repo: Repository, remote: str = "origin") -> SyncResult:
    """Bring this copy and the remote to the same history (see the module docstring)."""
    check_remote_name(remote)
    store = repo.store
    if remote not in store.remote_names():
        known = ", ".join(store.remote_names()) or "none"
        raise InputError(
            f"No remote {remote!r} (remotes: {known}). Add one with 'git remote add {remote} URL'"
        )
    with repo.locked():
        for _ in range(_ATTEMPTS):
            local = store.head()
            theirs = store.fetch(remote)
            if local is None:
                raise RepositoryError("This repository has no commits yet")
            if theirs is None or theirs == local:
                sent = 0 if theirs == local else len(store.first_parent_range(None, local))
                if theirs is None:
                    store.push(remote, local)
                    _push_tags(repo, remote)
                return SyncResult(0, sent, 0)
            if store.is_ancestor(local, theirs):
                store.move_branch(local, theirs)
                return SyncResult(len(store.first_parent_range(local, theirs)), 0, 0)
            base = store.merge_base(local, theirs)
            ours = store.first_parent_range(base, local)
            if store.is_ancestor(theirs, local):
                new_tip = local
            else:
                with store.building_on(theirs):
                    for info in ours:
                        _replay(repo, base, theirs, info)
                    built = store.head()
                assert built is not None
                new_tip = built
            if not store.push(remote, new_tip):
                continue  # the remote moved meanwhile: start over
            if new_tip != local:
                store.move_branch(local, new_tip)
            _push_tags(repo, remote)
            fetched = len(store.first_parent_range(base, theirs)) if base else 0
            replayed = len(ours) if new_tip != local else 0
            return SyncResult(fetched, len(ours), replayed)
    raise RepositoryError("The remote kept changing while syncing. Run 'resvcs sync' again")


def clone(url: str, directory: str | None) -> str:
    """Clone a resolution repository; returns the folder made."""
    from .storage import Store

    return Store.clone(url, directory, needs=CONFIG_FILE)


def _replay(repo: Repository, base: str | None, theirs: str, info: CommitInfo) -> None:
    """Re-apply one local commit on the tip being built (``repo.store.head()``)."""
    store = repo.store
    action = info.trailers.get("Resvcs-Action", "")
    slug = info.trailers.get("Resvcs-Document", "")
    parent = store.first_parent(info.sha)
    changes = store.changes(parent, info.sha)
    tip = store.head()
    assert tip is not None
    author = info.author
    if action == "acceptance":
        _replay_acceptance(repo, slug, info, tip)
        return
    if action == "revision":
        before = repo.document(slug, parent) if parent else None
        after = repo.text(slug, info.sha)
        current = repo.document(slug, tip)
        groups = operations_from_copy(before, after) if before is not None else []
        result = apply(current, [op for group in groups for op in group])
        if result.document is None:
            raise SyncConflict(
                f"The revision {info.subject!r} made here and the changes made on the other copy "
                "touch the same words. Sync is stopped and nothing changed; agree on the text, "
                "then revise again"
            )
        files = repo.version_files(slug, result.document)
        store.commit(files, info.message, author, info.date)
        return
    updates: dict[str, bytes | None] = {}
    for path, data in changes.items():
        now = store.read(tip, path)
        now_data = now[1] if now else None
        was = store.read(parent, path) if parent else None
        was_data = was[1] if was else None
        if now_data == data:
            continue  # already there (e.g. sent by an earlier, interrupted sync)
        if now_data == was_data:
            updates[path] = data
            continue
        if path.startswith("reviews/") and path.endswith(".md"):
            updates.update(_merge_record(path, now_data, data))
            continue
        if path == CONFIG_FILE and was_data and now_data and data:
            updates[path] = _merge_config(was_data, now_data, data)
            continue
        raise SyncConflict(
            f"{path} was changed both here ({info.subject!r}) and on the other copy. Sync is "
            "stopped and nothing changed; settle it with git, then sync again"
        )
    if updates:
        store.commit(updates, info.message, author, info.date)


def _merge_record(path: str, theirs: bytes | None, ours: bytes | None) -> dict[str, bytes | None]:
    """One amendment's record changed on both sides: the decided one wins; two
    different decisions cannot both stand."""
    name = path.rsplit("/", 1)[-1]
    if theirs is None or ours is None:
        raise SyncConflict(f"{path} was deleted on one copy and changed on the other")
    a = load_record(theirs.decode("utf-8"), filename=name)
    b = load_record(ours.decode("utf-8"), filename=name)
    if a.status in FINAL and b.status in FINAL and a.status != b.status:
        who_a = a.decision.by if a.decision else "?"
        who_b = b.decision.by if b.decision else "?"
        raise SyncConflict(
            f"Amendment {a.id} was {b.status} here (by {who_b}) and {a.status} on the other "
            f"copy (by {who_a}). Sync is stopped and nothing changed; the chairs must agree "
            "which decision stands"
        )
    if a.status in FINAL:
        return {}
    return {path: ours}


def _merge_config(was: bytes, theirs: bytes, ours: bytes) -> bytes:
    """resvcs.toml changed on both sides: their file, plus the documents we added,
    plus our change of chairs if they did not change them too."""
    base, other, mine = (Config.loads(x.decode("utf-8")) for x in (was, theirs, ours))
    merged = other
    for slug, settings in mine.documents.items():
        if slug not in other.documents:
            merged.documents[slug] = settings
    if [str(c) for c in mine.chairs] != [str(c) for c in base.chairs]:
        if [str(c) for c in other.chairs] != [str(c) for c in base.chairs]:
            raise SyncConflict(
                "The chairs in resvcs.toml were changed on both copies. Sync is stopped and "
                "nothing changed; settle resvcs.toml with git, then sync again"
            )
        merged.chairs = list(mine.chairs)
    return merged.dumps().encode("utf-8")


def _replay_acceptance(repo: Repository, slug: str, info: CommitInfo, tip: str) -> None:
    from . import workflow

    amendment_id = info.trailers.get("Amendment", "")
    record = repo.store.read(info.sha, workflow.record_path(slug, amendment_id))
    if record is None:
        raise SyncConflict(f"The acceptance {info.subject!r} has no amendment record")
    accepted = load_record(record[1].decode("utf-8"), filename=f"{amendment_id}.md")
    there = repo.store.read(tip, workflow.record_path(slug, amendment_id))
    if there is not None:
        current = load_record(there[1].decode("utf-8"), filename=f"{amendment_id}.md")
        if current.status is Status.ACCEPTED:
            return  # accepted on both copies: once is enough
        if current.status in FINAL:
            raise SyncConflict(
                f"Amendment {amendment_id} was accepted here and {current.status} on the other "
                "copy. Sync is stopped and nothing changed; the chairs must agree which "
                "decision stands"
            )
    decision = accepted.decision
    chair = Person.parse(decision.by) if decision else info.author
    when = decision.date if decision else info.date.astimezone(UTC)
    if there is None:
        # The proposal itself has not reached the other copy yet: bring it along.
        pending = replace(accepted, status=Status.PROPOSED, decision=None, conflict="")
        repo.store.commit(
            {workflow.record_path(slug, amendment_id): workflow.dump_plain(pending)},
            f"Propose amendment to {slug}\n\nResvcs-Action: proposal\n"
            f"Resvcs-Document: {slug}\nAmendment: {amendment_id}\n",
            Person.parse(accepted.author),
            accepted.created,
        )
    workflow._accept_one(repo, slug, amendment_id, chair, decision.reason if decision else "", when)


def _push_tags(repo: Repository, remote: str) -> None:
    repo.store.push_tags(remote)
