"""The 'if someone is in danger now' box: the out-of-hours line, and collapsing once it has been read."""

from __future__ import annotations

import dataclasses

import pytest
from flask import render_template_string

from portal.data import get_profile
from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import ANSWERS, post, text_of, world  # noqa: F401  (world is a fixture)

BOX = '{% from "tenant/_parts.html" import emergency %}{{ emergency(profile, collapsed=collapsed) }}'


def _box(app, collapsed: bool = False, **contact) -> str:
    with app.test_request_context():
        profile = get_profile("torus")
        profile = dataclasses.replace(profile, contact=dataclasses.replace(profile.contact, **contact))
        return render_template_string(BOX, profile=profile, collapsed=collapsed)


def test_the_out_of_hours_line_is_in_the_box(app):
    html = _box(app, out_of_hours="0800 678 9999")
    assert "Outside these hours, for an emergency repair, call <strong>0800 678 9999</strong>" in html
    assert "Monday to Friday, 8am to 5pm" in html


def test_without_an_out_of_hours_line_the_box_says_call_999(app):
    html = _box(app)
    assert "Outside these hours, call <strong>999</strong> if someone is in danger." in html


@pytest.mark.parametrize("collapsed, tag", [(True, "<details"), (False, "<div")])
def test_the_box_can_collapse_to_one_line(app, collapsed, tag):
    html = _box(app, collapsed=collapsed).strip()
    assert html.startswith(f'{tag} class="panel panel-alert emergency"')
    assert "0800 111 999" in html


def test_after_the_risk_question_the_box_is_open_once_then_one_line(tess):
    _, client = tess
    post(client, "/complaints/new")
    post(client, "/complaints/new/triage", ANSWERS["triage"])
    after = post(client, "/complaints/new/risk", {"risk": "yes"})
    first = text_of(client.get(after.headers["Location"]))
    assert '<div class="panel panel-alert emergency">' in first
    later = post(client, "/complaints/new/what", ANSWERS["what"])
    page = text_of(client.get(later.headers["Location"]))
    assert '<details class="panel panel-alert emergency">' in page and '<div class="panel panel-alert emergency">' not in page
