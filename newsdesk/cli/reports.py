"""Tables the long-running commands end with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from newsdesk.intake.reports import IngestReport


def outcome_line(report: IngestReport) -> str:
    """One line per target: what happened, or why it failed."""
    if report.fatal:
        return f"failed     {report.label}: {report.fatal}"
    if report.not_modified:
        return f"unchanged  {report.label}: not modified since last fetch"
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items())
    state = "new" if report.counts["new"] or report.counts["updated"] else "unchanged"
    return f"{state:<10} {report.label}: {counts}, {report.failed} failed"


def ingest_table(reports: Sequence[IngestReport]) -> Table:
    table = Table(title="Ingest")
    for column in ("source", "new", "updated", "unchanged", "duplicate", "failed"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for r in reports:
        failed = "all" if r.fatal else str(r.failed)
        table.add_row(r.label, *(str(r.counts[k]) for k in
                                  ("new", "updated", "unchanged", "duplicate")), failed)
    return table


def process_table(outcomes: Counter[str]) -> Table:
    table = Table(title="Process")
    table.add_column("outcome")
    table.add_column("items", justify="right")
    for outcome, n in sorted(outcomes.items()):
        table.add_row(outcome, str(n))
    return table


def print_table(table: Table) -> None:
    Console(highlight=False).print(table)
