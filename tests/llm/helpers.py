"""Replies a well-behaved and a badly-behaved model might give for the wire fixture."""

from __future__ import annotations

import json

GOOD_HEADLINE = "Freezing rain leaves 48,000 customers without power in three counties"
GOOD_PARAGRAPHS = [
    "Valley Electric said freezing rain cut power to about 48,000 customers in three "
    "counties on Tuesday. [Source: Valley Wire]",
    'The utility expects most service back by 6 p.m. Thursday; "Crews are working around '
    'the clock," spokeswoman Dana Ortiz said. [Source: Valley Wire]',
    "Forecasters warned of 2 to 4 more inches of snow overnight, and Marion County schools "
    "stay closed on Wednesday. [Source: Valley Wire]",
]
GOOD_REPLY = json.dumps({"headline": GOOD_HEADLINE, "paragraphs": GOOD_PARAGRAPHS})
