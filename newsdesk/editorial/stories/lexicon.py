"""Words that tell what a figure is about, grouped by what they mean.

Why a word list and not a parser: a figure in news copy is almost always next to the word
that says what it counts ("killed 12", "12 were injured", "a budget of £1.2m", "jailed for 18
months"), so the nearest such word in the sentence names its subject. Each group is one
subject, whatever the wording: "died", "killed" and "death toll" all count deaths.
"""

from __future__ import annotations

from newsdesk.editorial.stories.extract import stem, word_set

__all__ = [
    "AGE_NOUNS",
    "CEILINGS",
    "CLASSES_FOR",
    "DURATION_DAYS",
    "EVENT_KINDS",
    "FRACTIONS",
    "MEASURE_UNITS",
    "PEOPLE_ONLY",
    "QUALIFIERS",
    "SKIP_BEFORE_NOUN",
    "THING_NOUNS",
    "trigger_class",
]

_GROUPS = {
    # what a count of people is, when it is one of these it is the figure's kind
    "deaths": "died die dies dead death deaths killed killing kills fatalities toll perished",
    "injuries": "injured injuring injuries injury hurt wounded hospital hospitalised treated "
                "treatment",
    "arrests": "arrested arrests detained",
    "evacuations": "evacuated evacuation evacuate displaced fled forced homeless rehoused",
    "missing": "missing unaccounted",
    "votes": "voted vote votes ballot split favour favor majority",
    "rescued": "rescued rescue rescuers saved",
    # what other figures are about
    "aboard": "passengers aboard carrying",
    "attendance": "attendance crowd fans watched spectators attended",
    "jobs": "jobs job redundancies axed",
    "damage": "damaged damage",
    "destroy": "destroyed destroy flattened razed",
    "power": "power electricity",
    "budget": "budget budgets precept",
    "profit": "profit profits earnings",
    "revenue": "sales revenue revenues turnover",
    "deal": "deal takeover offer bid buy bought acquisition acquire values valued valuing "
            "value fee worth",
    "dividend": "dividend payout",
    "shares": "shares",
    "increase": "rise rises rising increase increased extra more",
    "cost": "cost costs spend spending invest investment",
    "fine": "fine fined damages compensation",
    "bail": "bail",
    "pay": "salary wage wages",
    "jail": "jailed jail sentenced sentence prison bars locked custody",
    "strike": "strike strikes walkout walk industrial",
    "work": "worked working employed served",
    "rain": "rain rainfall",
    "wind": "gusts gust wind winds",
    "snow": "snow snowfall",
    "land": "site farmland land plot field",
    "magnitude": "magnitude tremor quake earthquake aftershock richter",
    "incident": "broke happened started struck hit occurred called blaze",
    "close": "close closes closed closure shut shuts",
    "open": "open opens reopen reopens reopened",
    "turnout": "turnout",
    "goals": "goal goals",
}
_CLASS_OF: dict[str, str] = {}
for _group, _words in _GROUPS.items():
    for _word in word_set(_words):
        _CLASS_OF.setdefault(stem(_word), _group)

# A figure of people with one of these nearby is of that kind, whatever else it says.
EVENT_KINDS = frozenset({"deaths", "injuries", "arrests", "evacuations", "missing", "rescued",
                         "votes"})

# Kinds only people can be counted in, and counted things that are not people: "two homes"
# were not injured, whatever is nearby (homes can be evacuated).
PEOPLE_ONLY = frozenset({"deaths", "injuries", "arrests", "missing", "rescued"})
THING_NOUNS = frozenset(stem(w) for w in word_set("""
    homes houses buildings properties flats vehicles cars lorries buses trains flights
    aircraft planes boats ships jobs schools shops businesses roads bridges trees animals
    cattle sheep wagons acres hectares miles goals points games matches
"""))

# The subjects a figure of each kind may have; other trigger words do not describe it.
CLASSES_FOR = {
    "money": frozenset({"budget", "profit", "revenue", "deal", "dividend", "shares",
                        "increase", "cost", "fine", "bail", "pay"}),
    "percent": frozenset({"profit", "revenue", "dividend", "shares", "turnout", "pay", "votes",
                          "strike", "budget", "cost"}),
    "count": frozenset({*EVENT_KINDS, "aboard", "attendance", "jobs", "damage", "destroy",
                        "power", "goals"}),
    "duration": frozenset({"jail", "strike", "work", "close"}),
    "measure": frozenset({"rain", "wind", "snow", "land"}),
    "date": frozenset({"incident", "close", "open", "strike"}),
    "time": frozenset({"incident", "close", "open", "strike"}),
    "ordinal": frozenset({"goals"}),
}

# Words before a figure that widen what it states: (low factor, high factor) of the value,
# None for no bound; "ceiling" marks a stated maximum ("up to 120mm").
QUALIFIERS: dict[tuple[str, ...], tuple[float | None, float | None]] = {
    ("about",): (0.9, 1.1), ("around",): (0.9, 1.1), ("roughly",): (0.9, 1.1),
    ("approximately",): (0.9, 1.1), ("some",): (0.9, 1.1), ("an", "estimated"): (0.9, 1.1),
    ("estimated",): (0.9, 1.1), ("almost",): (0.9, 1.0), ("nearly",): (0.9, 1.0),
    ("close", "to"): (0.9, 1.0), ("just", "under"): (0.9, 1.0), ("more", "than"): (1.0, None),
    ("over",): (1.0, None), ("at", "least"): (1.0, None), ("upwards", "of"): (1.0, None),
    ("just", "over"): (1.0, None), ("fewer", "than"): (None, 1.0), ("less", "than"): (None, 1.0),
    ("under",): (None, 1.0), ("up", "to"): (None, 1.0), ("as", "many", "as"): (None, 1.0),
    ("as", "much", "as"): (None, 1.0), ("no", "more", "than"): (None, 1.0),
}
CEILINGS = frozenset({("up", "to"), ("as", "many", "as"), ("as", "much", "as")})

FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "two-thirds": 200 / 3,
             "three-quarters": 75.0}

DURATION_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0,
                 "week": 7.0, "fortnight": 14.0, "month": 365.25 / 12, "year": 365.25}

MEASURE_UNITS = {
    "mm": "mm", "cm": "cm", "m": "m", "metre": "m", "metres": "m", "meter": "m",
    "meters": "m", "km": "km", "kilometre": "km", "kilometres": "km", "mile": "mile",
    "miles": "mile", "mph": "mph", "kph": "km/h", "km/h": "km/h", "kg": "kg",
    "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne", "hectare": "ha",
    "hectares": "ha", "ha": "ha", "acre": "acre", "acres": "acre", "c": "°C", "°c": "°C",
    "degrees": "°", "feet": "ft", "ft": "ft", "inches": "in", "litres": "l",
}

AGE_NOUNS = word_set("""
    man woman boy girl men women teenager child baby pensioner motorcyclist cyclist driver
    rider pedestrian passenger student pupil officer soldier worker mother father son daughter
    resident victim suspect defendant
""")

# Words between a figure and the noun it counts ("two other workers").
SKIP_BEFORE_NOUN = frozenset(word_set("other more new further additional extra young local "
                                      "more than of the its their"))


def trigger_class(word: str) -> str | None:
    """The subject group a word belongs to, if any."""
    return _CLASS_OF.get(stem(word))
