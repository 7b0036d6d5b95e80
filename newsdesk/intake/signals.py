"""``source_read``: a source was read (polled, or its content pushed) and the attempt
recorded. Sent by ``intake.services.read_source`` with ``source_id`` and ``report``
(an ``IngestReport``: counts, errors, and the WebSub hubs and topic the feed names).

Intake knows nothing of what listens: the WebSub channel subscribes to sources whose
feeds name a hub and slows their polling while the hub pushes. Receivers run through
``send_robust``: one that raises is logged and never fails the read.
"""

from __future__ import annotations

from django.dispatch import Signal

source_read = Signal()
