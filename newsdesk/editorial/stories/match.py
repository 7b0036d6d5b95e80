"""Is a new item another report of a story already seen? One decision, with its reason.

Why not text similarity alone: wire copy and local feeds are written in frames, so two
items about different towns, companies or matches can share most of their wording, and an
item matched into another town's story is never published. Two items are one story here
only when they report one event: they name the same people and places (their leads' names
are found in each other), they do not contradict each other on what must agree (the day,
every figure), and something beyond the names ties them (a shared figure, shared words).
Two items of one source with different ids are two stories unless one is a later version of
the other (the same link, or the same text revised).

Each decision carries a reason in words, for the record an operator reads.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from newsdesk.editorial.stories.extract import tokens
from newsdesk.editorial.stories.facts import Facts, facts_of, name_keys
from newsdesk.editorial.stories.quantities import Quantity

__all__ = ["Match", "MatchSettings", "Relation", "StoryItem", "best_match", "compare",
           "index_keys"]


class Relation(enum.StrEnum):
    UPDATE = "update"  # one source's later version of the same item
    SAME_EVENT = "same_event"  # another source's report of the same event
    SAME_SOURCE = "same_source"  # one source's separate item: its own story
    DIFFERENT_EVENT = "different_event"
    OUT_OF_WINDOW = "out_of_window"


@dataclass(frozen=True, slots=True)
class StoryItem:
    """What the matcher needs to know of an item: who published it and what it says."""

    source: str  # the source (feed, site, folder) it came from
    key: str  # its identity within the source (GUID, canonical URL or content hash)
    title: str
    text: str
    url: str = ""  # canonical URL, "" when unknown
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds, tuned on benchmarks/data/stories-dev.jsonl (see benchmarks/stories.py):
    ``lead_names``, ``words_alone`` and ``many_names`` are the values every fold chose
    there when choosing on the other clusters.

    ``lead_names``: each item's lead names found in the other (the better of the two ways);
    ``both_names``: the worse of the two ways; ``near``: two figures closer than this share
    (relative) are the same figure reported differently ("19 dead" / "23 dead");
    ``revision_words``: the share of content words a later version keeps (and it keeps the
    names of its headline); ``figures_tie``: distinctive figures in common that let two
    reports name different people in their leads; ``many_names``:
    distinctive names in common that tie two reports with nothing against them; ``fresh``:
    reports further apart than this must share a figure (a follow-up days later names the
    same people and places, but its figures are new); ``contradictions``: quantities stated
    differently, with none stated alike, that make two items two events (one may be a
    correction; a quarter's results against another quarter's differ in every figure).
    """

    lead_names: float = 0.5
    both_names: float = 0.3
    names_alone: float = 0.75
    words_alone: float = 0.1
    many_names: int = 3
    figures_tie: int = 2
    contradictions: int = 2
    near: float = 0.25
    near_minutes: int = 30
    revision_words: float = 0.6
    fresh: timedelta = timedelta(hours=36)
    window: timedelta | None = timedelta(days=3)


DEFAULT_SETTINGS = MatchSettings()


@dataclass(frozen=True, slots=True)
class Match:
    """The decision for one pair, and why."""

    same_story: bool
    relation: Relation
    reason: str
    shared_names: tuple[str, ...] = ()
    shared_figures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Evidence:
    same_event: bool
    reason: str
    shared_names: tuple[str, ...]
    shared_figures: tuple[str, ...]
    words: float


def compare(item: StoryItem, other: StoryItem,
            settings: MatchSettings = DEFAULT_SETTINGS) -> Match:
    """Whether ``item`` and ``other`` are one story, as a relation with a reason."""
    if settings.window is not None and item.published and other.published \
            and abs(item.published - other.published) > settings.window:
        return Match(False, Relation.OUT_OF_WINDOW,
                     f"published more than {settings.window.days} days apart")
    if item.source == other.source:
        if item.key == other.key:
            return Match(True, Relation.UPDATE, "same id in the same source")
        if item.url and item.url == other.url:
            return Match(True, Relation.UPDATE, "same link in the same source")
    apart = (abs(item.published - other.published) if item.published and other.published
             else timedelta(0))
    evidence = _evidence(_facts(item), _facts(other), settings, apart > settings.fresh,
                         same_source=item.source == other.source)
    if item.source == other.source:
        if evidence.same_event and evidence.words >= settings.revision_words and \
                _same_headline_names(_facts(item), _facts(other), item.title, other.title):
            return Match(True, Relation.UPDATE,
                         f"a revised version in the same source ({evidence.reason})",
                         evidence.shared_names, evidence.shared_figures)
        why = (f"another item of the same source ({evidence.reason})" if evidence.same_event
               else evidence.reason)
        return Match(False, Relation.SAME_SOURCE if evidence.same_event
                     else Relation.DIFFERENT_EVENT, why,
                     evidence.shared_names, evidence.shared_figures)
    return Match(evidence.same_event,
                 Relation.SAME_EVENT if evidence.same_event else Relation.DIFFERENT_EVENT,
                 evidence.reason, evidence.shared_names, evidence.shared_figures)


def best_match(item: StoryItem, candidates: Iterable[StoryItem],
               settings: MatchSettings = DEFAULT_SETTINGS
               ) -> tuple[StoryItem | None, Match | None]:
    """The candidate ``item`` is one story with (an update first, then the report sharing
    most), and its decision; ``(None, None)`` when there is none."""
    best: tuple[StoryItem, Match, tuple[int, int, int]] | None = None
    for candidate in candidates:
        decision = compare(item, candidate, settings)
        if not decision.same_story:
            continue
        rank = (decision.relation == Relation.UPDATE, len(decision.shared_figures),
                len(decision.shared_names))
        if best is None or rank > best[2]:
            best = (candidate, decision, rank)
    return (best[0], best[1]) if best else (None, None)


def index_keys(item: StoryItem) -> list[str]:
    """Keys to find candidates by: every distinctive capitalised word of the item. ``compare``
    calls two items one story only when they share a distinctive name, which is a key of both,
    so a lookup of these keys (and of the item's own source, for updates) misses no item
    ``compare`` would accept."""
    return sorted(f"name:{key}" for key in _facts(item).index)


@lru_cache(maxsize=4096)
def _facts_cached(title: str, text: str) -> Facts:
    return facts_of(title, text)


def _facts(item: StoryItem) -> Facts:
    return _facts_cached(item.title, item.text)


def _evidence(a: Facts, b: Facts, settings: MatchSettings, stale: bool, *,
              same_source: bool) -> _Evidence:
    """Whether two items report one event, and why. Figures shared by two items of one
    source prove little (a feed repeats its phone number and opening hours), so there they
    never stand in for names or days."""
    common = a.content | b.content  # written in lower case by either: a common noun here
    found_ab, recall_ab = _names_found(a, b, common)
    found_ba, recall_ba = _names_found(b, a, common)
    shared_names = tuple(sorted(k for k in found_ab | found_ba if k not in common and (
        a.names.get(k, 0) >= 1 or b.names.get(k, 0) >= 1)))
    words = _overlap(a.content, b.content)
    shared_figures, near = _figures(a, b, settings)
    figures_count = bool(shared_figures) and not same_source

    def decide(same: bool, reason: str) -> _Evidence:
        return _Evidence(same, reason, shared_names, shared_figures, words)

    names_text = ", ".join(shared_names[:6]) or "none"
    if not shared_names:
        return decide(False, "no distinctive name in common")
    # Reports that share several distinctive figures need fewer names in common.
    figures_tie = figures_count and len(shared_figures) >= settings.figures_tie
    if not figures_tie and (max(recall_ab, recall_ba) < settings.lead_names or (
            min(recall_ab, recall_ba) < settings.both_names and len(shared_names) < 2)):
        return decide(False, f"different names in the leads (shared: {names_text}; "
                             f"found {recall_ab:.0%} / {recall_ba:.0%})")
    for mine, theirs in ((a, b), (b, a)):
        missing = sorted(mine.title_names - theirs.capitals)
        if not figures_count and len(mine.title_names) >= 2 and \
                2 * len(missing) > len(mine.title_names):
            return decide(False, f"the headline's names {', '.join(missing)} are not in the "
                                 "other")
    if a.lead_weekdays and b.lead_weekdays and not a.lead_weekdays & b.lead_weekdays \
            and not figures_count:  # a running story's next day shares its figures
        days = " / ".join(", ".join(sorted(d.split(":")[1] for d in side))
                          for side in (a.lead_weekdays, b.lead_weekdays))
        return decide(False, f"different days ({days})")
    disagree, agree = _contradictions(a, b, settings.near)
    if len(disagree) >= settings.contradictions and not agree and not shared_figures:
        return decide(False, f"figures contradict each other ({'; '.join(disagree[:3])})")
    if shared_figures:
        return decide(True, f"shares names {names_text} and figures "
                            f"{', '.join(shared_figures[:4])}")
    if stale:
        return decide(False, f"shares names {names_text} but no figure, "
                             f"published {settings.fresh.total_seconds() / 3600:.0f}+ hours apart")
    if near:
        return decide(True, f"shares names {names_text} and close figures {near}")
    if len(shared_names) >= settings.many_names:
        return decide(True, f"shares names {names_text}")
    if min(recall_ab, recall_ba) >= settings.names_alone or words >= settings.words_alone:
        return decide(True, f"shares names {names_text} and {words:.0%} of its words")
    return decide(False, f"shares names {names_text} but little else")


def _same_headline_names(a: Facts, b: Facts, a_title: str, b_title: str) -> bool:
    """A later version keeps who its headline is about ("Four dead in Dunmore fire" after
    "Three dead in Dunmore fire"); two results of one round do not."""
    a_words = {key for t in tokens(a_title) for key in name_keys(t.text)}
    b_words = {key for t in tokens(b_title) for key in name_keys(t.text)}
    return all(2 * len(mine & theirs) >= len(mine)
               for mine, theirs in ((a.title_names, b_words), (b.title_names, a_words)))


def _names_found(a: Facts, b: Facts, common: frozenset[str]) -> tuple[set[str], float]:
    """The lead names of ``a`` that ``b`` mentions, and their weighted share; a name word
    either item writes in lower case weighs as a generic one."""
    weights = {k: (0.2 if k in common else w) for k, w in a.names.items()}
    total = sum(weights.values())
    found = {key for key in weights if key in b.capitals}
    return found, (sum(weights[k] for k in found) / total if total else 0.0)


def _contradictions(a: Facts, b: Facts, near: float) -> tuple[list[str], list[str]]:
    """The quantities (kind and subject) both state, split into those whose values are far
    apart (outlets that disagree on a toll are usually close: 19 or 23; two quarters'
    profits are not) and those that agree. The two sides of one vote count once."""
    mine: dict[tuple[str, str], list[Quantity]] = {}
    for q in a.quantities:
        if _specific(q):
            mine.setdefault(q.key, []).append(q)
    theirs: dict[tuple[str, str], list[Quantity]] = {}
    for q in b.quantities:
        if _specific(q):
            theirs.setdefault(q.key, []).append(q)
    disagree, agree = [], []
    for key in mine.keys() & theirs.keys():
        what = f"{key[0]} {key[1]}".strip()
        if any(x.agrees(y) for x in mine[key] for y in theirs[key]):
            agree.append(what)
        elif not any(_close_quantities(x, y, near) for x in mine[key] for y in theirs[key]):
            disagree.append(f"{key[0]}: {mine[key][0].span} / {theirs[key][0].span}")
    return sorted(set(disagree)), sorted(agree)


def _specific(quantity: Quantity) -> bool:
    """Whether a figure says clearly what it is of: a day with no event word near it, or a
    count of a noun with no verb ("12 points", "seven points"), may be of anything."""
    kind, subject = quantity.key
    if kind in ("date", "time"):
        return bool(subject)
    return not (kind == "count" and subject.endswith("/"))


def _close_quantities(x: Quantity, y: Quantity, near: float) -> bool:
    if x.label or y.label or x.low is None or x.high is None or y.low is None \
            or y.high is None:
        return False
    gap = max(x.low, y.low) - min(x.high, y.high)
    return gap <= near * max(abs(x.high), abs(y.high))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _figures(a: Facts, b: Facts, settings: MatchSettings) -> tuple[tuple[str, ...], str]:
    """Distinctive figures both state; else a close pair, if any."""
    mine = [f for f in a.figures if f.weight >= 1]
    theirs = [f for f in b.figures if f.weight >= 1]
    shared = tuple(dict.fromkeys(f.span for f in mine
                                 if any(f.values & g.values for g in theirs)))
    if shared:
        return shared, ""
    for f in mine:
        for g in theirs:
            if _close(f.values, g.values, settings):
                return (), f"{f.span} / {g.span}"
    return (), ""


def _close(left: frozenset[str], right: frozenset[str], settings: MatchSettings) -> bool:
    """Two reports of one event may disagree a little: a toll of 19 or 23, 2.40am or 3am."""
    for x in _numbers(left):
        for y in _numbers(right):
            distinctive = max(x, y) > 12 or not (x.is_integer() and y.is_integer())
            if distinctive and abs(x - y) <= settings.near * max(x, y):
                return True
    return any(abs(x - y) <= settings.near_minutes
               for x in _minutes(left) for y in _minutes(right))


def _minutes(values: frozenset[str]) -> list[int]:
    return [int(v[5:7]) * 60 + int(v[8:10]) for v in values if v.startswith("time:")]


def _numbers(values: frozenset[str]) -> list[float]:
    out = []
    for value in values:
        try:
            out.append(float(value))
        except ValueError:
            continue
    return out
