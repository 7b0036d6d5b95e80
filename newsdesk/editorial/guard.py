"""The fact guard: every generated text is checked against its sources before readers see it.

Why: the system newsdesk replaces published a leaked prompt as a headline ("Rewritten Article
for ...") and padded a four-sentence wire item with filler; small models invented a phone call
and dropped a vote tally. Two entry points share the checks:

- `check` judges a rewrite (headline + paragraphs with `[Source: …]` markers). Its rules are
  hard: any problem keeps the rewrite from auto-publishing.
- `check_text` judges any generated text, such as a summary, and adds the trained classifier
  (`guard_model`), which catches unsupported clauses that no single rule sees.

The checks live in modules by job: guard_numbers, guard_names, guard_leaks, guard_features.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from newsdesk.editorial import guard_names
from newsdesk.editorial.attribution import SOURCE_MARKER, fold_label, strip_markers
from newsdesk.editorial.guard_features import Analysis, SourceFacts, analyse, source_facts
from newsdesk.editorial.guard_leaks import LEAK_MARKERS, leaks, preamble_end
from newsdesk.editorial.guard_model import model
from newsdesk.editorial.guard_text import STOPWORDS, stem, tokens

__all__ = [
    "FACT_KINDS", "LEAK_MARKERS", "Problem", "Verdict", "check", "check_text", "claims_of",
]

PADDING_RATIO = 1.3  # body may be at most this many times the source words ...
PADDING_ALLOWANCE = 25  # ... plus this many, so short sources leave room for attribution
FILLER_MIN_WORDS = 6  # a sentence this long (content words) ...
FILLER_MAX_SUPPORT = 0.2  # ... with at most this share found in the source carries no fact

# Kinds that say the text states something its source does not; the rest are about form.
FACT_KINDS = frozenset({"number", "date", "time", "name", "quote", "unsupported"})


@dataclass(frozen=True)
class Problem:
    # leak | number | date | time | name | dropped_name | quote | padding | attribution |
    # empty | unsupported
    kind: str
    span: str  # the offending text as it appears in the generated text ("" if it is absent)
    message: str


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]
    score: float | None = None  # the classifier's probability of unsupported content

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def consistent(self) -> bool:
        """No problem says the text states something unsupported (leaks may remain)."""
        return not any(p.kind in FACT_KINDS for p in self.problems)

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def check(
    generated_headline: str,
    generated_paragraphs: Sequence[str],
    source_texts: Sequence[str],
    allowed_labels: Collection[str],
    *,
    judge: bool = False,
) -> Verdict:
    """Run every rewrite check; an empty problem tuple means the rewrite may be published.

    `judge=True` also asks the classifier, which is tuned on summaries. It is opt-in here
    because some callers (an editor's edit) should be held to the rules alone; the
    pipeline and `newsdesk rewrite` opt in for every rewrite (see checked.check_rewrite).
    """
    paragraphs = [p for p in generated_paragraphs if p.strip()]
    problems = list(_empty(generated_headline, paragraphs))
    problems += _leaks([("headline", generated_headline)]
                       + [(f"paragraph {i + 1}", p) for i, p in enumerate(paragraphs)])
    problems += _attribution(generated_headline, paragraphs, allowed_labels)
    headline = strip_markers(generated_headline)
    body = [strip_markers(p) for p in paragraphs]
    facts = source_facts(list(source_texts))
    problems += _facts([analyse(text, facts) for text in [headline, *body]])
    problems += _padding(body, facts)
    problems += _dropped_names([headline, *body], source_texts)
    score = None
    if judge:
        whole = "\n\n".join([headline, *body])
        score, judged = _judge(whole, analyse(whole, facts))
        problems += judged
    return Verdict(tuple(problems), score)


def check_text(generated: str, source_texts: Sequence[str], *, judge: bool = True) -> Verdict:
    """Check any generated text (a summary, a headline alone) against its sources.

    Numbers, dates, names and quotes must come from the sources; prompt leakage is reported;
    the classifier (unless `judge=False`) reports its least supported sentence.
    """
    text = claims_of(generated)
    facts = source_facts(list(source_texts))
    if not text.strip():
        return Verdict((Problem("empty", "", "the generated text is empty"),))
    found = analyse(text, facts, preamble=preamble_end(generated) > 0)
    problems = list(_leaks([("text", generated)]))
    problems += _facts([found])
    score = None
    if judge:
        score, judged = _judge(text, found)
        problems += judged
    return Verdict(tuple(problems), score)


def claims_of(generated: str) -> str:
    """The part of a generated text that makes claims: no leaked preamble, no markers.
    The classifier is trained on exactly this (scripts/train_guard.py)."""
    return strip_markers(generated[preamble_end(generated) :])


def _empty(headline: str, paragraphs: list[str]) -> Iterator[Problem]:
    if not strip_markers(headline).strip():
        yield Problem("empty", headline, "the headline is empty")
    if not any(strip_markers(p).strip() for p in paragraphs):
        yield Problem("empty", "", "the article has no paragraphs")


def _leaks(parts: list[tuple[str, str]]) -> Iterator[Problem]:
    for where, text in parts:
        for leak in leaks(text):
            how = "opens a sentence in" if leak.opens_sentence else "in"
            yield Problem("leak", leak.span, f"prompt leakage {how} the {where}")


def _attribution(
    headline: str, paragraphs: list[str], allowed_labels: Collection[str]
) -> Iterator[Problem]:
    allowed = {fold_label(label) for label in allowed_labels}
    for m in SOURCE_MARKER.finditer(headline):
        yield Problem("attribution", m.group(), "the headline carries a source marker")
    markers = [m for p in paragraphs for m in SOURCE_MARKER.finditer(p)]
    if paragraphs and not markers:
        # Located at the opening paragraph, so the review page can mark where it starts.
        yield Problem("attribution", paragraphs[0], "the body attributes nothing to a source")
    for m in markers:
        if fold_label(m.group(1)) not in allowed:
            yield Problem("attribution", m.group(), f"unknown source label {m.group(1).strip()!r}")


def _facts(analyses: list[Analysis]) -> Iterator[Problem]:
    """Numbers, dates, times, names and quotes the sources do not hold, each reported once."""
    reported: set[str] = set()
    for found in analyses:
        for mention in found.numbers:
            if mention.kind == "weekday" or mention.values & reported:
                continue  # a weekday is relative to the dateline: a signal, not a hard fact
            reported |= mention.values
            kind = mention.kind if mention.kind in ("date", "time") else "number"
            yield Problem(kind, mention.span, f"{mention.span!r} does not appear in the sources")
        for name in found.names:
            if name.span.casefold() in reported:
                continue
            reported.add(name.span.casefold())
            yield Problem("name", name.span, f"the sources do not name {name.span!r}")
        for quote in found.quotes:
            yield Problem("quote", quote, "quoted words do not appear in the sources")


def _padding(body: list[str], facts: SourceFacts) -> Iterator[Problem]:
    body_words = sum(len(tokens(p)) for p in body)
    limit = PADDING_RATIO * facts.words + PADDING_ALLOWANCE
    if body_words > limit:
        yield Problem(
            "padding",
            "",
            f"the body has {body_words} words for {facts.words} source words (limit {int(limit)})",
        )
    for paragraph in body:
        for sentence in _filler(paragraph, facts):
            yield Problem("padding", sentence, "the sentence carries no fact from the sources")


def _filler(paragraph: str, facts: SourceFacts) -> Iterator[str]:
    from newsdesk.editorial.sentences import split_sentences

    for sentence in split_sentences(paragraph):
        content = [t for t in tokens(sentence) if t.lower not in STOPWORDS and len(t.text) > 2]
        if len(content) < FILLER_MIN_WORDS:
            continue
        supported = sum(1 for t in content if stem(t.text) in facts.stems)
        if supported / len(content) <= FILLER_MAX_SUPPORT:
            yield sentence


def _dropped_names(generated: list[str], source_texts: Sequence[str]) -> Iterator[Problem]:
    """A rewrite must keep the names its source keeps returning to."""
    kept = {stem(t.text) for text in generated for t in tokens(text)}
    for name in guard_names.central_names(source_texts):
        if stem(name) not in kept:
            yield Problem("dropped_name", "",
                          f"the sources centre on {name!r}, which the rewrite leaves out")


def _judge(text: str, found: Analysis) -> tuple[float, list[Problem]]:
    classifier = model()
    score = classifier.probability(found.features)
    if score < classifier.threshold:
        return score, []
    worst = found.worst_sentence
    span = worst.text if worst is not None else text
    words = ", ".join(worst.novel[:6]) if worst is not None and worst.novel else "its wording"
    message = f"likely unsupported by the sources (p={score:.2f}); new words: {words}"
    return score, [Problem("unsupported", span, message)]
