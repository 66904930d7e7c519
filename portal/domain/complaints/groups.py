"""Group complaints: the people named in one, and how each is reached (Connect 2.7)."""

from __future__ import annotations

from typing import Any, Mapping


def group_member(raw: Any) -> dict[str, Any]:
    """A named member of a group complaint: from a dict, or a line "name, address lines or email"."""
    if isinstance(raw, Mapping):
        return {"name": str(raw.get("name", "")).strip(), "email": str(raw.get("email") or "").strip(),
                "address": [str(a).strip() for a in raw.get("address") or () if str(a).strip()]}
    name, *rest = [part.strip() for part in str(raw).split(",") if part.strip()] or [""]
    email = next((p for p in rest if "@" in p), "")
    return {"name": name, "email": email, "address": [p for p in rest if p != email]}
