"""The page store never writes outside its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.prerender import store


def test_store_refuses_paths_outside_its_folder(_pages_dir: Path) -> None:
    assert store.file_for(_pages_dir, "/../etc/") is None
    assert store.file_for(_pages_dir, "/articles/x") is None
    assert store.file_for(_pages_dir, "/articles/x/") == _pages_dir / "articles/x/index.page"
    assert store.file_for(_pages_dir, "/articles/x.json") == _pages_dir / "articles/x.json.page"
    assert store.file_for(_pages_dir, "/articles/x.json/") is None
    with pytest.raises(ValueError):
        store.write(_pages_dir, "/a/../../b/", [], b"")
