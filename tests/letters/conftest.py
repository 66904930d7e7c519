"""Fixtures for the letter tests: the landlord profiles and sample contexts per kind."""

from __future__ import annotations

import shutil

import pytest
from letter_cases import PROFILES

from portal.letters import LETTER_KINDS, LETTERS_DIR, sample_contexts


@pytest.fixture(scope="session")
def profiles():
    """Every landlord profile shipped in content/landlords, by slug."""
    return PROFILES


@pytest.fixture
def samples():
    """A factory: the realistic sample contexts for (kind, slug), the usual case first."""
    return lambda kind, slug: sample_contexts(kind, PROFILES[slug])


@pytest.fixture
def letters_copy(tmp_path):
    """A private copy of letters/ to break on purpose."""
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS_DIR, folder)
    return folder


def _kind_fixture(kind: str):
    def fixture():
        """Sample contexts for one kind: call with a landlord slug; the usual case first."""
        return lambda slug: sample_contexts(kind, PROFILES[slug])
    fixture.__name__ = f"{kind}_context"
    return pytest.fixture(fixture)


# One fixture per letter kind: stage1_response_context, protocol_imposed_context, ...
for _kind in LETTER_KINDS:
    globals()[f"{_kind}_context"] = _kind_fixture(_kind)
