"""Three short news texts: two outlets' reports of one event, and a report of another."""

from __future__ import annotations

RELEASE = (
    "The Harlow County board approved a budget of 48.2 million dollars on Tuesday, "
    "including 3.1 million for road repairs and a new bridge over the Corrin river. "
    "Board chair Mina Alder said the plan keeps property taxes flat for a third year. "
    "Work on the bridge starts in April and should finish by the end of next year, "
    "the county engineer told the meeting, which ran for more than four hours."
)
REWORDED = (
    "Harlow County's board approved a budget of 48.2 million dollars on Tuesday, "
    "including 3.1 million for road repairs and a new bridge over the Corrin river. "
    "Board chair Mina Alder said the plan keeps property taxes flat for a third year. "
    "Work on the bridge starts in April and should finish by the end of next year, "
    "the county engineer told the meeting."
)
OTHER = (
    "Tallow Valley clinics will give flu shots without appointment from Monday. "
    "The health department expects twelve thousand visits over the first month and asks "
    "older residents to come in the mornings, when queues are shortest."
)
