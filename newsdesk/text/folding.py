"""Typographic folding: two spellings of one text compare equal when only their style differs.

Why a module of its own: the guard compares generated text with its source, and the
summarizer tokenises article text; both must treat curly and straight quotes, and long and
short dashes, as the same mark, or a copied quote would look invented.
"""

from __future__ import annotations

__all__ = ["TYPOGRAPHIC_TWINS", "fold_case_and_typography"]

# Curly quotes and dashes, each as the ASCII mark it stands for.
TYPOGRAPHIC_TWINS = {
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"
}
_CHAR_FOLD = str.maketrans(TYPOGRAPHIC_TWINS)


def fold_case_and_typography(text: str) -> str:
    """Case, quote style, dash style and whitespace do not change what a text says."""
    return " ".join(text.translate(_CHAR_FOLD).casefold().split())
