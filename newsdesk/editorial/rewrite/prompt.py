"""What newsdesk asks a model for a rewrite: the versioned prompt and the repair request."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from newsdesk.llm.base import CompletionRequest, Message, SourceDocument

PROMPT_VERSION = "rewrite-v1"


def rewrite_schema(max_paragraphs: int) -> dict[str, object]:
    """The reply's shape, for servers that constrain output to a schema (llama.cpp, vLLM,
    OpenAI). The paragraph cap stops a looping small model early; the parser and the
    guard still check everything themselves."""
    return {
        "type": "object",
        "properties": {
            "headline": {"type": "string", "maxLength": 200},
            "paragraphs": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                           "maxItems": max_paragraphs},
        },
        "required": ["headline", "paragraphs"],
        "additionalProperties": False,
    }
PURPOSE = "rewrite"
_REPAIR_ECHO_LIMIT = 6000


@cache
def system_prompt() -> str:
    path = resources.files("newsdesk.editorial.rewrite").joinpath("prompts", "rewrite_v1.txt")
    return path.read_text(encoding="utf-8").strip()


def build_rewrite_request(sources: Sequence[SourceDocument]) -> CompletionRequest:
    """The system prompt holds the rules; the user message holds only the delimited sources."""
    if not sources:
        raise ValueError("a rewrite needs at least one source")
    labels = [s.label for s in sources]
    if len(set(labels)) != len(labels):
        raise ValueError(f"source labels must be distinct, got {labels}")
    words = sum(len(s.text.split()) for s in sources)
    paragraphs = sum(len([b for b in s.text.split("\n\n") if b.strip()]) for s in sources)
    blocks = "\n\n".join(_source_block(s) for s in sources)
    user = (
        "Write an original news article from the source material below.\n"
        f"Labels you may use in [Source: LABEL]: {', '.join(labels)}\n"
        f"The source text runs {words} words; the article must not be longer.\n\n"
        f"{blocks}\n\n"
        'Reply with only the JSON object {"headline": ..., "paragraphs": [...]}.'
    )
    return CompletionRequest(
        messages=(Message("system", system_prompt()), Message("user", user)),
        purpose=PURPOSE,
        prompt_version=PROMPT_VERSION,
        sources=tuple(sources),
        json_output=True,
        json_schema=rewrite_schema(max(3, 2 * paragraphs)),
        # Room for the article plus JSON and attributions, never a runaway essay.
        max_tokens=max(512, min(4096, words * 2 + 256)),
    )


def _source_block(source: SourceDocument) -> str:
    # A source must not be able to close its own delimiter and speak as the prompt.
    text = source.text.strip().replace("</source>", "</ source>")
    title = source.title.strip().replace("</source>", "</ source>")
    return f'<source label="{source.label}">\nTitle: {title}\n\n{text}\n</source>'


def repair_request(
    request: CompletionRequest, bad_text: str | None, reason: str
) -> CompletionRequest:
    """The original conversation, the unusable reply, and exactly what was wrong with it."""
    messages = list(request.messages)
    if bad_text:
        messages.append(Message("assistant", bad_text[:_REPAIR_ECHO_LIMIT]))
    messages.append(
        Message(
            "user",
            f"That reply could not be used: {reason}.\n"
            "Answer again following every rule above. Reply with only one JSON object "
            '{"headline": "...", "paragraphs": ["...", "..."]}, with no other text.',
        )
    )
    return CompletionRequest(
        messages=tuple(messages),
        purpose=request.purpose,
        prompt_version=request.prompt_version,
        sources=request.sources,
        json_output=request.json_output,
        json_schema=request.json_schema,
        max_tokens=request.max_tokens,
        temperature=request.temperature,
    )
