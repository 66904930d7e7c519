"""Errors the store raises; callers catch these, never a TinyDB or filelock error."""

from __future__ import annotations


class StoreError(Exception):
    """Something the store cannot do: a closed store, a lock held too long, a broken file."""


class NotFound(StoreError):
    """No record with that id."""


class Conflict(StoreError):
    """The record moved on since the caller read it (optimistic concurrency)."""


class Duplicate(StoreError):
    """A value that must be unique (a user's email) is already taken."""


class Damaged(StoreError):
    """A store file is missing, empty, cut short, of the wrong shape or short of records: refused, never read as empty."""


class SchemaOutdated(StoreError):
    """The database's schema is older (or newer) than this code; the message names the command to run."""


class Unavailable(StoreError):
    """The database cannot be reached just now (restarting, network): try again shortly."""
