"""build_backends: settings in, named backends out, misconfiguration named by alias."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.llm.offline import OfflineBackend
from newsdesk.llm.openai_compat import OpenAICompatBackend
from newsdesk.llm.registry import UnknownBackend, build_backends, get_backends

OPENAI = "newsdesk.llm.openai_compat.OpenAICompatBackend"


def test_builds_both_backends_named_by_alias() -> None:
    backends = build_backends(
        {
            "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend", "OPTIONS": {}},
            "local": {
                "BACKEND": OPENAI,
                "OPTIONS": {"base_url": "http://127.0.0.1:11434/v1/", "model": "qwen3:8b"},
            },
        }
    )
    assert isinstance(backends["offline"], OfflineBackend)
    local = backends["local"]
    assert isinstance(local, OpenAICompatBackend)
    assert (local.name, local.base_url, local.model) == (
        "local",
        "http://127.0.0.1:11434/v1",
        "qwen3:8b",
    )


def test_options_may_be_omitted() -> None:
    backends = build_backends({"fallback": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"}})
    assert backends["fallback"].name == "fallback"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"BACKEND": "newsdesk.llm.nope.Backend"}, "cannot import module 'newsdesk.llm.nope'"),
        ({"BACKEND": "newsdesk.llm.offline.Nope"}, "has no 'Nope'"),
        ({"BACKEND": "OfflineBackend"}, "not a dotted path"),
        ({"BACKEND": ""}, "BACKEND must be a dotted class path"),
        ({}, "BACKEND must be a dotted class path"),
        ({"BACKEND": OPENAI, "OPTIONS": {"model": "m"}}, "bad OPTIONS"),
        ({"BACKEND": OPENAI, "OPTIONS": {"base_url": "u", "model": "m", "colour": 1}}, "colour"),
        ({"BACKEND": OPENAI, "OPTIONS": {"base_url": "", "model": "m"}}, "base_url is required"),
        ({"BACKEND": OPENAI, "OPTIONS": {"name": "x"}}, "OPTIONS\\['name'\\]"),
        ({"BACKEND": OPENAI, "OPTIONS": ["base_url"]}, "OPTIONS must be a mapping"),
        ({"BACKEND": OPENAI, "OPTION": {}}, "unknown keys"),
        ({"BACKEND": "newsdesk.llm.base.Message"}, "bad OPTIONS|does not implement"),
        ({"BACKEND": "types.SimpleNamespace"}, "does not implement"),
    ],
)
def test_bad_entries_raise_value_error_naming_the_alias(
    entry: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match="'primary'") as caught:
        build_backends({"primary": entry})
    assert caught.match(message)


TWO = {"offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"},
       "spare": {"BACKEND": "newsdesk.llm.offline.OfflineBackend"}}


def test_get_backends_resolves_names_once_per_configuration() -> None:
    primary, fallback = get_backends("offline", "spare", TWO)
    assert (primary.name, fallback and fallback.name) == ("offline", "spare")
    again, _ = get_backends("offline", "", dict(TWO))  # an equal configuration, rebuilt
    assert again is primary  # one backend (and its rate limit) per process
    assert get_backends("spare", "spare", TWO)[1] is None  # the same one would fail again


@pytest.mark.parametrize(("primary", "fallback", "role"),
                         [("nope", "offline", "primary"), ("offline", "nope", "fallback")])
def test_get_backends_refuses_an_unknown_name_in_either_role(
        primary: str, fallback: str, role: str) -> None:
    with pytest.raises(UnknownBackend, match="unknown backend 'nope'") as caught:
        get_backends(primary, fallback, TWO)
    assert (caught.value.role, caught.value.available) == (role, ["offline", "spare"])
