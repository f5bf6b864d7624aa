"""One error base for everything the library refuses to do.

Every message says what happened and what to do, so the CLI can print it as
``Error: <message>`` and exit 1 without adding anything.
"""

from __future__ import annotations


class ResolutionError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(ResolutionError):
    """A file or text given by the user cannot be read as a document."""


class NotFoundError(ResolutionError):
    """A document, clause, version or amendment that was named does not exist."""


class AmbiguousError(ResolutionError):
    """A name matches more than one thing."""


class RepositoryError(ResolutionError):
    """The resolution repository is missing, malformed, or in a state that forbids the action."""


class ConfigError(ResolutionError):
    """resvcs.toml is missing or invalid, or the acting person cannot be identified."""


class StaleError(InputError):
    """A change was made against a text that has moved on, and no longer fits it."""
