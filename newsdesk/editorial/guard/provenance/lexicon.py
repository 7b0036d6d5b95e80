"""Word lists the sentence checks read, and the content-word test they share.

Why lists and not a parser: each list names one way a rewrite changes what its source says
(a "not" dropped, "will demand" become "demands", a "because" added) and is the same on any
English news text; a dependency parser would be a model to ship and load on every check.
"""

from __future__ import annotations

from functools import lru_cache

from newsdesk.text.tokens import STOPWORDS, Token, stem, word_set

__all__ = [
    "CALENDAR",
    "CAUSAL",
    "CHANGES",
    "COLLECTIVE",
    "DEMONYM_ENDINGS",
    "DENIALS",
    "FUTURE",
    "HEDGES",
    "INTENT",
    "NEGATORS",
    "PLACE_ENDINGS",
    "REQUESTS",
    "TENTATIVE",
    "TITLES",
    "content_stem",
    "is_content",
    "is_negator",
]

# Words that deny what the clause says.
NEGATORS = word_set("""not no never nobody nothing none neither nor without cannot n't
    refused refuses refuse denied denies deny failed fails fail unable""")
# Words that deny without a negator: a sentence with one of these may restate a denial of
# its source ("unaware that" for "did not know that").
DENIALS = word_set("""unaware unlikely lack lacks lacked lacking absent absence rejected
    rejects reject declined declines decline instead rather""")
# Words that make what follows a plan or a possibility rather than a fact. A bare future
# ("will play") is not among them: summaries rightly state announced things as done.
INTENT = word_set("""could may might plan plans planned planning intend intends intended
    propose proposed proposes threaten threatens threatened consider considers considering
    expected""")
# "will demand", "would seek": a future request, which a done deal misreports.
REQUESTS = word_set("""demand demands ask asks seek seeks call calls press push request
    requests propose urge lobby pursue""")
FUTURE = word_set("will would 'll shall")
# A sentence with any of these does not state a thing as done.
TENTATIVE = INTENT | REQUESTS | FUTURE | word_set("""preparing prepare prepares seeking want
    wants wanted urges asking try tries trying bid attempt attempts attempting likely
    possibly potentially hopes hope""")
# Connectives that state a cause or a consequence.
CAUSAL = word_set("""because cause caused causes causing due result resulted resulting
    results therefore thus consequently prompting prompted prompt sparked sparking trigger
    triggered triggering leading forcing forced blamed""")
# Words a summary uses to judge rather than report.
HEDGES = word_set("""likely unlikely perhaps possibly probably presumably reportedly allegedly
    apparently seemingly uncertain unclear significant significantly crucial notable notably
    ultimately controversial tragic""")
# Verbs of change: they say how a figure moved, not what it measures.
CHANGES = word_set("""rose rise rises rising risen fell fall falls falling fallen grew grow
    grows growing grown dropped drop drops dropping increased increase increases increasing
    decreased decrease decreases decreasing climbed climb climbs jumped jump jumps slipped
    slip slips gained gain gains lost lose loses declined decline declines surged surge
    surges soared soar slumped slump plunged plunge up down higher lower""")
# Capitalised, but never a party to anything.
CALENDAR = word_set("""monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december""")
# "the two", "the pair", "both": a count of things the source may name one by one.
COLLECTIVE = {"two": 2, "pair": 2, "both": 2, "couple": 2, "duo": 2, "three": 3, "trio": 3}

# A title written out where the sources abbreviate it ("Governor" / "Gov."), and the
# abbreviation itself (a source's "Governor" for a rewrite's "Gov").
TITLES = {
    "governor": "gov", "senator": "sen", "representative": "rep", "general": "gen",
    "lieutenant": "lt", "colonel": "col", "sergeant": "sgt", "captain": "capt",
    "commander": "cmdr", "doctor": "dr", "professor": "prof", "president": "pres",
    "superintendent": "supt", "detective": "det", "inspector": "insp", "attorney": "atty",
    "saint": "st", "street": "st", "mount": "mt", "fort": "ft", "avenue": "ave",
    "road": "rd", "junior": "jr", "senior": "sr", "corporation": "corp",
    "incorporated": "inc", "company": "co", "department": "dept", "university": "univ",
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
    "lt": "lieutenant", "sgt": "sergeant", "capt": "captain", "dr": "doctor",
    "prof": "professor", "det": "detective", "st": "street", "mt": "mount",
}
# Endings that make a people or a language of a place ("Korea" / "Korean", "China" /
# "Chinese", "Israel" / "Israeli").
DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "ns", "ans", "ians", "is")
# ... and a people named from its place's longer name ("Afghan" / "Afghanistan").
PLACE_ENDINGS = ("istan", "stan", "land", "ia")

# Irregular forms, so "beaten" meets "beat" and "won" meets "win" when words are compared.
_IRREGULAR = {
    "beaten": "beat", "won": "win", "lost": "lose", "made": "make", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "went": "go", "gone": "go",
    "came": "come", "saw": "see", "seen": "see", "found": "find", "held": "hold",
    "left": "leave", "led": "lead", "met": "meet", "paid": "pay", "sold": "sell",
    "bought": "buy", "brought": "bring", "thought": "think", "kept": "keep", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow",
    "knew": "know", "known": "know", "wrote": "write", "written": "write", "ran": "run",
    "began": "begin", "begun": "begin", "struck": "strike", "shot": "shoot",
    "fought": "fight", "built": "build", "sent": "send", "spent": "spend", "stood": "stand",
    "chose": "choose", "chosen": "choose", "drove": "drive", "driven": "drive",
    "flew": "fly", "flown": "fly", "broke": "break", "broken": "break", "spoke": "speak",
    "spoken": "speak", "stole": "steal", "stolen": "steal", "sought": "seek",
    "caught": "catch", "taught": "teach", "felt": "feel", "heard": "hear", "hid": "hide",
    "hidden": "hide", "wore": "wear", "worn": "wear", "children": "child", "men": "man",
    "women": "woman", "people": "person", "died": "die", "dead": "die", "deaths": "die",
    "death": "die", "killed": "kill", "lives": "life",
}


# Words news rewrites use for one another, each group read as one word when texts are
# compared ("no one was injured" / "nobody was hurt"). Kept to plain equivalents: a word
# that changes the claim ("killed" / "injured") never shares a group.
_SYNONYMS = (
    "hurt injure injured injuries injury wound wounded",
    "kill killed slay slain",
    "die died dead death deaths",
    "rise rose risen rising increase increased climb climbed",
    "fall fell fallen falling drop dropped decline declined decrease decreased",
    "buy bought purchase purchased acquire acquired",
    "begin began begun start started",
    "end ended finish finished conclude concluded",
    "shut close closed closure",
    "reopen reopened",
    "show showed shown reveal revealed",
    "big large huge major",
    "small little minor",
    "say said tell told announce announced",
    "help helped assist assisted aid",
    "arrest arrested detain detained",
    "charge charged accuse accused",
    "quit resign resigned",
    "need needs require required requires",
    "try tried attempt attempted",
    "get got receive received",
    "choose chose chosen select selected pick picked",
    "cut reduce reduced",
    "firm company business",
    "vehicle car",
    "nearly almost",
    "about around roughly approximately some",
    "people persons",
)
_GROUP = {w: group.split()[0] for group in _SYNONYMS for w in group.split()}


def is_negator(lowered: str) -> bool:
    return lowered in NEGATORS or lowered.endswith("n't")


def is_content(token: Token) -> bool:
    """A word that carries a fact: not a function word, not a bare figure, not a letter."""
    return token.lower not in STOPWORDS and len(token.text) > 2 and not token.text.isdigit()


@lru_cache(maxsize=1 << 16)
def content_stem(word: str) -> str:
    """The guard's light stem, irregular forms first mapped to their base."""
    lowered = word.casefold()
    if lowered in _GROUP:
        return _GROUP[lowered]
    base = stem(_IRREGULAR.get(lowered, lowered))
    # "cancelled" / "cancel", "stopped" / "stop": a consonant doubled before a suffix.
    if (len(base) > 4 and base[-1] == base[-2] and base[-1] not in "aeiousl"
            and lowered.endswith(("ed", "ing", "er"))) or (
            base.endswith("ll") and len(base) > 5 and lowered.endswith(("ed", "ing"))):
        return base[:-1]
    return base
