"""Commits in tests that run inside one transaction.

pytest-django's ``django_db`` runs each test inside a transaction that is rolled back at
the end, so nothing registered with ``transaction.on_commit`` — the publication event
that pages, the page cache and the search index follow — would ever run. ``committed()``
marks where a real commit would be: the callbacks registered inside the block run when
it ends, as the commit of the block's own transaction would run them. In a test marked
``transaction=True`` the real commit has run them already and it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.test import TestCase


@contextmanager
def committed() -> Iterator[None]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
