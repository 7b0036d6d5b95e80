"""The guard's two entry points: a rewrite, or any other generated text.

- ``check`` judges a rewrite (headline + paragraphs with ``[Source: …]`` markers) by
  every rule in ``rules.RULES``. Its rules are hard: any problem keeps the rewrite from
  auto-publishing.
- ``check_text`` judges any generated text, such as a summary, by ``rules.TEXT_RULES``,
  the trained classifier included unless the caller opts out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from newsdesk.editorial.guard.draft import Draft
from newsdesk.editorial.guard.problems import Problem, Verdict
from newsdesk.editorial.guard.rules import RULES, TEXT_RULES, run
from newsdesk.editorial.guard.rules.classifier import score

__all__ = ["check", "check_text"]


def check(
    generated_headline: str,
    generated_paragraphs: Sequence[str],
    source_texts: Sequence[str],
    allowed_labels: Collection[str],
    *,
    judge: bool = False,
    labels: Sequence[str] = (),
    fields: Sequence[str] = (),
) -> Verdict:
    """Run every rewrite rule; an empty problem tuple means the rewrite may be published.

    `labels` name the sources in the provenance (`Verdict.sentences`), one per source text,
    and `fields` say which stored text each is ("text" unless "title").
    `judge=True` also asks the text model, which is tuned on summaries. It is opt-in here
    because some callers (an editor's edit) should be held to the rules alone; the
    pipeline and `newsdesk rewrite` opt in for every rewrite (see rewrite/checks.py).
    """
    draft = Draft.rewrite(generated_headline, generated_paragraphs, source_texts,
                          allowed_labels, judge=judge, labels=labels, fields=fields)
    return Verdict(run(RULES, draft), score(draft) if judge else None, draft.trace.sentences)


def check_text(generated: str, source_texts: Sequence[str], *, judge: bool = True,
               labels: Sequence[str] = ()) -> Verdict:
    """Check any generated text (a summary, a headline alone) against its sources.

    Numbers, dates, names and quotes must come from the sources; prompt leakage is reported;
    the classifier (unless `judge=False`) reports its least supported sentence. A text with
    nothing left once its preamble and markers are gone has nothing else to check.
    """
    draft = Draft.text(generated, source_texts, judge=judge, labels=labels)
    if not draft.whole.strip():
        return Verdict((Problem("empty", "", "the generated text is empty"),))
    return Verdict(run(TEXT_RULES, draft), score(draft) if judge else None,
                   draft.trace.sentences)
