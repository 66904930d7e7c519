"""Letters by post: the time to ask for stage 2 runs from the day a posted stage 1 reply counts as received,
where the profile deems one; no landlord's policy does, so each profile counts from the reply itself."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from complaint_fixtures import CUSTOMER, OFFICER, PROFILES, SLUGS, Case
from portal.domain import complaints as c
from portal.domain.complaints import posting
from portal.domain.complaints.timeline import build_timeline
from portal.domain.errors import DomainError, PermissionDenied

D = date
REPLIED, POSTED = D(2026, 4, 1), D(2026, 4, 2)  # Wednesday 1 April; posted Thursday 2 April, before Easter
# Two working days after posting: Good Friday is a holiday everywhere, Easter Monday only in England and Wales.
DEEMED = {"torus": D(2026, 4, 8), "housing-solutions": D(2026, 4, 8), "connect": D(2026, 4, 8), "thenue": D(2026, 4, 7)}
#                    window from the reply   window from the deemed day
WINDOWS = {"torus": (D(2026, 4, 29), D(2026, 5, 6)),              # 28 days
           "housing-solutions": (D(2026, 4, 29), D(2026, 5, 6)),  # 28 days (the landlord's own choice)
           "connect": (D(2026, 4, 22), D(2026, 4, 29)),            # 21 days
           "thenue": (D(2026, 6, 1), D(2026, 6, 7))}               # SPSO model: 2 months after the reply


def _deeming(slug: str, days: int = 2):
    profile = PROFILES[slug]
    return dataclasses.replace(profile, complaints=dataclasses.replace(profile.complaints,
                                                                       posted_received_working_days=days))


def _posted_reply(profile) -> Case:
    case = Case(profile).through_stage1(D(2026, 3, 20), REPLIED, ack_on=D(2026, 3, 23))
    reply_event = len(case.events)
    return case.do(posting.record_posting, POSTED, OFFICER, letter_event=reply_event, posted_on=POSTED)


def test_every_profile_has_a_row() -> None:
    assert sorted(WINDOWS) == sorted(DEEMED) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_no_policy_deems_a_posted_letter_received_later_so_the_window_runs_from_the_reply(slug: str) -> None:
    profile = PROFILES[slug]
    assert profile.complaints.posted_received_working_days == 0
    assert profile.own_choice("complaints.posted_received_working_days")  # listed as the landlord's own choice
    assert posting.deemed_received(POSTED, profile) is None
    state = _posted_reply(profile).state
    assert state.escalation_window_closes == WINDOWS[slug][0]
    assert state.events[-1].get("counts_from") == ""


@pytest.mark.parametrize("slug", SLUGS)
def test_where_a_profile_deems_receipt_the_window_runs_from_that_day(slug: str) -> None:
    profile = _deeming(slug)
    assert posting.deemed_received(POSTED, profile) == DEEMED[slug]
    case = _posted_reply(profile)
    closes = WINDOWS[slug][1]
    assert case.state.escalation_window_closes == closes
    assert case.state.escalation_open(closes) and not case.state.escalation_open(D.fromordinal(closes.toordinal() + 1))
    case.do(c.request_escalation, closes, CUSTOMER)  # on the last day: in time, no reason needed
    assert case.state.status is c.Status.ESCALATION_REQUESTED and not case.state.escalation_late


def test_only_the_stage1_reply_letter_moves_the_window() -> None:
    profile = _deeming("torus")
    case = Case(profile).receive(D(2026, 3, 20))
    case.acknowledge(D(2026, 3, 23))
    case.do(posting.record_posting, POSTED, OFFICER, letter_event=2, posted_on=POSTED)  # the acknowledgement
    state = case.reply(REPLIED).state
    assert state.escalation_window_closes == WINDOWS["torus"][0]


def test_the_latest_posting_of_a_letter_counts() -> None:
    profile = _deeming("torus")
    case = _posted_reply(profile)
    reply_event = case.events[-1].get("letter_event")
    case.do(posting.record_posting, D(2026, 4, 9), OFFICER, letter_event=reply_event, posted_on=D(2026, 4, 9))
    assert case.state.escalation_window_closes == D(2026, 5, 11)  # counts from Monday 13 April
    assert posting.posted(case.state, profile, reply_event) == D(2026, 4, 9)


def test_a_posting_is_checked() -> None:
    case = Case("torus").through_stage1(D(2026, 3, 20), REPLIED, ack_on=D(2026, 3, 23))
    with pytest.raises(DomainError, match="future"):
        case.do(posting.record_posting, REPLIED, OFFICER, letter_event=3, posted_on=POSTED)
    with pytest.raises(DomainError, match="before it was written"):
        case.do(posting.record_posting, POSTED, OFFICER, letter_event=3, posted_on=D(2026, 3, 31))
    with pytest.raises(DomainError, match="does not belong"):
        case.do(posting.record_posting, POSTED, OFFICER, letter_event=9, posted_on=POSTED)
    with pytest.raises(PermissionDenied):
        case.do(posting.record_posting, POSTED, CUSTOMER, letter_event=3, posted_on=POSTED)


def test_the_timeline_says_when_a_posted_letter_counts() -> None:
    profile = _deeming("torus")
    state = _posted_reply(profile).state
    [entry] = [e for e in build_timeline(state.events, profile, for_tenant=True) if e.kind == "letter_posted"]
    assert entry.title == "Letter posted"
    assert entry.text == "Posted on Thursday 2 April 2026. It counts as reaching you on Wednesday 8 April 2026."
