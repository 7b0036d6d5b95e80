"""The pre-rendered page store: one file per URL path under the pages folder.

Files rather than a table because the front layer must answer without a database
connection: a ``stat`` tells it whether its in-memory copy is current, and an atomic
rename means a reader sees the old page or the new one, never half of either. With
several machines the folder is shared storage (docs/deploy.md).

A file holds one JSON line of response headers, then the body. No Django here: the
front layer imports this module in every request's path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsdesk import conf

SUFFIX = "index.page"
# URL paths we store: slug-like segments ending in "/" (a page) or in ".json" (its JSON
# twin); anything else is Django's.
_STORABLE = re.compile(r"^/(?:[A-Za-z0-9_-]+/)*(?:[A-Za-z0-9_-]+\.json)?$")


@dataclass(frozen=True)
class Page:
    headers: list[tuple[str, str]]
    body: bytes
    etag: str


def pages_dir() -> Path:
    return conf.options().prerender.pages_dir


def file_for(root: Path, path: str) -> Path | None:
    """The file that holds URL ``path``, or None when the path is not one we store."""
    if not _STORABLE.match(path):
        return None
    if path.endswith(".json"):
        return root / (path.lstrip("/") + ".page")
    return root / path.lstrip("/") / SUFFIX


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def encode(headers: list[tuple[str, str]], body: bytes) -> bytes:
    return json.dumps(headers).encode("utf-8") + b"\n" + body


def decode(raw: bytes) -> Page:
    line, _, body = raw.partition(b"\n")
    headers = [(str(name), str(value)) for name, value in json.loads(line)]
    return Page(headers=headers, body=body, etag=etag_of(body))


def write(root: Path, path: str, headers: list[tuple[str, str]], body: bytes) -> Path:
    """Store a page atomically: written beside its place, then renamed over it."""
    target = file_for(root, path)
    if target is None:
        raise ValueError(f"not a storable page path: {path!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encode(headers, body))
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove(root: Path, path: str) -> bool:
    target = file_for(root, path)
    if target is None:
        return False
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    return True


def read(root: Path, path: str) -> Page | None:
    target = file_for(root, path)
    if target is None:
        return None
    try:
        return decode(target.read_bytes())
    except FileNotFoundError:
        return None
