"""A portal per landlord with a year of complaints, built once per module (letters are slow)."""

from __future__ import annotations

import os

import pytest

from tests.reports import scenarios


def _portal(tmp_path_factory, landlord: str, year):
    """A portal for one landlord holding a scenario year (clock at 31 March 2026), its store closed after."""
    from portal import create_app

    folder = tmp_path_factory.mktemp(landlord)
    os.environ["PORTAL_INSTANCE_PATH"] = str(folder / "instance")
    app = create_app({"TESTING": True, "TODAY": "2026-03-31", "LANDLORD": landlord, "SITE_DIR": str(folder / "site")})
    os.environ.pop("PORTAL_INSTANCE_PATH")
    with app.app_context():
        world = year()
    yield app, world
    app.extensions["store"].close()


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """Torus with the English year of scenarios.english_year, clock at 31 March 2026."""
    yield from _portal(tmp_path_factory, "torus", scenarios.english_year)


@pytest.fixture(scope="module")
def scottish(tmp_path_factory):
    """Thenue with the Scottish year of scenarios.scottish_year, clock at 31 March 2026."""
    yield from _portal(tmp_path_factory, "thenue", scenarios.scottish_year)
