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
    _prerender_first_start()
    print(f"newsdesk is serving at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    sys.stdout.flush()
    Granian(
        # The thin pre-rendered-pages layer in front of Django (newsdesk/prerender/front.py).
        "newsdesk.prerender.front:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=1,
        log_access=False,
        websockets=False,
    ).serve()


def _prerender_first_start() -> None:
    """Pages published before static files were collected could not be rendered; on a
    first start (no stored index) render them all. Later deploys run `newsdesk prerender`."""
    from newsdesk.prerender import store
    from newsdesk.prerender.refresh import enabled, refresh_all
    from newsdesk.prerender.render import index_path

    if enabled() and store.read(store.pages_dir(), index_path()) is None:
        print(f"pre-rendering published pages: {refresh_all()} done", flush=True)
