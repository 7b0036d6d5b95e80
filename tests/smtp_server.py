"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for mail tests.

Replies can be scripted per recipient — ``refuse("a@x.test", "451 4.3.0 Try later")`` —
each scripted reply is used once, in order, then the recipient is accepted again. Tests
wait for messages on a condition variable, never by sleeping.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def to(self) -> str:
        return self.rcpt_tos[0]

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type and not part.is_multipart():
                return str(part.get_content())
        raise AssertionError(f"no {content_type} part in {self.message['Subject']!r}")


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    scripts: dict[str, list[str]] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self.changed:
            self.attempts[address.lower()] = self.attempts.get(address.lower(), 0) + 1
            script = self.scripts.get(address.lower())
            if script:
                return script.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.changed:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
            self.changed.notify_all()
        return "250 Message accepted"


class _Controller(Controller):
    """aiosmtpd's controller on a socket bound here first, so port 0 works without a race."""

    def __init__(self, handler: Handler) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self._sock.getsockname()[1])

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock,
                                       ssl=self.ssl_context)


class SmtpServer:
    def __init__(self, handler: Handler, controller: _Controller) -> None:
        self.handler = handler
        self.controller = controller
        self.port = controller.port

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Received]:
        with self.handler.changed:
            return list(self.handler.received)

    def refuse(self, address: str, *replies: str) -> None:
        with self.handler.changed:
            self.handler.scripts.setdefault(address.lower(), []).extend(replies)

    def attempts(self, address: str) -> int:
        with self.handler.changed:
            return self.handler.attempts.get(address.lower(), 0)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        with self.handler.changed:
            if not self.handler.changed.wait_for(lambda: len(self.handler.received) >= count,
                                                 timeout=timeout):
                raise AssertionError(f"expected {count} message(s), got "
                                     f"{len(self.handler.received)}")
            return list(self.handler.received)

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]

    def clear(self) -> None:
        with self.handler.changed:
            self.handler.received.clear()


@contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    handler = Handler()
    controller = _Controller(handler)
    controller.start()
    try:
        yield SmtpServer(handler, controller)
    finally:
        controller.stop()
