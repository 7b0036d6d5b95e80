"""Which sending errors are worth another try, and which mean the address is gone.

Only a refusal that names this recipient (RCPT TO answered 5xx, or the message refused 5xx
after its data) marks an address: a 5xx about our own sender or login is the operator's
to fix, and must not unsubscribe readers. Everything else — 4xx, a dropped or refused
connection, a timeout — is temporary.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    permanent: bool
    reason: str


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(f"{code} {_decode(reply)}" for code, reply in exc.recipients.values())
        return Failure(permanent=bool(codes) and all(500 <= c < 600 for c in codes),
                       reason=f"recipient refused: {text}")
    if isinstance(exc, smtplib.SMTPDataError):
        return Failure(permanent=500 <= exc.smtp_code < 600,
                       reason=f"message refused: {exc.smtp_code} {_decode(exc.smtp_error)}")
    if type(exc).__name__ == "AnymailRecipientsRefused":  # django-anymail, when installed
        return Failure(permanent=True, reason=f"recipient refused by the provider: {exc}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure(permanent=False,
                       reason=f"{type(exc).__name__}: {exc.smtp_code} {_decode(exc.smtp_error)}")
    return Failure(permanent=False, reason=f"{type(exc).__name__}: {exc}")


def _decode(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return text[:300]
