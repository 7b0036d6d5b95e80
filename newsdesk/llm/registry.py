"""Build backends from a mapping shaped like Django's CACHES, and choose among them.

Pure on purpose: the configuration is handed in as a plain mapping, so this module
never imports Django and every misconfiguration surfaces as one ValueError naming the
alias. ``get_backends`` is the one place a backend choice is made: the pipeline, the
``rewrite`` command, LLM summaries and the deploy checks all ask it, so they cannot
disagree about which backend runs or what a misspelt name means.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Mapping
from typing import Any

from newsdesk.llm.base import Backend
from newsdesk.llm.limits import LimitedBackend, RateLimiter

__all__ = ["UnknownBackend", "build_backend", "build_backends", "configured", "get_backends"]

_ALLOWED_KEYS = frozenset({"BACKEND", "OPTIONS", "LIMITS"})
_LIMIT_KEYS = frozenset({"MAX_CONCURRENCY", "REQUESTS_PER_MINUTE", "MAX_WAIT"})
_MAX_CONFIGURATIONS = 16  # a process has one; tests switch between a few


class UnknownBackend(ValueError):
    """A backend name that is not among the configured ones."""

    def __init__(self, name: str, role: str, available: list[str]) -> None:
        super().__init__(f"unknown backend {name!r} (the {role}); configured: {available}")
        self.name, self.role, self.available = name, role, available


def get_backends(primary: str, fallback: str,
                 config: Mapping[str, Mapping[str, Any]]) -> tuple[Backend, Backend | None]:
    """The backend that writes and the one that takes over when it fails, by name.

    ``fallback`` may be empty (no fallback); one naming the primary itself means none
    too, since the same backend would only fail again. Any other name must be configured:
    a misspelt fallback raises ``UnknownBackend`` like a misspelt primary, rather than
    quietly leaving the site without the fallback its operator asked for.
    """
    backends = configured(config)
    if primary not in backends:
        raise UnknownBackend(primary, "primary", sorted(backends))
    if not fallback or fallback == primary:
        return backends[primary], None
    if fallback not in backends:
        raise UnknownBackend(fallback, "fallback", sorted(backends))
    return backends[primary], backends[fallback]


_built: dict[str, dict[str, Backend]] = {}
_built_lock = threading.Lock()


def configured(config: Mapping[str, Mapping[str, Any]]) -> dict[str, Backend]:
    """The backends ``config`` describes, built once per process for each configuration,
    so a rate limit is one limit shared by every worker thread."""
    key = json.dumps(config, sort_keys=True, default=repr)
    with _built_lock:
        backends = _built.get(key)
        if backends is None:
            if len(_built) >= _MAX_CONFIGURATIONS:
                _built.clear()
            backends = _built[key] = build_backends(config)
    return backends


def build_backends(config: Mapping[str, Mapping[str, Any]]) -> dict[str, Backend]:
    """``{"alias": {"BACKEND": "dotted.Class", "OPTIONS": {...}}}`` → ``{"alias": backend}``.

    Each backend is constructed as ``Class(name=alias, **OPTIONS)``. An optional
    ``"LIMITS": {"MAX_CONCURRENCY": n, "REQUESTS_PER_MINUTE": m, "MAX_WAIT": s}`` wraps it
    in a thread-safe limiter shared by every worker thread of the process.
    """
    return {alias: build_backend(alias, entry) for alias, entry in config.items()}


def build_backend(alias: str, entry: Mapping[str, Any]) -> Backend:
    where = f"LLM backend {alias!r}"
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping with BACKEND and OPTIONS")
    unknown = set(entry) - _ALLOWED_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown keys {sorted(unknown)}; use BACKEND, OPTIONS and LIMITS"
        )
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
    limiter = _limiter(where, entry.get("LIMITS"))
    return LimitedBackend(backend, limiter) if limiter is not None else backend


def _limiter(where: str, limits: object) -> RateLimiter | None:
    if not limits:
        return None
    if not isinstance(limits, Mapping):
        raise ValueError(f"{where}: LIMITS must be a mapping")
    unknown = set(limits) - _LIMIT_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown LIMITS keys {sorted(unknown)}; use {sorted(_LIMIT_KEYS)}"
        )
    values: dict[str, int | None] = {}
    for key in ("MAX_CONCURRENCY", "REQUESTS_PER_MINUTE"):
        value = limits.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"{where}: LIMITS[{key!r}] must be a whole number or None")
        values[key] = value
    max_wait = limits.get("MAX_WAIT", 120.0)
    if isinstance(max_wait, bool) or not isinstance(max_wait, int | float) or max_wait < 0:
        raise ValueError(f"{where}: LIMITS['MAX_WAIT'] must be a number of seconds")
    if values["MAX_CONCURRENCY"] is None and values["REQUESTS_PER_MINUTE"] is None:
        return None
    try:
        return RateLimiter(
            max_concurrency=values["MAX_CONCURRENCY"],
            requests_per_minute=values["REQUESTS_PER_MINUTE"],
            max_wait=float(max_wait),
        )
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc


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
