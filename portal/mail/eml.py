"""A Flask-Mailman backend for a portal with no mail server: each message as an `.eml` file.

One file per message, named by its idempotency key and written whole (temp file, rename),
so a message sent twice is still one file and a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask_mailman.backends.base import BaseEmailBackend

KEY_HEADER = "X-Portal-Key"


def file_name(key: str) -> str:
    """The outbox file of a message key (a hash: keys hold ids, not safe as file names)."""
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".eml"


class EmailBackend(BaseEmailBackend):
    """Writes each message to `MAIL_FILE_PATH`/<hash of its key>.eml."""

    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or self.mailman.file_path)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            raw = message.message()
            key = raw.get(KEY_HEADER) or raw["Message-ID"]
            path = self.folder / file_name(str(key))
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(raw.as_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        return len(email_messages)
