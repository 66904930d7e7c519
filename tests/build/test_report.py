"""The build report lists per Easy Read page: points, sentences per point, longest sentence, hard words,
pictures and their meanings, PDF pages and the Flesch-Kincaid grade (issue 16)."""

from __future__ import annotations

from portal.documents.records import Figures, Report
from portal.documents.report import figures_table
from portal.documents.site import build
from tests.build.easy_fixtures import CONTENT


def test_the_table_shows_every_figure_per_page():
    figures = Figures(grade=3.4, words=400, sentences=50, longest=14, pages=7, points=30, most_per_point=2,
                      hard_words=("tenancy",), pictures=("phone: A person on the phone",))
    table = figures_table(Report(rendered=(), issues=(), figures={"a.easy.md": figures}))
    header, row = table.split("\n")[:2]
    assert header.split() == ["Easy", "Read", "page", "grade", "words", "sentences", "points", "most/point",
                              "longest", "pages"]
    assert row.split() == ["a.easy.md", "3.4", "400", "50", "30", "2", "14", "7"]
    assert "hard words (each explained in Words to know): tenancy" in table
    assert "pictures: phone: A person on the phone" in table


def test_a_build_reports_the_real_pages_and_remembers_them(tmp_path):
    first = build(CONTENT, tmp_path / "site", landlords=["thenue"], pdf=False)
    again = build(CONTENT, tmp_path / "site", landlords=["thenue"], pdf=False)  # from the cache
    for report in (first, again):
        figures = report.figures[str(CONTENT / "policies" / "thenue" / "ex-gratia.easy.md")]
        assert figures.points > 20 and figures.most_per_point == 2 and figures.longest <= 15
        assert "ex-gratia" in figures.hard_words and "housing benefit" in figures.hard_words
        assert "money: Money we pay you" in figures.pictures
    assert again.up_to_date > 0
