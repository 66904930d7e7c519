"""The sign-in limiter's counts for the embedded store: one process, so its memory is enough.

The embedded store runs as one process (`gunicorn -w 1 --threads N`); a restart clears
the counts. The PostgreSQL store keeps them in a table, so every worker on every host
counts the same attempts.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class SignIns:
    """Failed sign-ins per key (email, address) in a sliding window, in this process's memory."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, window: float, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - window:
            failures.popleft()
        return failures

    def blocked(self, keys: tuple[str, ...], limit: int, window: float) -> bool:
        """True if any key has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, window, now)) >= limit for k in keys)

    def failed(self, keys: tuple[str, ...]) -> None:
        """Count one failed attempt against every key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures[key].append(now)

    def succeeded(self, keys: tuple[str, ...]) -> None:
        """Forget the keys' failures (a right password)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
