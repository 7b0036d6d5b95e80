"""Rewrite and check in one call, so what the pipeline stores and what `newsdesk rewrite`
prints are judged by the same steps: the rewrite policy, then house style and the guard
with its classifier, or — for a reply nothing could use — the raw text, failing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.editorial.rewrite.checks import Checked, check_against, unusable
from newsdesk.editorial.rewrite.policy import PROMPT_VERSION, Observer, UnusableOutput, rewrite
from newsdesk.llm.base import Backend, SourceDocument


@dataclass(frozen=True)
class Written:
    """A checked rewrite and what made it, as an article version records it."""

    checked: Checked
    made_by: str
    model_name: str
    prompt_version: str
    extractive: bool


def write_checked(
    documents: Sequence[SourceDocument],
    backend: Backend,
    *,
    fallback: Backend | None = None,
    observer: Observer | None = None,
    placeholder_title: str = "",
) -> Written:
    """Rewrite ``documents`` and check the result against all of them.

    An unusable reply (even after the repair request, and no fallback did better) becomes
    a failing version titled after ``placeholder_title`` (default: the first document's
    title), so an editor reads it in the queue and it can never go out. Raises LLMError
    when no backend answered at all.
    """
    try:
        outcome = rewrite(documents, backend, fallback=fallback, observer=observer)
    except UnusableOutput as exc:
        title = placeholder_title or documents[0].title
        return Written(unusable(exc.text, exc.reason, title), exc.backend, exc.model,
                       PROMPT_VERSION, extractive=False)
    checked = check_against(
        outcome.rewrite.headline, outcome.rewrite.paragraphs, documents,
        judge=True,  # the classifier judges every backend's rewrite (see check_rewrite)
        incomplete=outcome.rewrite.incomplete,
    )
    return Written(checked, outcome.result.backend, outcome.result.model,
                   outcome.prompt_version, outcome.result.extractive)
