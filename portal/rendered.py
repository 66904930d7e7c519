"""Rendered pages, kept until anything they show changes.

A tenant checks the same complaint again and again, and rendering it is most of the page's
cost. Each page is kept under a key that names whose it is (so it is only ever served to the
person it was rendered for) together with everything it was rendered from; it is used again
only while those inputs are still equal. Nothing is ever served stale: a changed event,
letter, profile, name or day makes new inputs, and the page is rendered afresh. The form
token is put in on every request, and a page with a message to show once is never kept.

The frame (base.html) shows only what `kept_page` puts in its inputs: the person's id, name
and kind, the landlord and the script root. Anything else per-request in the frame must
join them.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

from flask import current_app, render_template, request, session
from flask_login import current_user

from portal.data import get_profile

#: Stands in for the form token in a kept page (hex, so escaping leaves it alone; random, so no page holds it).
_TOKEN_MARK = secrets.token_hex(16)


class Rendered:
    """A bounded, thread-safe map of key -> (inputs, html), least recently used first out."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._parts: OrderedDict[Hashable, tuple[tuple, str]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._parts)

    def get(self, key: Hashable, inputs: tuple, render: Callable[[], str]) -> str:
        """The html kept under `key` if it was rendered from equal `inputs`, else `render()` (and keep it)."""
        with self._lock:
            kept = self._parts.get(key)
            if kept is not None and kept[0] == inputs:
                self._parts.move_to_end(key)
                return kept[1]
        html = render()
        if self._size > 0:
            with self._lock:
                self._parts[key] = (inputs, html)
                self._parts.move_to_end(key)
                while len(self._parts) > self._size:
                    self._parts.popitem(last=False)
        return html


def kept_pages() -> Rendered:
    """This app's kept pages (as many as KEPT_PAGES)."""
    parts = current_app.extensions.get("kept_pages")
    if parts is None:
        parts = current_app.extensions.setdefault("kept_pages", Rendered(current_app.config["KEPT_PAGES"]))
    return parts


def kept_page(key: Hashable, inputs: tuple, template: str, context: Callable[[], dict[str, Any]]) -> str:
    """The signed-in person's page: `template` rendered with `context()`, unless kept from equal `inputs`."""
    form_token = current_app.extensions["form_tokens"]
    if session.get("_flashes"):
        return render_template(template, **context())
    user = current_user._get_current_object()
    frame = (user.id, user.name, user.kind, get_profile(), request.script_root)
    html = kept_pages().get(key, (frame, inputs),
                            lambda: render_template(template, **context(), csrf_token=lambda: _TOKEN_MARK))
    return html.replace(_TOKEN_MARK, form_token())
