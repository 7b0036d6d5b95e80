"""Fixtures of the rewrite tests (defined in tests/support/llm.py)."""

from tests.support.llm import _no_real_key, llm_server, second_source, wire_source

__all__ = ["_no_real_key", "llm_server", "second_source", "wire_source"]
