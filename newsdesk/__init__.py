"""newsdesk: ingest source news, rewrite it faithfully, summarize it, publish it."""

__version__ = "0.1.0"
