"""newsdesk.conf: options declared once, read once into typed groups."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from newsdesk import conf
from tests.support.options import OptionsOverride, override_options


def test_options_are_read_into_typed_groups(tmp_path: Path) -> None:
    loaded = conf.load({
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_SITE_URL": "https://news.example.org/",
        "NEWSDESK_FETCH_ALLOW_NETWORKS": "10.0.0.0/8, 127.0.0.1",
        "NEWSDESK_FETCH_TIMEOUT": "7.5",
        "NEWSDESK_AUTO_PUBLISH": "no",
        "NEWSDESK_LLM_FALLBACK": "",
    })
    assert loaded.site.url == "https://news.example.org"  # links append their own slash
    assert loaded.fetch.timeout == 7.5 and loaded.fetch.max_bytes == 10 * 1024 * 1024
    assert loaded.fetch.allow_networks == (ipaddress.ip_network("10.0.0.0/8"),
                                           ipaddress.ip_network("127.0.0.1/32"))
    assert loaded.workflow.auto_publish is False
    assert (loaded.llm.backend, loaded.llm.fallback) == ("offline", "")
    assert loaded.prerender.pages_dir == (tmp_path / "pages").resolve()
    assert "local" not in loaded.llm.backends  # no model file given


def test_a_local_model_path_adds_the_local_backend() -> None:
    loaded = conf.load({"NEWSDESK_LOCAL_MODEL_PATH": "/models/small.gguf",
                        "NEWSDESK_LOCAL_THREADS": "2"})
    assert loaded.llm.backends["local"]["OPTIONS"] == {"model_path": "/models/small.gguf",
                                                       "threads": 2}


def test_options_are_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    first = conf.options()
    monkeypatch.setenv("NEWSDESK_SITE_NAME", "Changed Later")
    assert conf.options() is first  # a changed environment is not a changed configuration
    previous = conf.set_options(None)
    try:
        assert conf.options().site.name == "Changed Later"
    finally:
        conf.set_options(previous)


def test_a_test_override_lasts_until_it_is_undone(options: OptionsOverride) -> None:
    before = conf.options()
    with override_options(NEWSDESK_PAGE_SIZE=3) as inner:
        assert conf.options().site.page_size == 3 == inner.current.site.page_size
    assert conf.options() is before
    with pytest.raises(KeyError, match="NEWSDESK_PAGESIZE"):
        options.set(NEWSDESK_PAGESIZE=3)
