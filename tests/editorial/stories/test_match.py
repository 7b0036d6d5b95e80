"""Story matching: one story per event, never an item swallowed into another town's story."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.editorial.stories.match import (
    MatchSettings,
    Relation,
    StoryItem,
    best_match,
    compare,
    index_keys,
)
from newsdesk.reader import neardup

DATA = Path(__file__).resolve().parents[3] / "benchmarks" / "data"

NOON = datetime(2025, 4, 7, 12, 0, tzinfo=UTC)

# The feed: short local items in one sentence frame, each with another village, road,
# sum, count and councillor, and the feed's own closing lines.
FRAME = (
    "{road} in {village} will be resurfaced at a cost of {cost}, with {holes} potholes to be "
    "filled first, the county council said on {day}. Councillor {cllr} said residents had "
    "waited long enough. Work is planned between 9.30am and 3.30pm to avoid the school run. "
    "Residents can report a pothole on the council's website or by calling 0300 555 0199."
)
VILLAGES = [
    ("Quarry Lane", "Upton Marsh", "£41,000", "11", "Monday", "Gwen Harper"),
    ("Chapel Street", "Nether Sowe", "£36,000", "8", "Monday", "Ravi Mistry"),
    ("Kiln Road", "Ashcombe", "£41,000", "11", "Tuesday", "Colin Bright"),
    ("Bell Walk", "Fordham St Mary", "£58,000", "17", "Tuesday", "Ann Okoye"),
    ("Tanner's Row", "Little Hadden", "£27,000", "6", "Wednesday", "Sean Doyle"),
    ("Ferry Road", "Wexby", "£62,000", "19", "Wednesday", "Lucy Tran"),
]


def local_feed() -> list[StoryItem]:
    return [
        StoryItem(source="parish-briefs", key=f"pb-{i}", url=f"https://briefs.example/{i}",
                  title=f"{road} in {village} to be resurfaced",
                  text=FRAME.format(road=road, village=village, cost=cost, holes=holes,
                                    day=day, cllr=cllr),
                  published=NOON + timedelta(minutes=i))
        for i, (road, village, cost, holes, day, cllr) in enumerate(VILLAGES)
    ]


def item(source: str, key: str, title: str, text: str, *, url: str = "",
         hours: float = 0) -> StoryItem:
    return StoryItem(source=source, key=key, title=title, text=text, url=url,
                     published=NOON + timedelta(hours=hours))


def test_each_item_of_a_frame_feed_is_its_own_story() -> None:
    feed = local_feed()
    # The frame is close enough that word shingles alone would merge some of them.
    signatures = [neardup.signature(f"{i.title}\n\n{i.text}") for i in feed]
    assert max(neardup.similarity(a, b) for n, a in enumerate(signatures)
               for b in signatures[n + 1:]) >= neardup.DEFAULT_THRESHOLD
    for n, current in enumerate(feed):
        match, decision = best_match(current, feed[:n])
        assert match is None and decision is None, (current.key, match)
        for earlier in feed[:n]:
            verdict = compare(current, earlier)
            assert not verdict.same_story
            assert verdict.reason  # every decision says why


def test_same_sum_and_count_in_another_village_is_another_story() -> None:
    feed = local_feed()
    # Upton Marsh and Ashcombe share £41,000 and 11 potholes, and a source.
    verdict = compare(feed[2], feed[0])
    assert not verdict.same_story
    assert verdict.relation in (Relation.DIFFERENT_EVENT, Relation.SAME_SOURCE)


HERALD = item(
    "harlow-herald", "hh-1", "Three dead in Carrow Mill fire",
    "Three people died in a fire at the Carrow Mill warehouse in Dunley early on Sunday, "
    "police said. Sixty firefighters fought the blaze. Station manager Priya Sen said the "
    "roof collapsed within an hour.")
WIRE = item(
    "county-wire", "cw-9", "Blaze at Dunley warehouse kills three",
    "A blaze that tore through a warehouse at Carrow Mill, Dunley, on Sunday killed three "
    "workers. Priya Sen of the fire service said 60 firefighters were sent.", hours=2)


def test_one_event_in_other_words_is_one_story() -> None:
    verdict = compare(WIRE, HERALD)
    assert verdict.same_story and verdict.relation == Relation.SAME_EVENT
    assert {"dunley", "carrow"} <= set(verdict.shared_names)
    assert verdict.shared_figures  # 60 firefighters, in both
    assert "Dunley".casefold()[:6] in verdict.reason


def test_outlets_that_disagree_on_the_toll_are_still_one_story() -> None:
    other = item("valley-news", "vn-2", "Four killed in Dunley warehouse fire",
                 "Four people were killed when fire swept through the Carrow Mill "
                 "warehouse in Dunley on Sunday, with about 60 firefighters at the scene.",
                 hours=3)
    assert compare(other, HERALD).same_story


def test_a_later_version_of_one_item_is_an_update() -> None:
    same_link = item("harlow-herald", "hh-1-v2", "Four dead in Carrow Mill fire",
                     HERALD.text.replace("Three people", "Four people"),
                     url="https://herald.example/fire", hours=6)
    first = replace(HERALD, url="https://herald.example/fire")
    verdict = compare(same_link, first)
    assert verdict.same_story and verdict.relation == Relation.UPDATE
    assert "same link" in verdict.reason
    revised = item("harlow-herald", "hh-7", "Four dead in Carrow Mill fire",
                   HERALD.text.replace("Three people", "Four people") + " A man was "
                   "arrested on Monday.", hours=8)
    verdict = compare(revised, HERALD)
    assert verdict.same_story and verdict.relation == Relation.UPDATE
    assert "revised" in verdict.reason


def test_another_item_of_the_same_feed_about_the_same_event_is_not_merged() -> None:
    sidebar = item("harlow-herald", "hh-2", "Carrow Mill fire: how to help",
                   "A fund for the families of the workers who died at Carrow Mill in Dunley "
                   "has raised £12,000. Donations can be left at Dunley library.", hours=5)
    verdict = compare(sidebar, HERALD)
    assert not verdict.same_story
    assert verdict.relation in (Relation.SAME_SOURCE, Relation.DIFFERENT_EVENT)


def test_the_same_company_in_another_quarter_is_another_event() -> None:
    q4 = item("ledger", "l-1", "Brackwell Foods profit rises 8% to £184m",
              "Brackwell Foods said pre-tax profit rose 8% to £184m in the year to December as "
              "sales climbed to £2.1bn. Chief executive Nora Fisk said volumes had recovered.")
    h1 = item("city-desk", "c-1", "Brackwell Foods half-year profit up 3% at £79m",
              "Brackwell Foods said pre-tax profit rose 3% to £79m in the six months to June as "
              "sales reached £1.02bn. Chief executive Nora Fisk said volumes were still weak.",
              hours=4)
    verdict = compare(q4, h1)
    assert not verdict.same_story
    assert "contradict" in verdict.reason


def test_another_match_day_is_another_event() -> None:
    saturday = item("sports", "s-1", "Dunley Rovers 2-1 Kelso City",
                    "Dunley Rovers beat Kelso City 2-1 at Mill Park on Saturday. Ian Rudd "
                    "scored the winner.")
    tuesday = item("sports-two", "s-2", "Dunley Rovers 0-3 Westholm United",
                   "Dunley Rovers lost 3-0 to Westholm United at Mill Park on Tuesday. Ian Rudd "
                   "missed a penalty.", hours=3)
    verdict = compare(tuesday, saturday)
    assert not verdict.same_story
    assert "different days" in verdict.reason


def test_items_far_apart_in_time_are_not_compared() -> None:
    late = item("county-wire", "cw-99", WIRE.title, WIRE.text, hours=24 * 5)
    verdict = compare(late, HERALD)
    assert not verdict.same_story and verdict.relation == Relation.OUT_OF_WINDOW
    assert compare(late, HERALD, MatchSettings(window=None)).same_story


def test_best_match_prefers_the_update() -> None:
    revised = item("county-wire", "cw-9b", WIRE.title, WIRE.text + " The road stays shut.",
                   url="https://wire.example/fire", hours=5)
    original = replace(WIRE, url="https://wire.example/fire")
    match, decision = best_match(revised, [HERALD, original])
    assert match is original and decision is not None
    assert decision.relation == Relation.UPDATE


def test_reports_of_one_event_share_an_index_key_and_other_villages_only_openers() -> None:
    assert {"name:dunley", "name:carrow"} <= set(index_keys(HERALD)) & set(index_keys(WIRE))
    keys = [set(index_keys(i)) for i in local_feed()]
    shared = {k for a in range(len(keys)) for b in range(a + 1, len(keys))
              for k in keys[a] & keys[b]}
    assert shared == {"name:work"}  # "Work is planned ...": a sentence opener, not a place


@pytest.mark.parametrize("text", ["", "   ", "12 34 56", "a b c d e f g"])
def test_items_without_names_never_join(text: str) -> None:
    empty = item("x", "x-1", "", text)
    other = item("y", "y-1", "", text)
    verdict = compare(empty, other)
    assert not verdict.same_story and verdict.reason


def test_every_pair_compare_joins_shares_an_index_key() -> None:
    """The candidate lookup may rely on index keys: over the labelled set, every pair of
    different sources that compare calls one story shares one."""
    rows = [json.loads(line) for path in sorted(DATA.glob("stories-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [StoryItem(source=r["source"], key=r["key"], title=r["title"], text=r["text"])
             for r in rows]
    keys = {i.key: set(index_keys(i)) for i in items}
    settings = MatchSettings(window=None)
    joined = 0
    for n, a in enumerate(items):
        for b in items[n + 1:]:
            if a.source != b.source and compare(a, b, settings).same_story:
                joined += 1
                assert keys[a.key] & keys[b.key], (a.key, b.key)
    assert joined > 50
