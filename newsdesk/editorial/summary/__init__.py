"""Summaries: the fast extractive summarizer (``extractive``, built on ``analysis``,
``features`` and ``terms``) and, for operators who configure a model, LLM summaries
(``llm``), which the caller guards before they may replace the extractive ones.
"""
