"""A real WebSub hub on 127.0.0.1 for tests: Flask-WebSub's hub (from PyPI), its Celery
tasks run eagerly in the request that starts them (no broker), served by werkzeug.

Eager tasks make the hub synchronous: it verifies a subscriber's intent before it
answers the subscription request, and fetches and delivers a topic before it answers
the publisher's ping. The behaviour on the wire is the spec's either way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RunningHub:
    url: str


@contextmanager
def websub_hub(folder: Path) -> Iterator[RunningHub]:
    """Serve a hub until the block ends; its subscriptions live in ``folder``/hub.db."""
    from celery import Celery
    from flask import Flask
    from flask_websub.hub import Hub, SQLite3HubStorage
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    celery = Celery("websub-test-hub")
    celery.conf.task_always_eager = True
    app = Flask("websub-test-hub")
    # publish pings (hub.mode=publish) are how a publisher tells this hub of a change.
    app.config["PUBLISH_SUPPORTED"] = True
    hub: Any = Hub(SQLite3HubStorage(str(folder / "hub.db")), celery, **app.config)
    app.register_blueprint(hub.build_blueprint(url_prefix="/hub"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RunningHub(f"http://127.0.0.1:{server.server_port}/hub")
    finally:
        server.shutdown()
        thread.join(timeout=10)
