"""Start the production web server (granian, WSGI) on the Django application."""

from __future__ import annotations

import sys

from django.core.management import call_command


def serve(host: str, port: int, workers: int) -> None:
    """Collect static files (hashed names, served by whitenoise), then serve until stopped.

    One blocking thread per worker: granian's default starts hundreds of threads and
    spikes tail latency under load.
    """
    from granian import Granian
    from granian.constants import Interfaces

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"newsdesk is serving at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    sys.stdout.flush()
    Granian(
        "newsdesk.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=1,
        log_access=False,
        websockets=False,
    ).serve()
