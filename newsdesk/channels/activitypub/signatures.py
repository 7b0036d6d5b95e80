"""HTTP Signatures as the fediverse uses them (draft-cavage-http-signatures-12), by hand.

Mastodon and everything that talks to it sign a request with RSA-SHA256 over a few
headers, named in order in the ``Signature`` header's ``headers`` list, and vouch for the
body with ``Digest: SHA-256=<base64>``. This module signs newsdesk's outgoing POSTs and
checks incoming ones; it knows nothing of Django or the network, so the inbox decides
where keys come from and what a refusal answers.

What a valid incoming POST must have (``verify_request``): a parseable ``Signature`` over
at least ``(request-target) host date digest``; a ``Date`` within ``max_age`` seconds of
now either way (an old, captured request replayed later is refused); a ``Digest`` that
matches the body read; and a signature that the sender's RSA key verifies. Anything
missing is a ``SignatureError``, never a partial pass.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# What newsdesk signs a POST over, and what it requires an incoming POST to sign.
POST_HEADERS: Final = ("(request-target)", "host", "date", "digest")
REQUIRED_HEADERS: Final = frozenset(POST_HEADERS)
# "hs2019" names no algorithm by itself; with an RSA key every implementation means
# RSASSA-PKCS1-v1_5 over SHA-256, as Mastodon does when it reads one.
ALGORITHMS: Final = frozenset({"rsa-sha256", "hs2019"})
_PARAM: Final = re.compile(r'\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)')
KEY_BITS: Final = 2048


class SignatureError(Exception):
    """Why a request's signature is not accepted, in words for the log."""


@dataclass(frozen=True)
class SignatureParams:
    key_id: str
    algorithm: str
    headers: tuple[str, ...]
    signature: bytes


def generate_key_pair() -> tuple[str, str]:
    """A new RSA key as (private PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private.decode("ascii"), public.decode("ascii")


def digest_header(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def signing_string(names: Sequence[str], method: str, target: str,
                   headers: Mapping[str, str]) -> str:
    """The lines that are signed: ``name: value`` for each name in order, the pseudo-header
    ``(request-target)`` being the lower-case method and the path with its query.
    ``headers`` is keyed by lower-case name; a named header that is absent raises."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {target}")
        elif name in headers:
            lines.append(f"{name}: {headers[name]}")
        else:
            raise SignatureError(f"the signature names the header {name!r}, which is absent")
    return "\n".join(lines)


def sign_request(method: str, target: str, headers: Mapping[str, str], *, key_id: str,
                 private_pem: str, names: Sequence[str] = POST_HEADERS) -> str:
    """The ``Signature`` header value for a request with these (lower-case) headers."""
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError("an actor's key must be RSA")
    text = signing_string(names, method, target, headers).encode("utf-8")
    signature = base64.b64encode(key.sign(text, padding.PKCS1v15(), hashes.SHA256()))
    return (f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
            f'signature="{signature.decode("ascii")}"')


def signed_post_headers(url_host: str, target: str, body: bytes, *, key_id: str,
                        private_pem: str, now: datetime) -> dict[str, str]:
    """Every header a signed ActivityPub POST carries (Host is the URL's authority)."""
    headers = {"host": url_host, "date": http_date(now), "digest": digest_header(body)}
    signature = sign_request("POST", target, headers, key_id=key_id, private_pem=private_pem)
    return {
        "Host": headers["host"],
        "Date": headers["date"],
        "Digest": headers["digest"],
        "Content-Type": "application/activity+json",
        "Signature": signature,
    }


def parse_signature(value: str) -> SignatureParams:
    """The parameters of a ``Signature`` header; a malformed one raises."""
    params: dict[str, str] = {}
    position = 0
    while position < len(value):
        match = _PARAM.match(value, position)
        if match is None:
            raise SignatureError("the Signature header is not a list of name=\"value\" pairs")
        params[match.group(1)] = match.group(2)
        position = match.end()
    missing = {"keyId", "signature"} - set(params)
    if missing:
        raise SignatureError(f"the Signature header lacks {', '.join(sorted(missing))}")
    algorithm = params.get("algorithm", "rsa-sha256").lower()
    if algorithm not in ALGORITHMS:
        raise SignatureError(f"unsupported signature algorithm {algorithm!r}")
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except ValueError as exc:
        raise SignatureError("the signature is not base64") from exc
    names = tuple(params.get("headers", "date").lower().split())
    return SignatureParams(params["keyId"], algorithm, names, signature)


def check_date(value: str, now: datetime, max_age: int) -> None:
    try:
        sent = parsedate_to_datetime(value)
    except (TypeError, ValueError) as exc:
        raise SignatureError(f"the Date header {value[:60]!r} is not an HTTP date") from exc
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=UTC)
    skew = abs((now - sent).total_seconds())
    if skew > max_age:
        raise SignatureError(f"the Date is {skew:.0f} s off the clock (at most {max_age} s)")


def check_digest(value: str, body: bytes) -> None:
    algorithm, sep, encoded = value.partition("=")
    if not sep or algorithm.strip().upper() != "SHA-256":
        raise SignatureError("the Digest header is not SHA-256=…")
    if encoded.strip() != digest_header(body).partition("=")[2]:
        raise SignatureError("the Digest does not match the body")


def check_shape(params: SignatureParams) -> None:
    missing = REQUIRED_HEADERS - set(params.headers)
    if missing:
        raise SignatureError(f"the signature does not cover {', '.join(sorted(missing))}")


def verify_signature(params: SignatureParams, method: str, target: str,
                     headers: Mapping[str, str], public_pem: str) -> None:
    """Raises unless ``public_pem`` verifies the signature over the named headers."""
    try:
        key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    except ValueError as exc:
        raise SignatureError("the sender's public key is not a PEM key") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("the sender's key is not RSA")
    text = signing_string(params.headers, method, target, headers).encode("utf-8")
    try:
        key.verify(params.signature, text, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SignatureError("the signature does not verify with the sender's key") from exc
