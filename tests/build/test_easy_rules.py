"""Each Easy Read rule fails the page when broken, naming the file and line (issue 16)."""

from __future__ import annotations

import pytest

from portal.documents import easyread
from portal.documents.hardwords import load_words
from portal.documents.pictures import load_table
from tests.build.easy_fixtures import VALID, figures, lint, rules_at, swap


def test_the_valid_page_passes():
    assert lint(VALID) == []


def test_a_third_sentence_beside_one_picture_fails():
    page = swap("You can phone us.\n", "You can phone us.\nYou can email us.\nYou can write to us.\n")
    assert ("point-length", 6) in rules_at(lint(page))


def test_two_sentences_beside_one_picture_pass():
    assert lint(swap("You can phone us.\n", "You can phone us.\nYou can email us.\n")) == []


def test_an_issue_names_the_file_and_line():
    page = swap("You can phone us.\n", "You can phone us.\nYou can email us.\nYou can write to us.\n")
    assert any(str(i).startswith("page.easy.md:6: ") and "[point-length]" in str(i) for i in lint(page))


def test_a_picture_not_in_the_table_fails():
    assert ("picture", 6) in rules_at(lint(swap("![](picture:phone)\nYou can", "![](picture:no-such-picture)\nYou can")))


def test_a_picture_code_instead_of_a_name_fails():
    assert ("picture", 6) in rules_at(lint(swap("![](picture:phone)\nYou can", "![](picture:1F4DE)\nYou can")))


def test_alt_text_written_in_the_page_fails_because_the_table_declares_it():
    issues = lint(swap("![](picture:phone)\nYou can", "![A phone](picture:phone)\nYou can"))
    assert ("picture", 6) in rules_at(issues)
    assert "A person on the phone" in " ".join(i.message for i in issues)


@pytest.mark.parametrize("line", [
    "Go to www.torus.co.uk to read more.",
    "Go to https://www.torus.co.uk to read more.",
    "Go to torus.co.uk to read more.",
    "Email info@torus.co.uk to tell us.",
    "Phone us on {{ contact.phone }}.",
    "Go to [https://www.torus.co.uk](https://www.torus.co.uk) now.",
])
def test_raw_addresses_fail(line):
    assert ("raw-url", 7) in rules_at(lint(swap("You can phone us.", line)))


def test_named_links_pass():
    assert lint(swap("You can phone us.", "Go to [our website]({{ contact.website }}).")) == []


def test_an_unexplained_hard_word_fails():
    page = swap("## Your home\n", "## Your home\n\n![](picture:legal-action)\nWe may take **legal action**.\n")
    assert ("hard-word", 15) in rules_at(lint(page))


def test_a_hard_word_not_bold_where_first_used_fails():
    assert ("hard-word", 15) in rules_at(lint(swap("We look after your **tenancy**.", "We look after your tenancy.")))


def test_a_hard_word_from_the_profile_is_checked_too():
    page = swap("We look after your **tenancy**.", 'A {{ profile.title("director") }} will decide.')
    assert ("hard-word", 15) in rules_at(lint(page))


def test_every_word_the_issue_lists_is_a_hard_word():
    words = load_words(easyread_content())
    listed = ["service director", "service manager", "councillor", "solicitor", "reachdeck", "legal action",
              "tenancy", "housing benefit", "excess", "executive team member", "board of management", "ex-gratia"]
    everyone = set(words.common) | {w for ws in words.by_landlord.values() for w in ws}
    assert set(listed) <= everyone


def easyread_content():
    from tests.build.easy_fixtures import CONTENT
    return CONTENT


def test_a_page_must_open_with_the_most_important_things():
    assert ("most-important", 1) in rules_at(lint(swap("## The most important things", "## About this page")))


def test_the_most_important_things_needs_3_to_5_points():
    page = swap("![](picture:phone)\nYou can phone us.\n\n![](picture:ombudsman)\nThe **{{ omb.short_name }}** can look at your complaint.\n\n", "")
    assert ("most-important", 1) in rules_at(lint(page))


def test_a_page_must_end_with_help_and_complaints():
    assert ("help", 25) in rules_at(lint(swap("## How to get help and complain", "## Contact us")))


@pytest.mark.parametrize("old, new", [
    ("Phone us on [{{ contact.phone }}]({{ contact.phone|tel }}).", "Phone us on [our number]({{ contact.phone|tel }})."),
    ("Email us at [{{ contact.email }}](mailto:{{ contact.email }}).", "Email us."),
    ("Find out more on [our website]({{ contact.website }}).", "Find out more on [the web]({{ contact.website }})."),
    ("Read [how to complain](#the-most-important-things).", "Read the page again."),
    ("Go to [the {{ omb.short_name }} website]({{ omb.website }}).", "Ask the {{ omb.short_name }}."),
])
def test_the_help_section_needs_each_named_link(old, new):
    assert ("help", 25) in rules_at(lint(swap(old, new)))


def test_a_long_heading_fails():
    page = swap("## Your home", "## What we do about your home and all the things you have told us about it")
    assert ("sentence-length", 12) in rules_at(lint(page))


def test_a_long_title_or_standfirst_and_a_hard_word_in_a_title_fail():
    text = '+++\ntitle = "Ex-gratia payments policy: Easy Read"\nsummary = "%s"\n+++\n' % " ".join(["word"] * 16)
    front = {"title": "Ex-gratia payments policy: Easy Read", "summary": " ".join(["word"] * 16)}
    issues = easyread.check_front_matter(front, text, "page.easy.md", ["ex-gratia"])
    assert {(i.rule, i.line) for i in issues} == {("plain-title", 2), ("sentence-length", 3)}


def test_a_long_sentence_the_theme_prints_fails():
    html = ('<html><head><title>Short</title></head><body><p>' + " ".join(["word"] * 16) + '.</p>'
            '<div class="policy-body"><div><p>' + " ".join(["body"] * 20) + '.</p></div></div></body></html>')
    issues = easyread.check_theme_text(html, "theme/policy.html")
    assert [i.rule for i in issues] == ["sentence-length"] and "16-word" in issues[0].message


def test_small_pictures_or_small_text_in_the_stylesheets_fail():
    print_css = "body.easy { font-size: 14pt; }\n.point .picture {\n  width: 24mm; height: 30mm; }\n"
    found = {(i.rule, i.line) for i in easyread.check_stylesheet(print_css, "print.css", medium="print")}
    assert found == {("text-size", 1), ("picture-size", 3)}
    screen_css = "@media (max-width: 40em) {\n  .point .picture { width: 3.5rem; height: 96px; }\n}\n"
    found = {(i.rule, i.line) for i in easyread.check_stylesheet(screen_css, "site.css", medium="screen")}
    assert found == {("picture-size", 2)}


def test_the_real_stylesheets_pass():
    from tests.build.easy_fixtures import CONTENT
    for name, medium in (("print.css", "print"), ("site.css", "screen")):
        css = (CONTENT / "theme" / name).read_text()
        assert easyread.check_stylesheet(css, name, medium=medium) == []


def test_a_long_pdf_fails():
    assert easyread.page_count_issue("page.easy.md", 12) is None
    assert easyread.page_count_issue("page.easy.md", 13).rule == "pages"


def _table(tmp_path, text: str, symbols=("sad_man", "letter")):
    (tmp_path / "easyread" / "mulberry").mkdir(parents=True)
    for symbol in symbols:
        (tmp_path / "easyread" / "mulberry" / f"{symbol}.svg").write_text("<svg/>")
    (tmp_path / "easyread" / "pictures.toml").write_text(text)
    return load_table(tmp_path)


def test_one_symbol_standing_for_two_ideas_fails(tmp_path):
    table = _table(tmp_path, '[sad]\nsymbol = "sad_man"\nmeans = "A sad person"\n\n'
                             '[anonymous]\nsymbol = "sad_man"\nmeans = "We do not know who you are"\n')
    assert [line for line, _ in table.problems] == [5]
    assert "one picture stands for one idea" in table.problems[0][1]


def test_a_missing_symbol_or_a_long_meaning_fails(tmp_path):
    table = _table(tmp_path, '[post]\nsymbol = "post_box"\nmeans = "A post box"\n\n'
                             '[letter]\nsymbol = "letter"\nmeans = "A letter that we send to you in the post today"\n')
    assert [line for line, _ in table.problems] == [1, 5]


def test_the_project_table_has_no_problems_and_every_symbol_is_unique():
    from tests.build.easy_fixtures import TABLE
    assert TABLE.problems == ()
    symbols = [p.symbol for p in TABLE.pictures.values()]
    assert len(symbols) == len(set(symbols))


def test_the_layout_gives_each_picture_its_meaning_as_alt_text():
    from portal.documents.markdown import to_html
    from tests.build.easy_fixtures import TABLE
    html = to_html("![](picture:write-to-us)\nWrite to us.\n", extensions=easyread.layout_extensions(TABLE)).html
    assert 'alt="A person writing a letter"' in html and 'class="picture"' in html


def test_the_figures_count_points_sentences_hard_words_and_pictures():
    found = figures(swap("You can phone us.\n", "You can phone us.\nYou can email us.\n"))
    assert found.points == 11 and found.most_per_point == 2
    assert found.hard_words == ("ombudsman", "tenancy")
    assert "phone: A person on the phone" in found.pictures
