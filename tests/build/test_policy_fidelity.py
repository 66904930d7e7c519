"""Issue 8: the pages print the sources' dates and the new rules, and none of the commitments the
sources do not make. One HTML build of every landlord (no PDFs), then a table of checks per page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from portal.documents.report import summary
from portal.documents.site import build
from tests.build.easy_fixtures import CONTENT


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("fidelity") / "site"
    report = build(CONTENT, out, pdf=False)
    assert report.ok, [str(i) for i in report.issues]
    return out, report


def text(site, page: str) -> str:
    raw = (site[0] / page).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


# Item 14: policy dates as the sources give them; Housing Solutions' source gives none.
@pytest.mark.parametrize("page, date", [
    ("torus/complaints.html", "October 2024"),
    ("torus/complaints.easy.html", "October 2024"),
    ("torus/unacceptable-behaviour.html", "June 2023"),
    ("torus/unacceptable-behaviour.easy.html", "June 2023"),
    ("connect/complaints.html", "September 2022 (version 12)"),
    ("connect/behaviour.easy.html", "September 2022 (version 12)"),
    ("thenue/complaints.html", "19 April 2022"),
])
def test_each_page_prints_its_sources_date(site, page, date):
    assert f"Policy dated {date}." in text(site, page)


@pytest.mark.parametrize("page", ["housing-solutions/unacceptable-behaviour.html",
                                  "housing-solutions/unacceptable-behaviour.easy.html"])
def test_housing_solutions_prints_no_date(site, page):
    body = text(site, page)
    assert "Policy dated" not in body and "This version" not in body


# Item 15: no commitments the sources do not make.
REMOVED = [
    # Housing Solutions' rules printed as others' policy (HS 6.5.3, 6.5.6)
    ("torus/unacceptable-behaviour.html", "closed more than 12 months ago"),
    ("torus/unacceptable-behaviour.easy.html", "closed over 12 months ago"),
    ("torus/unacceptable-behaviour.easy.html", "again within 6 months"),
    ("torus/unacceptable-behaviour.html", "no more than 6 months after it starts"),
    ("connect/complaints.html", "closed more than 12 months ago"),
    ("connect/complaints.html", "We review every restriction within 6 months"),
    ("connect/behaviour.easy.html", "within 6 months"),
    ("thenue/customer-behaviour.html", "closed 12 months or more ago"),
    ("thenue/customer-behaviour.html", "no more than 6 months after"),
    ("thenue/customer-behaviour.easy.html", "within 6 months"),
    # Housing Solutions' assessment factors listed as Torus's (HS 6.5.3)
    ("torus/unacceptable-behaviour.html", "how long and how often the person has contacted us"),
    ("torus/unacceptable-behaviour.easy.html", "how often you contacted us"),
    # the Connect appendix names no decider and no appeal-hearer
    ("connect/complaints.html", "considered by a Director"),
    ("connect/complaints.html", "a Senior Manager will look at what has happened"),
    ("connect/behaviour.easy.html", "A Senior Manager decides this"),
    ("connect/behaviour.easy.html", "A Director will look at your appeal"),
    # a cap the sources allow to be exceeded with good reason (Torus 3.7/3.8)
    ("torus/complaints.html", "working days at most"),
]


@pytest.mark.parametrize("page, phrase", REMOVED)
def test_a_commitment_the_source_does_not_make_is_not_printed(site, page, phrase):
    assert phrase not in text(site, page)


# Items 5, 1, 2, 3, 16: the new rules are printed.
PRINTED = [
    ("thenue/complaints.html", "straight to stage 2 without a stage 1 answer"),
    ("thenue/complaints.html", "to 10 working days in all"),
    ("thenue/complaints.html", "within 6 months of when you first knew about the problem"),
    ("thenue/complaints.html", "within 2 months of our stage 1 answer if that is later"),
    ("thenue/complaints.easy.html", "A complex complaint may go straight to stage 2."),
    ("thenue/complaints.easy.html", "Ask for stage 2 within 2 months of our stage 1 answer."),
    ("thenue/complaints.easy.html", "Please complain within 6 months of finding out about the problem."),
    ("housing-solutions/unacceptable-behaviour.html", "a second appeal against the same decision is not heard"),
    ("housing-solutions/unacceptable-behaviour.easy.html", "You can only appeal once against each decision."),
    ("torus/complaints.html", "unless there is a good reason, which we record and a more senior manager approves"),
    ("torus/complaints.easy.html", "We only take longer if there is a good reason."),
    ("connect/complaints.html", "In exceptional circumstances it may take longer than that, but only for a good reason"),
    ("connect/complaints.easy.html", "We only take longer if there is a good reason."),
    ("connect/complaints.html", "Your appeal is considered by someone who was not involved in the decision."),
    ("torus/unacceptable-behaviour.html", "As our own practice, not a rule of this policy"),
]
WEEKEND_EASY = "A weekend or bank holiday complaint counts from the next working day."


@pytest.mark.parametrize("page, phrase", PRINTED)
def test_the_new_rule_is_printed(site, page, phrase):
    assert phrase in text(site, page)


@pytest.mark.parametrize("page", ["torus/complaints.html", "connect/complaints.html", "thenue/complaints.html"])
def test_weekend_receipt_is_said_on_every_standard_complaints_page(site, page):
    body = text(site, page).replace("at a weekend or on a bank holiday", "on a weekend or a bank holiday")
    assert re.search(r"on a weekend or (a )?bank holiday,? (we )?counts? from the next working day", body), page


@pytest.mark.parametrize("page", ["torus/complaints.easy.html", "connect/complaints.easy.html",
                                  "thenue/complaints.easy.html"])
def test_weekend_receipt_is_said_on_every_easy_read_complaints_page(site, page):
    assert WEEKEND_EASY in text(site, page)


def test_the_build_report_lists_every_value_the_landlord_chose(site):
    printed = summary(site[1])
    for line in ("torus: conduct.review_months = 6", "connect: conduct.appeal_role = 'director'",
                 "thenue: complaints.group = 'reply_to_all_named'",
                 "housing-solutions: complaints.stage1.escalation_window_calendar_days = 28"):
        assert line in printed
