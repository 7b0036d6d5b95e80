"""The one-machine runtime: web server, task worker and scheduler, started and stopped together.

The web server and the worker run as child processes (each is the same `newsdesk`
command an operator could start alone); the scheduler runs as a thread here. Ctrl-C or
SIGTERM stops the scheduler, asks each child to finish (SIGTERM: the worker completes
its current task), and kills a child that has not exited after a grace period.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

from newsdesk.articles.tasks import process_item_task, refresh_source_task
from newsdesk.channels.briefing.schedule import run_forever as briefing_forever
from newsdesk.intake.scheduler import run_forever


def sources_forever(stop: threading.Event, *, every: float) -> None:
    """Enqueue due sources' refreshes (and reclaimed items) until ``stop``."""
    run_forever(stop, refresh_source_task.enqueue, process_item_task.enqueue, every=every)


# Each loop runs in its own thread until stop: source refreshes, and the daily briefing.
LOOPS: tuple[Callable[..., None], ...] = (sources_forever, briefing_forever)

logger = logging.getLogger(__name__)

GRACE_SECONDS = 15.0


def newsdesk_command(*args: str) -> list[str]:
    """The `newsdesk` command line for a child, run by this very interpreter."""
    return [sys.executable, "-m", "newsdesk", *args]


@dataclass
class Runtime:
    children: dict[str, Sequence[str]]
    schedule_every: float = 30.0
    stop: threading.Event = field(default_factory=threading.Event)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self) -> None:
        for name, argv in self.children.items():
            self.processes[name] = subprocess.Popen(argv, env=os.environ.copy())
            logger.info("started %s (pid %s)", name, self.processes[name].pid)

    def watch(self) -> int:
        """Run the scheduler until asked to stop or until a child dies; return an exit code."""
        loops = [threading.Thread(target=loop, args=(self.stop,),
                                  kwargs={"every": self.schedule_every},
                                  name=f"scheduler-{n}", daemon=True)
                 for n, loop in enumerate(LOOPS)]
        for loop in loops:
            loop.start()
        code = 0
        while not self.stop.is_set():
            for name, process in self.processes.items():
                if process.poll() is not None:
                    print(f"newsdesk run: {name} exited with {process.returncode}; stopping",
                          file=sys.stderr, flush=True)
                    code = process.returncode or 1
                    self.stop.set()
            self.stop.wait(0.5)
        self.shutdown()
        for loop in loops:
            loop.join(timeout=GRACE_SECONDS)
        return code

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()

    def shutdown(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("%s did not stop in %ss; killing it", name, GRACE_SECONDS)
                process.kill()
                process.wait()


def run(host: str, port: int, *, workers: int, schedule_every: float) -> int:
    children: dict[str, Sequence[str]] = {
        "web": newsdesk_command("serve", "--host", host, "--port", str(port)),
    }
    for n in range(workers):
        children[f"worker-{n + 1}"] = newsdesk_command(
            "db_worker", "--no-startup-delay", "--no-reload", "--interval", "1"
        )
    runtime = Runtime(children, schedule_every=schedule_every)
    signal.signal(signal.SIGINT, runtime.request_stop)
    signal.signal(signal.SIGTERM, runtime.request_stop)
    runtime.start()
    return runtime.watch()
