"""A portal per landlord with a year of complaints, built once per module (letters are slow)."""

from __future__ import annotations

import pytest

from tests.reports import scenarios


def _app(tmp_path_factory, landlord: str, today: str):
    import os

    folder = tmp_path_factory.mktemp(landlord)
    os.environ["PORTAL_INSTANCE_PATH"] = str(folder / "instance")
    from portal import create_app

    app = create_app({"TESTING": True, "TODAY": today, "LANDLORD": landlord, "SITE_DIR": str(folder / "site")})
    os.environ.pop("PORTAL_INSTANCE_PATH")
    return app


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """Torus with the English year of scenarios.english_year, clock at 31 March 2026."""
    app = _app(tmp_path_factory, "torus", "2026-03-31")
    with app.app_context():
        world = scenarios.english_year()
    yield app, world
    app.extensions["store"].close()


@pytest.fixture(scope="module")
def scottish(tmp_path_factory):
    """Thenue with the Scottish year of scenarios.scottish_year, clock at 31 March 2026."""
    app = _app(tmp_path_factory, "thenue", "2026-03-31")
    with app.app_context():
        world = scenarios.scottish_year()
    yield app, world
    app.extensions["store"].close()
