"""An article's stored summaries (short, standard, long), made from its current body.

The workflow makes them whenever the text readers see changes (publish, an update going
live, an editor's edit), in the same transaction, so no reader sees a text without them.
"""

from __future__ import annotations

from newsdesk.articles.llm_summaries import llm_summary_writer, place_sentences
from newsdesk.articles.models import Article, Summary
from newsdesk.editorial.summary.extractive import LENGTHS, summarize
from newsdesk.text.markers import strip_markers


def make_summaries(article: Article) -> list[Summary]:
    """(Re)make every summary length of an article from its current body.

    With NEWSDESK_LLM_SUMMARIES on and an LLM backend configured, each length is first
    asked of the LLM; it is stored only when the guard passes it, else the extractive
    summary is, and ``made_by`` says which (and why).
    """
    # Summarize the paragraphs that have words, and map each sentence back to its place
    # in the article so that "Read in context" lands on the right paragraph.
    kept = [(i, strip_markers(p)) for i, p in enumerate(article.paragraphs)]
    kept = [(i, text) for i, text in kept if text]
    text = "\n\n".join(paragraph for _, paragraph in kept)
    made = []
    writer = llm_summary_writer(article, text)
    for length, count in LENGTHS.items():
        summary = summarize(text, title=article.headline, sentences=count)
        sentences = [{"text": s.text, "paragraph": kept[s.paragraph][0]}
                     for s in summary.sentences]
        summary_text, made_by = summary.text, summary.method
        if writer is not None:
            written = writer(count)
            if written.text:
                summary_text, made_by = written.text, written.made_by
                sentences = place_sentences(written.text, kept)
            else:
                made_by = f"{summary.method} ({written.made_by})"[:100]
        row, _ = Summary.objects.update_or_create(
            article=article,
            length=length,
            defaults={"text": summary_text, "sentences": sentences, "made_by": made_by},
        )
        made.append(row)
    return made
