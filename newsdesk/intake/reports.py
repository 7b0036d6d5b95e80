"""What reading one ingest target gave: the report the services fill in, the attempt log
records and the commands print.

It lives apart from ``services`` so that ``attempts`` (which records a report) and
``services`` (which makes one) need not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.intake.store import Stored


@dataclass
class IngestReport:
    """What one target gave: counts per outcome, and every error with what it names."""

    target: str
    source_id: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Stored})
    errors: list[str] = field(default_factory=list)
    fatal: str = ""
    not_modified: bool = False
    # What the operator sees on the source's attempt log.
    error_kind: str = ""
    http_status: int | None = None
    bytes: int = 0
    duration_ms: int = 0
    retry_after: int | None = None
    started_at: datetime | None = None
    # The web page the feed was found on, when the target given was a site's page.
    found_on: str = ""

    @property
    def label(self) -> str:
        """The target as the operator should read it."""
        return f"{self.target} (found on {self.found_on})" if self.found_on else self.target

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.fatal
