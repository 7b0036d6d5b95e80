"""Channels that take published articles to readers elsewhere: one Django app per channel
(``briefing`` for the daily email). They sit above ``articles`` and below ``cli``."""
