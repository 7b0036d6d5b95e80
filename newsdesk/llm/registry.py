"""Build backends from settings shaped like Django's CACHES.

Pure on purpose: settings hand in a plain mapping, so this module never imports
Django and every misconfiguration surfaces as one ValueError naming the alias.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from newsdesk.llm.base import Backend

_ALLOWED_KEYS = frozenset({"BACKEND", "OPTIONS"})


def build_backends(config: Mapping[str, Mapping[str, Any]]) -> dict[str, Backend]:
    """``{"alias": {"BACKEND": "dotted.Class", "OPTIONS": {...}}}`` → ``{"alias": backend}``.

    Each backend is constructed as ``Class(name=alias, **OPTIONS)``.
    """
    return {alias: build_backend(alias, entry) for alias, entry in config.items()}


def build_backend(alias: str, entry: Mapping[str, Any]) -> Backend:
    where = f"LLM backend {alias!r}"
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping with BACKEND and OPTIONS")
    unknown = set(entry) - _ALLOWED_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; use BACKEND and OPTIONS")
    dotted = entry.get("BACKEND")
    if not isinstance(dotted, str) or not dotted:
        raise ValueError(f"{where}: BACKEND must be a dotted class path")
    options = entry.get("OPTIONS") or {}
    if not isinstance(options, Mapping):
        raise ValueError(f"{where}: OPTIONS must be a mapping")
    if "name" in options:
        raise ValueError(f"{where}: do not set OPTIONS['name']; the alias is the name")
    factory = _import(where, dotted)
    try:
        backend = factory(name=alias, **options)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: bad OPTIONS for {dotted}: {exc}") from exc
    if not isinstance(backend, Backend):
        raise ValueError(f"{where}: {dotted} does not implement complete() and health()")
    return backend


def _import(where: str, dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    if not module_name:
        raise ValueError(f"{where}: {dotted!r} is not a dotted path like package.module.Class")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"{where}: cannot import module {module_name!r}: {exc}") from exc
    try:
        factory = getattr(module, attr)
    except AttributeError:
        raise ValueError(f"{where}: module {module_name!r} has no {attr!r}") from None
    if not callable(factory):
        raise ValueError(f"{where}: {dotted} is not callable")
    return factory
