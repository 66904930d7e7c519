"""Letters: every step the policies say is "in writing", as checked HTML and a tagged PDF.

One template per kind in `letters/<kind>.md` (Markdown + Jinja with TOML front matter
declaring `title`, `elements` and optionally `applies`), laid out by `letters/letter.html`
and styled by `letters/letter.css`. Values from the context always print as text.

Context contract (built by the use-case code; plain dicts, lists, dates and ints):

- every letter: `letter_date` (date), `reference` (str),
  `customer` {name, address (list of lines, may be empty), email},
  `representative` {name, relationship} or None,
  `sender` {name, role (Role or its value)}
- complaint letters and vexatious_decision: `case` {received_on (date), summary, stage (1|2)}
- stage1_acknowledgement, stage2_acknowledgement: `acknowledgement`
  {understanding, outcome_sought (may be ""), response_due (date)}
- extension: `extension` {reason, new_due (date), customer_agreed (bool)}; `case.stage` picks the stage
- stage1_response, stage2_response: `response` {outcome ("upheld"|"partly_upheld"|"not_upheld"|
  "resolved"), reasons, remedy (may be ""), compensation_pence (int), actions: list of
  {text, target (date; required at stage 2)}, escalation_deadline (date or None)}
- exclusion: `exclusion` {reason_label, explanation, code (optional: the profile's exclusion code)}
- escalation_refused: `escalation_refused` {reason}
- service_request_redirect: `service_request` {route (what happens next), due (date or None)}
- initial_warning, formal_warning: `warning` {incidents: list of {occurred_on (date),
  description}, behaviour_expected, consequences}
- protocol_imposed: `protocol` {reasons, terms: list of plain-English lines, start (date),
  review_date (date), named_contact (may be ""), always_allowed: list of lines,
  appeal_role_title, appeal_deadline (date or None)}
- review_outcome, protocol_changed: `review` {decision ("continue"|"vary"|"end"; a change is
  "vary"|"end"), reasons, next_review (date)}, plus `protocol` (the terms now in force)
  unless the decision is "end"
- appeal_outcome: `appeal` {decision ("upheld"|"partly_upheld"|"not_upheld"), reasons},
  plus `protocol` unless upheld
- vexatious_decision: `vexatious` {decision ("vexatious"|"not_vexatious"), reasons}
- ex_gratia_decision: `ex_gratia` {approved (bool), amount_pence, debt_pence, net_pence
  (the amount, or the amount less the debt when deducting causes no hardship), reason}

Dates print as "Friday 5 December 2025"; pence print as "£12.50".
"""

from portal.letters.checks import check_templates
from portal.letters.easy import EASY_KINDS, check_easy_templates, has_easy_read, render_easy_letter, wants_easy_read
from portal.letters.kinds import ELEMENTS, LETTER_KINDS, REQUIRED_ELEMENTS
from portal.letters.render import RenderedLetter, render_letter, render_letter_html
from portal.letters.samples import sample_context, sample_contexts
from portal.letters.templates import LETTERS_DIR, LetterError, applies_to, load_template

__all__ = [
    "EASY_KINDS", "ELEMENTS", "check_easy_templates", "has_easy_read", "render_easy_letter", "wants_easy_read", "LETTERS_DIR", "LETTER_KINDS", "REQUIRED_ELEMENTS", "LetterError", "RenderedLetter",
    "applies_to", "check_templates", "letter_kinds", "load_template", "render_letter",
    "render_letter_html", "sample_context", "sample_contexts",
]


def letter_kinds(profile) -> tuple[str, ...]:
    """The kinds of letter this landlord sends (each template's `applies` over the profile)."""
    return tuple(k for k in LETTER_KINDS if applies_to(load_template(k), profile))
