"""The sending pace, on a clock the test moves itself."""

from __future__ import annotations

from newsdesk.channels.briefing.failures import classify
from newsdesk.channels.briefing.pacing import Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_messages_are_spaced_at_the_configured_rate() -> None:
    clock = Clock()
    pacer = Pacer(4, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        pacer.wait()
    assert clock.slept == [0.25, 0.25, 0.25, 0.25]


def test_time_spent_sending_counts_towards_the_pace() -> None:
    clock = Clock()
    pacer = Pacer(2, clock=clock, sleep=clock.sleep)
    pacer.wait()
    clock.now += 0.4  # the first message took 0.4 s
    pacer.wait()
    clock.now += 2.0  # a slow one: no wait at all after it
    pacer.wait()
    assert clock.slept == [0.1]


def test_zero_means_no_limit() -> None:
    clock = Clock()
    pacer = Pacer(0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        pacer.wait()
    assert clock.slept == []


def test_only_a_refusal_of_the_recipient_is_permanent() -> None:
    import smtplib

    assert classify(smtplib.SMTPRecipientsRefused({"a@x.test": (550, b"no such user")})
                    ).permanent
    assert not classify(smtplib.SMTPRecipientsRefused({"a@x.test": (452, b"full")})).permanent
    assert classify(smtplib.SMTPDataError(554, b"rejected")).permanent
    assert not classify(smtplib.SMTPDataError(451, b"later")).permanent
    # Our own login or sender being refused is the operator's problem, not the reader's.
    assert not classify(smtplib.SMTPAuthenticationError(535, b"bad login")).permanent
    assert not classify(smtplib.SMTPSenderRefused(550, b"bad sender", "from@x")).permanent
    assert not classify(ConnectionRefusedError(111, "refused")).permanent
