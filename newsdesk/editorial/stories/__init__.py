"""Stories: which items report one event, and where their sources disagree on a figure.

Pure functions over plain text and small dataclasses (no Django): ``match`` decides whether
two items are one story, ``conflicts`` finds figures the sources of one story state
differently, ``attribution`` finds an article's sentences that state such a figure without
naming its outlet. The intake app calls them and stores what they decide.
"""
