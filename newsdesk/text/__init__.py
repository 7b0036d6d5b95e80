"""The bottom layer: plain-text building blocks every other layer shares.

Sentences and paragraphs, word tokens and light stems, typographic folding, calendar
words and the ``[Source: …]`` marker. Pure functions over strings; nothing here knows
about feeds, models or articles, so reader, llm and editorial can all build on it.
"""
