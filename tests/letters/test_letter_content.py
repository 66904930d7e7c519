"""What letters say: profile facts, the rules' required statements, and the page around them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from letter_cases import PROFILES, SENT

from portal.letters import LetterError, render_letter_html
from portal.letters.formats import long_date, money, quantity, with_article
from portal.letters.markup import element_texts

COMPLAINT_KINDS = ("stage1_acknowledgement", "extension", "stage1_response", "stage2_acknowledgement",
                   "stage2_response", "escalation_refused", "exclusion")


def render(kind, slug, context, **kwargs):
    return render_letter_html(kind, profile=PROFILES[slug], context=context, **kwargs)


def section(letter, name):
    return element_texts(letter.html)[name]


@pytest.mark.parametrize(("day", "text"), [
    (date(2025, 12, 5), "Friday 5 December 2025"),
    (date(2026, 1, 1), "Thursday 1 January 2026"),
])
def test_long_date(day, text):
    assert long_date(day) == text


@pytest.mark.parametrize(("pence", "text"), [
    (1250, "£12.50"), (50000, "£500"), (5, "£0.05"), (123456, "£1,234.56"), (0, "£0"), (-1250, "-£12.50"),
])
def test_money(pence, text):
    assert money(pence) == text


@pytest.mark.parametrize("bad", [12.5, "1250", True])
def test_money_takes_whole_pence_only(bad):
    with pytest.raises(TypeError):
        money(bad)


@pytest.mark.parametrize(("noun", "start", "text"), [
    ("Service Manager", False, "a Service Manager"),
    ("Operational Manager", False, "an Operational Manager"),
    ("Executive Team member", True, "An Executive Team member"),
])
def test_with_article(noun, start, text):
    assert with_article(noun, start) == text


@pytest.mark.parametrize(("count", "text"), [(1, "1 working day"), (5, "5 working days"), (0, "0 working days")])
def test_quantity(count, text):
    assert quantity(count, "working day") == text


@pytest.mark.parametrize(("slug", "expected"), [
    ("torus", "Please ask by Friday 2 January 2026. That is 28 days from the date of this letter."),
    ("connect", "Please ask by Friday 26 December 2025. That is 21 days from the date of this letter."),
    ("thenue", "You can ask within 2 months of this letter, or within 6 months of when you first knew about "
               "the problem if that is later."),  # SPSO model complaints handling procedure
])
def test_stage1_reply_says_how_and_by_when_to_escalate(slug, expected, stage1_response_context):
    letter = render("stage1_response", slug, stage1_response_context(slug)[0])
    assert expected in section(letter, "how_to_escalate")


def test_escalation_window_without_a_deadline_date_still_gives_the_days(stage1_response_context):
    context = stage1_response_context("torus")[1]
    assert context["response"]["escalation_deadline"] is None
    text = section(render("stage1_response", "torus", context), "how_to_escalate")
    assert "Please ask within 28 days of the date of this letter." in text


@pytest.mark.parametrize("slug", sorted(PROFILES))
def test_the_reply_says_a_posted_letter_counts_later_only_where_the_profile_deems_it(slug, stage1_response_context):
    posted = "If this letter came to you by post, that time counts from 2 working days after the day we posted it"
    context = stage1_response_context(slug)[0]
    assert posted not in section(render("stage1_response", slug, context), "how_to_escalate")  # no policy says so
    profile = PROFILES[slug]
    deeming = replace(profile, complaints=replace(profile.complaints, posted_received_working_days=2))
    text = section(render_letter_html("stage1_response", profile=deeming, context=context), "how_to_escalate")
    assert posted in text


def test_connect_asks_which_parts_are_unresolved(stage1_response_context):
    text = section(render("stage1_response", "connect", stage1_response_context("connect")[0]), "how_to_escalate")
    assert "which parts of your complaint you feel are still not resolved" in text
    assert "a Director who has not dealt with your complaint before" in text


@pytest.mark.parametrize(("slug", "kind"), [(s, k) for s, k in SENT if k in COMPLAINT_KINDS])
def test_every_complaint_letter_says_when_the_ombudsman_can_be_contacted(slug, kind, samples):
    profile = PROFILES[slug]
    for context in samples(kind, slug):
        text = section(render(kind, slug, context), "ombudsman")
        assert profile.ombudsman.phone in text and profile.ombudsman.name in text
        assert ("at any time" in text) is profile.ombudsman.any_time


@pytest.mark.parametrize("slug", sorted(PROFILES))
def test_stage2_reply_is_final_and_points_to_the_ombudsman(slug, stage2_response_context):
    letter = render("stage2_response", slug, stage2_response_context(slug)[0])
    assert "This is our final response to your complaint." in section(letter, "final")
    omb = PROFILES[slug].ombudsman
    assert f"You can now ask the {omb.name} to look into your complaint." in section(letter, "ombudsman")
    assert "by Monday 15 December 2025" in section(letter, "outstanding_actions")


@pytest.mark.parametrize(("outcome", "phrase"), [
    ("upheld", "We have upheld your complaint."),
    ("partly_upheld", "We have partly upheld your complaint."),
    ("not_upheld", "We have not upheld your complaint."),
    ("resolved", "Your complaint is resolved"),
])
def test_outcome_is_stated(outcome, phrase, stage1_response_context):
    context = stage1_response_context("torus")[0]
    context = {**context, "response": {**context["response"], "outcome": outcome}}
    assert phrase in section(render("stage1_response", "torus", context), "outcome")


def test_an_unknown_outcome_fails_naming_the_template(stage1_response_context):
    context = stage1_response_context("torus")[0]
    context = {**context, "response": {**context["response"], "outcome": "sort_of"}}
    with pytest.raises(LetterError, match=r"stage1_response\.md: response\.outcome must be"):
        render("stage1_response", "torus", context)


def test_compensation_prints_as_money(stage1_response_context):
    text = section(render("stage1_response", "torus", stage1_response_context("torus")[0]), "remedy")
    assert "We will pay you £175 in compensation." in text


def test_stage2_actions_need_target_dates(stage2_response_context):
    context = stage2_response_context("torus")[0]
    actions = [{"text": "Fix the gutter", "target": None}]
    with pytest.raises(LetterError, match="every outstanding action needs a target date"):
        render("stage2_response", "torus", {**context, "response": {**context["response"], "actions": actions}})


@pytest.mark.parametrize(("agreed", "phrase"), [
    (True, "Thank you for agreeing to this."),
    (False, "You can also contact the Housing Ombudsman Service now"),
])
def test_connect_extension_needs_agreement(agreed, phrase, extension_context):
    context = extension_context("connect")[0]
    context = {**context, "extension": {**context["extension"], "customer_agreed": agreed}}
    assert phrase in section(render("extension", "connect", context), "new_due")


def test_an_extension_at_a_stage_without_extensions_fails(extension_context):
    context = extension_context("thenue")[0]
    base = PROFILES["thenue"]
    fixed = replace(base, complaints=replace(base.complaints, stage1=replace(base.complaints.stage1, extension="none")))
    with pytest.raises(LetterError, match="does not extend the time to reply at stage 1"):
        render_letter_html("extension", profile=fixed, context={**context, "case": {**context["case"], "stage": 1}})


@pytest.mark.parametrize(("slug", "always"), [
    ("thenue", True),   # an emergency repair can always be phoned in
    ("torus", False),
])
def test_restriction_letters_say_what_contact_is_always_allowed(slug, always, protocol_imposed_context):
    text = section(render("protocol_imposed", slug, protocol_imposed_context(slug)[0]), "always_allowed")
    assert ("phone us to report an emergency repair" in text) is always
    assert "raise a new issue" in text and "write to us about anything at any time" in text


@pytest.mark.parametrize(("slug", "who"), [
    ("torus", "The decision was made by a Service Manager and agreed with a Service Director."),
    ("housing-solutions", "The decision was made by a Manager, and authorised by a Head of Service."),
    ("thenue", "The decision was made by an Operational Manager."),
])
def test_restriction_letter_says_who_decided(slug, who, protocol_imposed_context):
    assert who in section(render("protocol_imposed", slug, protocol_imposed_context(slug)[0]), "why")


def test_restriction_letter_gives_review_date_and_appeal(protocol_imposed_context):
    letter = render("protocol_imposed", "housing-solutions", protocol_imposed_context("housing-solutions")[0])
    assert "Friday 5 June 2026, 6 months from the start" in section(letter, "review_date")
    appeal = section(letter, "how_to_appeal")
    assert "A Director who was not involved" in appeal and "Friday 2 January 2026" in appeal


@pytest.mark.parametrize(("variant", "phrases"), [
    (0, ["You owe us £120.50.", "we have taken off £120.50", "remaining £199.50"]),
    (1, ["we have not done so because it would cause you hardship", "the full £320"]),
    (3, ["taken off £320", "nothing left to pay you directly"]),
    (4, ["We will not be making a payment."]),
])
def test_ex_gratia_payment(variant, phrases, ex_gratia_decision_context):
    text = section(render("ex_gratia_decision", "thenue", ex_gratia_decision_context("thenue")[variant]), "payment")
    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize(("variant", "who"), [
    (0, "It was approved by an Executive Team member."),
    (2, "As it is more than £500, it was approved by our Board of Management."),
])
def test_ex_gratia_approver_follows_the_limit(variant, who, ex_gratia_decision_context):
    context = ex_gratia_decision_context("thenue")[variant]
    assert who in section(render("ex_gratia_decision", "thenue", context), "decision")


def test_ex_gratia_net_must_add_up(ex_gratia_decision_context):
    context = ex_gratia_decision_context("thenue")[0]
    with pytest.raises(LetterError, match="net_pence must be the amount"):
        render("ex_gratia_decision", "thenue", {**context, "ex_gratia": {**context["ex_gratia"], "net_pence": 1}})


def test_letter_carries_reference_date_sender_and_landlord(stage1_response_context):
    html = render("stage1_response", "torus", stage1_response_context("torus")[0]).html
    for text in ("TOR-2025-0142", "Friday 5 December 2025", "Sam Taylor<br>Investigating Officer<br>Torus",
                 "Phone: 0800 678 1894 (free from landlines and mobiles)", "Dear Ms Aisha Khan,",
                 "12 Mill Street"):
        assert text in html


def test_empty_contact_details_are_skipped(stage2_acknowledgement_context):
    html = render("stage2_acknowledgement", "thenue", stage2_acknowledgement_context("thenue")[0]).html
    header = html.split("</header>")[0]
    assert "London Road, Calton, Glasgow" in header
    assert "Phone:" not in header and "Email:" not in header


@pytest.mark.parametrize("represented", [False, True])
def test_a_representative_gets_a_copy(represented, stage1_acknowledgement_context):
    context = stage1_acknowledgement_context("torus")[1 if represented else 0]
    html = render("stage1_acknowledgement", "torus", context).html
    line = "We have sent a copy of this letter to Mr Tom Ellis, who is acting for you as your advocate."
    assert (line in html) is represented
    assert ("By email: aisha.khan@example.org" in html) is represented  # no postal address: email shown


@pytest.mark.parametrize(("large", "marker"), [(False, '<html lang="en-GB">'), (True, '<html lang="en-GB" class="large-print">')])
def test_large_print_marks_the_page(large, marker, stage1_response_context):
    letter = render("stage1_response", "torus", stage1_response_context("torus")[0], large_print=large)
    assert marker in letter.html
    assert "html.large-print { font-size: 18pt;" in letter.html


@pytest.mark.parametrize("missing", ["letter_date", "customer", "reference"])
def test_a_missing_context_key_fails_clearly(missing, stage1_response_context):
    context = {k: v for k, v in stage1_response_context("torus")[0].items() if k != missing}
    with pytest.raises(LetterError, match=f"the context needs '{missing}'"):
        render("stage1_response", "torus", context)


def test_a_missing_kind_field_fails_naming_template_and_field(stage1_response_context):
    context = stage1_response_context("torus")[0]
    response = {k: v for k, v in context["response"].items() if k != "reasons"}
    with pytest.raises(LetterError, match=r"stage1_response\.md: .*'reasons'"):
        render("stage1_response", "torus", {**context, "response": response})


def test_sender_role_must_be_a_role(stage1_response_context):
    context = {**stage1_response_context("torus")[0], "sender": {"name": "X", "role": "chief"}}
    with pytest.raises(LetterError, match="sender role 'chief' is not a role"):
        render("stage1_response", "torus", context)


def test_the_customers_summary_is_quoted_so_the_sentence_reads(stage1_response_context):
    """Old letters pasted the summary mid-sentence: "your complaint about Rude contractor and missed ..."."""
    context = stage1_response_context("torus")[0]
    context = {**context, "case": {**context["case"], "summary": "Rude contractor and missed repair appointment."}}
    html = render("stage1_response", "torus", context).html
    assert "complaint about \u201cRude contractor and missed repair appointment\u201d, which we received" in html


@pytest.mark.parametrize(("code", "route"), [
    ("staff_allegation", "People Services Business Partner"),  # Torus complaint policy 3.18
    ("board_conduct", "regulatory good practice guidance"),
])
def test_an_allegation_exclusion_says_where_it_goes(code, route, exclusion_context):
    context = next(x for x in exclusion_context("torus") if x["exclusion"]["code"] == code)
    assert route in section(render("exclusion", "torus", context), "reasons")
