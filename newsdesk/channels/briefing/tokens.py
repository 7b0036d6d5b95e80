"""The two secrets in a subscriber's links, and how each is checked.

Confirmation: a random token mailed once; only its SHA-256 is stored, so a copy of the
database cannot confirm anyone, and it is cleared when used (one time only).
Unsubscribe: the subscriber's id and a random nonce, signed with the site's secret key. It
must stay valid in every mail ever sent, so it is not stored; changing the id breaks the
signature, and the nonce makes links of a deleted row useless for a later row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core import signing

UNSUBSCRIBE_SALT = "newsdesk.briefing.unsubscribe"


def new_confirmation() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, confirmation_hash(token)


def confirmation_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def unsubscribe_token(subscriber_id: int, nonce: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{subscriber_id}.{nonce}")


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(subscriber id, nonce) from a token this site signed, else None."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    subscriber_id, _, nonce = value.partition(".")
    if not subscriber_id.isdigit() or not nonce:
        return None
    return int(subscriber_id), nonce


def same(a: str, b: str) -> bool:
    """Constant-time comparison, so timing tells nothing about a stored secret."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
