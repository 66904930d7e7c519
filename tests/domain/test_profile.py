"""Landlord profiles: every fact of RULES.md as data, and a clear error for a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.domain.errors import ProfileError
from portal.domain.profile import load_profile, load_profiles
from portal.domain.roles import Role

LANDLORDS = Path(__file__).resolve().parents[2] / "content" / "landlords"
PROFILES = load_profiles(LANDLORDS)


def test_one_profile_per_landlord():
    assert sorted(PROFILES) == ["connect", "housing-solutions", "thenue", "torus"]


# slug, nation, ombudsman, s1 ack, s1 reply, s1 from, s1 extension (mode, days, agreement), window,
# s2 ack, s2 reply, s2 extension days, s2 responder, too-old months, anonymous
FACTS = [
    ("torus", "england-wales", "Housing Ombudsman Service", 5, 10, "acknowledgement", ("capped", 10, False), 28,
     5, 20, 20, Role.MANAGER, 12, "investigate"),
    ("connect", "england-wales", "Housing Ombudsman Service", 5, 10, "receipt", ("capped", 10, True), 21,
     0, 20, 10, Role.DIRECTOR, 6, "not_handled"),
    ("thenue", "scotland", "Scottish Public Services Ombudsman", None, 5, "receipt", ("capped", 5, False), 0,
     3, 20, 0, Role.MANAGER, 0, "investigate"),
    ("housing-solutions", "england-wales", "Housing Ombudsman Service", 5, 10, "acknowledgement",
     ("capped", 10, False), 28, 5, 20, 20, Role.MANAGER, 12, "investigate"),
]


@pytest.mark.parametrize("slug, nation, ombudsman, ack1, reply1, from1, ext1, window, ack2, reply2, ext2, "
                         "responder2, too_old, anonymous", FACTS)
def test_complaint_facts_match_the_rules(slug, nation, ombudsman, ack1, reply1, from1, ext1, window, ack2,
                                         reply2, ext2, responder2, too_old, anonymous):
    p = PROFILES[slug]
    s1, s2 = p.complaints.stage1, p.complaints.stage2
    assert (p.nation, p.ombudsman.name) == (nation, ombudsman)
    assert (s1.acknowledge_working_days, s1.respond_working_days, s1.respond_from) == (ack1, reply1, from1)
    assert (s1.extension, s1.extension_working_days, s1.extension_needs_agreement) == ext1
    assert s1.escalation_window_calendar_days == window
    assert (s2.acknowledge_working_days, s2.respond_working_days, s2.extension_working_days) == (ack2, reply2, ext2)
    assert s2.responder_role is responder2 and s2.responder_not_stage1 and s2.responder_not_junior and s2.final
    assert (p.complaints.too_old_months, p.complaints.anonymous) == (too_old, anonymous)


# slug, warnings, assessor, authoriser, appeal heard by, review months, always allowed includes emergency repairs
CONDUCT = [
    ("housing-solutions", ("initial", "formal"), Role.MANAGER, Role.HEAD_OF_SERVICE, Role.DIRECTOR, 6, False),
    ("torus", ("modify",), Role.MANAGER, Role.DIRECTOR, Role.DIRECTOR, 6, False),
    ("thenue", ("modify",), Role.MANAGER, Role.MANAGER, Role.DIRECTOR, 6, True),
    ("connect", ("modify",), Role.MANAGER, Role.MANAGER, Role.DIRECTOR, 6, False),
]


@pytest.mark.parametrize("slug, warnings, assessor, authoriser, appeal, review, emergency", CONDUCT)
def test_conduct_facts_match_the_rules(slug, warnings, assessor, authoriser, appeal, review, emergency):
    rules = PROFILES[slug].conduct
    assert rules.warnings == warnings
    assert (rules.assessor_role, rules.authoriser_role, rules.appeal_role) == (assessor, authoriser, appeal)
    assert rules.review_months == review
    assert ("emergency_repair" in rules.always_allowed) is emergency
    assert "health_and_safety" in rules.always_allowed


def test_only_thenue_has_ex_gratia_limits():
    assert PROFILES["thenue"].ex_gratia.approver_limit_pence == 50000
    assert PROFILES["thenue"].ex_gratia.approver_role is Role.EXECUTIVE
    assert PROFILES["thenue"].ex_gratia.above_limit_role is Role.BOARD
    assert all(PROFILES[s].ex_gratia is None for s in ("torus", "connect", "housing-solutions"))


@pytest.mark.parametrize("slug, months, start", [
    ("torus", 12, "final_reply"), ("connect", 12, "final_reply"), ("housing-solutions", 12, "final_reply"),
    ("thenue", 12, "first_aware"),
])
def test_each_ombudsman_time_limit_is_in_the_profile(slug, months, start):
    omb = PROFILES[slug].ombudsman
    assert (omb.time_limit_months, omb.time_limit_from) == (months, start)


def test_titles_are_the_landlords_own():
    assert PROFILES["connect"].title(Role.MANAGER) == "Senior Manager"
    assert PROFILES["thenue"].title(Role.DIRECTOR) == "Director of Department"


@pytest.mark.parametrize("change, message", [
    (("nation = \"england-wales\"", ""), "key 'nation' is missing"),
    (("nation = \"england-wales\"", "nation = \"wales\""), "key 'nation' must be one of"),
    (("respond_working_days = 10", "respond_working_days = \"ten\""), "'complaints.stage1.respond_working_days' must be int"),
    (("respond_working_days = 10", "respond_working_days = -1"), "must not be negative"),
    (("responder_role = \"officer\"", "responder_role = \"boss\""), "'complaints.stage1.responder_role' must be a role"),
    (("review_months = 6", "review_months = 6\nreview_monthz = 3"), "key 'conduct.review_monthz' is not a known setting"),
    (("slug = \"torus\"", "slug = \"other\""), "key 'slug' must match the file name"),
    (("any_time = true", "any_time = yes"), "not valid TOML"),
    (("extension_working_days = 10", "extension_working_days = 0"), "must be above 0 when extension is 'capped'"),
    (('time_limit_from = "final_reply"', 'time_limit_from = "whenever"'), "'ombudsman.time_limit_from' must be one of"),
])
def test_a_broken_profile_names_the_file_and_key(tmp_path, change, message):
    old, new = change
    text = (LANDLORDS / "torus.toml").read_text()
    assert old in text
    broken = tmp_path / "torus.toml"
    broken.write_text(text.replace(old, new, 1))
    with pytest.raises(ProfileError) as err:
        load_profile(broken)
    assert str(err.value).startswith("torus.toml: ")
    assert message in str(err.value)
