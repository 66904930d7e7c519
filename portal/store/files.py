"""Durable files and locks: the two things every write in the store stands on.

A write goes to a temp file in the same folder, is flushed and fsynced, renamed over
the target with `os.replace` and the folder is fsynced, so a crash leaves either the
old file or the new one, never half of one. A `Lock` is a thread lock plus a file lock,
because both the threads of one server and other processes (the `flask` CLI, a second
worker) may write at once.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from portal.store.errors import StoreError

#: (inode, size, mtime_ns) of a file: it changes on every write (see `write_durably`).
Signature = tuple[int, int, int]

LOCK_TIMEOUT_S = 60.0


class Folder:
    """A folder whose entries we rename into, with an open handle so it can be fsynced."""

    def __init__(self, path: Path) -> None:
        created = not path.is_dir()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        if created:
            sync_folder(path.parent)

    def sync(self) -> None:
        """Make renames and new entries in this folder survive a power cut."""
        if self._fd is None:
            raise StoreError(f"store folder {self.path} is closed")
        os.fsync(self._fd)

    def close(self) -> None:
        """Release the folder handle."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def sync_folder(path: Path) -> None:
    """fsync a folder once (for folders we do not keep open)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def signature(path: Path) -> Signature | None:
    """The file's change signature, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_with_signature(path: Path) -> tuple[Signature | None, bytes]:
    """The file's bytes and the signature of exactly those bytes (fstat of the open file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None, b""
    try:
        st = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, max(st.st_size, 1 << 16)):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns), b"".join(chunks)


def write_durably(path: Path, raw: bytes, folder: Folder, previous: Signature | None) -> Signature:
    """Replace `path` with `raw` atomically and durably; return the new file's signature.

    The caller holds the file's lock, so the temp name can be fixed (a crash leaves at
    most one stale temp file, overwritten next time). The new file gets an mtime strictly
    greater than `previous`, so readers comparing signatures never miss a change even
    when the kernel clock is coarse and the inode number is reused.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
        st = _stamp_after(fd, previous[2] if previous else -1)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    folder.sync()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _stamp_after(fd: int, floor_ns: int) -> os.stat_result:
    """Set the open file's mtime above `floor_ns`, widening the step on coarse filesystems."""
    wanted, step = max(time.time_ns(), floor_ns + 1), 1
    while True:
        os.utime(fd, ns=(wanted, wanted))
        st = os.fstat(fd)
        if st.st_mtime_ns > floor_ns:
            return st
        step *= 1000
        wanted = floor_ns + step


class Lock:
    """One writer at a time for one file, across the threads of this process and other processes."""

    def __init__(self, path: Path) -> None:
        self._thread = threading.Lock()
        self._file = FileLock(str(path), timeout=LOCK_TIMEOUT_S, thread_local=False)
        self.path = path

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the body of a `with` block."""
        if not self._thread.acquire(timeout=LOCK_TIMEOUT_S):
            raise StoreError(f"timed out waiting for {self.path} (threads)")
        try:
            try:
                self._file.acquire()
            except Timeout as exc:
                raise StoreError(f"timed out waiting for {self.path} (another process)") from exc
            try:
                yield
            finally:
                self._file.release()
        finally:
            self._thread.release()


class Barrier:
    """Writers pass it together, a snapshot holds it alone: one store-wide point where no write is half done.

    Two `flock`ed files across threads and processes: every write holds `barrier` shared for
    its whole length; a snapshot first closes `gate` (so new writers wait at it, and it is
    never starved) and then takes `barrier` alone once the writes already inside finish.
    """

    def __init__(self, folder: Path) -> None:
        self._gate = folder / "snapshot.gate"
        self._barrier = folder / "snapshot.barrier"

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the barrier beside other writers for the body of a `with` block."""
        with _flocked(self._gate, fcntl.LOCK_SH):
            fd = _flock(self._barrier, fcntl.LOCK_SH)
        try:
            yield
        finally:
            os.close(fd)

    @contextmanager
    def alone(self) -> Iterator[None]:
        """Hold the barrier with no writer inside (a snapshot): writers wait until the block ends."""
        with _flocked(self._gate, fcntl.LOCK_EX), _flocked(self._barrier, fcntl.LOCK_EX):
            yield


def _flock(path: Path, how: int) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, how)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def _flocked(path: Path, how: int) -> Iterator[None]:
    fd = _flock(path, how)
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor releases its lock
