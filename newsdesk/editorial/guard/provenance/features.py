"""The two models' inputs, by name and in order: the weights file names these lists and
loading refuses a file made for others (model.load)."""

from __future__ import annotations

__all__ = ["SENTENCE_FEATURES", "TEXT_FEATURES"]

# The sentence model's input, in order; the weights file names this list.
SENTENCE_FEATURES: tuple[str, ...] = (
    "log_content",
    "novel_share",
    "novel_weight",
    "novel_run",
    "support",
    "top",
    "off_top",
    "bigram_novel",
    "copied",
    "evidence_count",
    "numbers_unsupported",
    "numbers_elsewhere",
    "names_unsupported",
    "names_elsewhere",
    "quotes_unsupported",
    "negation",
    "roles",
    "certainty",
    "cause",
    "attachment",
    "hedges",
    "clause_novel",
    "clause_unheld",
)

# The text model's input: the sentence probabilities, then the kind of text.
TEXT_FEATURES: tuple[str, ...] = (
    "worst_logit",
    "second_logit",
    "mean_probability",
    "support_mean",
    "copied_mean",
    "bigram_novel_mean",
    "lowercase",
    "tokenised",
    "log_words",
    "log_sentences",
    "log_length_ratio",
    "preamble",
)
