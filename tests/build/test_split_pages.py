"""A long Easy Read policy split into parts: each part names its policy and the two link both ways."""

from __future__ import annotations

import shutil

from portal.documents.markdown import split_front_matter
from portal.documents.site import build
from tests.build.easy_fixtures import CONTENT


def _parts():
    for path in sorted(CONTENT.glob("policies/*/*.easy.md")):
        front, body, _ = split_front_matter(path.read_text(), path)
        if "part_of" in front:
            yield path, front["part_of"], body


def test_every_part_and_its_policy_link_both_ways():
    parts = list(_parts())
    assert len(parts) >= 3
    for path, whole, body in parts:
        assert f"({whole}.easy.md" in body, path
        main = (path.parent / f"{whole}.easy.md").read_text()
        assert f"({path.name})" in main or f"({path.name}#" in main, path


def test_a_part_of_no_policy_is_reported(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    part = content / "policies" / "torus" / "complaint-answers.easy.md"
    part.write_text(part.read_text().replace('part_of = "complaints"', 'part_of = "complaint"'))
    report = build(content, tmp_path / "site", landlords=["torus"], pdf=False)
    assert any("part_of 'complaint'" in w for w in report.warnings)
