"""Overriding newsdesk's options in a test, the way pytest-django's ``settings`` fixture
overrides Django settings: changes last until the test ends, then the process's options
are put back.

    def test_x(options):
        options.set(NEWSDESK_AUTO_PUBLISH=False, NEWSDESK_PAGE_SIZE=2)

Values are given by option name, already typed (a bool, an int, a list of networks), as
``newsdesk.conf`` would have parsed them; ``set_llm_backends`` swaps in a whole mapping of
named LLM backends, which no single option describes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from newsdesk import conf
from newsdesk.reader.addresses import IPNetwork, parse_networks
from newsdesk.reader.fetch_options import FetchOptions

__all__ = ["OptionsOverride", "fetch_options", "override_options"]


class OptionsOverride:
    def __init__(self) -> None:
        self._saved = conf.options()
        self._values: dict[str, Any] = dict(self._saved.values)
        self._llm_backends: Mapping[str, Mapping[str, Any]] | None = None

    @property
    def current(self) -> conf.Options:
        return conf.options()

    def set(self, **values: Any) -> conf.Options:
        unknown = set(values) - set(conf.BY_NAME)
        if unknown:
            raise KeyError(f"not newsdesk options: {sorted(unknown)}")
        self._values.update(values)
        return self._apply()

    def set_llm_backends(self, backends: Mapping[str, Mapping[str, Any]]) -> conf.Options:
        self._llm_backends = backends
        return self._apply()

    def restore(self) -> None:
        conf.set_options(self._saved)

    def _apply(self) -> conf.Options:
        built = conf.build(self._values)
        if self._llm_backends is not None:
            built = dataclasses.replace(
                built, llm=dataclasses.replace(built.llm, backends=self._llm_backends))
        conf.set_options(built)
        return built


@contextmanager
def override_options(**values: Any) -> Iterator[OptionsOverride]:
    """``options.set(**values)`` for the length of a ``with`` block."""
    override = OptionsOverride()
    try:
        override.set(**values)
        yield override
    finally:
        override.restore()


def fetch_options(*, allow_networks: Iterable[str | IPNetwork] | None = None,
                  **changes: Any) -> FetchOptions:
    """The declared fetch limits (the options' defaults, not this process's environment)
    with the suite's loopback servers allowed, and ``changes`` applied; ``allow_networks``
    may be written as the operator writes them ("127.0.0.1/32")."""
    declared = conf.load({"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}).fetch
    if allow_networks is not None:
        changes["allow_networks"] = parse_networks(allow_networks)
    return dataclasses.replace(declared, **changes)
