"""The file layer: atomic durable replace, signatures that always move, one import of TinyDB."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest

from portal.store.files import Folder, signature, write_durably

ROOT = Path(__file__).resolve().parents[2]
HOUR_NS = 3600 * 10**9


@pytest.mark.parametrize("previous_mtime", [None, 0, "now", "now+1h"])
def test_every_write_moves_the_signature_even_against_a_clock_ahead(tmp_path, previous_mtime):
    folder, path = Folder(tmp_path), tmp_path / "data.json"
    try:
        previous = None
        if previous_mtime is not None:
            path.write_bytes(b"{}")
            ns = {0: 0, "now": time.time_ns(), "now+1h": time.time_ns() + HOUR_NS}[previous_mtime]
            os.utime(path, ns=(ns, ns))
            previous = signature(path)
        new = write_durably(path, b"{}", folder, previous)  # same size as before
        assert new == signature(path)
        assert previous is None or new[2] > previous[2]
        assert path.read_bytes() == b"{}"
        assert not (tmp_path / ".data.json.tmp").exists()
    finally:
        folder.close()


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    folder, path = Folder(tmp_path), tmp_path / "data.json"
    try:
        write_durably(path, b'{"v": 1}', folder, None)
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError("disk gone")))
        with pytest.raises(OSError):
            write_durably(path, b'{"v": 2, "much": "longer"}', folder, signature(path))
        assert path.read_bytes() == b'{"v": 1}'
    finally:
        folder.close()


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_shards_module_imports_tinydb():
    sources = [p for p in ROOT.glob("**/*.py")
               if not {".venv", "tests", "node_modules", "site"} & set(p.relative_to(ROOT).parts)]
    importers = sorted(str(p.relative_to(ROOT)) for p in sources if "tinydb" in imports_of(p))
    assert importers == ["portal/store/shards.py"]
