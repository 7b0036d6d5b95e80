"""Editorial policy, pure Python: ``guard/`` (the fact guard), ``rewrite/`` (asking a
model for a faithful rewrite and judging it) and ``summary/`` (extractive and LLM
summaries). Imports no Django; builds on ``text``, ``reader`` and ``llm`` below it."""
