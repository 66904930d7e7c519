"""Shared tables for the letter tests: the four landlord profiles and which letters each sends."""

from __future__ import annotations

from pathlib import Path

from portal.domain.profile import load_profiles
from portal.letters import LETTER_KINDS, applies_to, load_template

ROOT = Path(__file__).resolve().parents[2]
PROFILES = load_profiles(ROOT / "content" / "landlords")

# Every (landlord, kind) pair, split by whether the landlord sends that kind of letter.
PAIRS = [(slug, kind) for slug in sorted(PROFILES) for kind in LETTER_KINDS]
SENT = [(s, k) for s, k in PAIRS if applies_to(load_template(k), PROFILES[s])]
NOT_SENT = [(s, k) for s, k in PAIRS if (s, k) not in SENT]
