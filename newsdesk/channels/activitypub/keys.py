"""Each actor's RSA key pair: made once, on first use, and kept in the database.

Two processes asking at once for a key that does not exist yet both generate one, and
the unique row decides: the loser reads the winner's, so an actor never publishes one
key and signs with another. Only ``private_pem`` hands out the private half, and only
to the signing code in ``delivery.py``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from newsdesk.channels.activitypub.models import ActorKey
from newsdesk.channels.activitypub.signatures import generate_key_pair


def _key(actor: str) -> ActorKey:
    found = ActorKey.objects.filter(actor=actor).first()
    if found is not None:
        return found
    private, public = generate_key_pair()
    try:
        with transaction.atomic():
            return ActorKey.objects.create(actor=actor, public_pem=public, private_pem=private)
    except IntegrityError:
        return ActorKey.objects.get(actor=actor)


def public_pem(actor: str) -> str:
    return _key(actor).public_pem


def private_pem(actor: str) -> str:
    return _key(actor).private_pem
