"""Serving speed at scale, newsdesk against nginx on this machine, in one run.

For each database (SQLite; PostgreSQL with --postgres) it seeds 1,000 and then 100,000
published articles, starts the production server command from docs/deploy.md
(`newsdesk serve`), and loads each of ENDPOINTS (article page, index, JSON twin, API
detail, search) with `wrk -t2 -c64` from loopback. In the same run nginx serves a saved
copy of the same article page from a generated config on a loopback port, right before and
right after newsdesk's endpoints: the ceiling is the mean of those two runs. Prints req/s,
p50 and p99 and exits 1 when a target is lost:

  article and index pages  >= 40% of nginx's req/s, p99 < 10 ms
  search and API           >= 5% of nginx's req/s
  every page               p99 at 100,000 articles <= 1.5 x its p99 at 1,000

Usage:  python benchmarks/serve.py [--postgres URL] [--no-sqlite] [--duration 10]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
TARGET_SLUG = "bench-target"
SIZES = (1_000, 100_000)
WORKERS = 2  # one per core; nginx gets the same

# (name, path template, kind): kind "page" must reach 40% of nginx, "dynamic" 5%.
ENDPOINTS: list[tuple[str, str, str]] = [
    ("article", f"/articles/{TARGET_SLUG}/", "page"),
    ("index", "/", "page"),
    ("json twin", f"/articles/{TARGET_SLUG}.json", "page"),
    ("api detail", f"/api/articles/{TARGET_SLUG}/", "dynamic"),
    ("search", "/search/?q=berth+seven+ships", "dynamic"),
]
PAGE_SHARE, DYNAMIC_SHARE, PAGE_P99_MS, GROWTH = 0.40, 0.05, 10.0, 1.5


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, duration: int) -> Load:
    """wrk -t2 -c64 --latency; a short warm-up first so caches and connections are open."""
    subprocess.run(["wrk", "-t2", "-c64", "-d2s", url], capture_output=True, check=True)
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(n) for n in socket_errors.groups())
    return Load(rps, p50, p99, count)


# -- seeding (runs in a child process with the benchmark's DATABASE_URL) --------------------

def seed(total: int) -> None:
    """Grow the database to ``total`` published articles with bulk inserts."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    django.setup()
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from newsdesk.articles.models import Article
    from newsdesk.intake.models import Source

    source, _ = Source.objects.get_or_create(
        location="bench://wire", defaults={"name": "Bench Wire", "kind": "files",
                                           "outlet": "Bench Wire"})
    have = Article.objects.count()
    start = timezone.now() - timedelta(days=400)
    paragraph = ("The harbour authority said the new berth would take ships of up to 300 "
                 "metres from March, and that 42 jobs would follow. [Source: Bench Wire]")
    batch = 5_000
    for first in range(have, total, batch):
        with transaction.atomic():
            _seed_batch(source, paragraph, start, range(first, min(first + batch, total)))
    if not Article.objects.filter(slug=TARGET_SLUG).exists():
        _seed_target(source, paragraph, start + timedelta(minutes=5 * total // 2))
    settle()


def settle() -> None:
    """After a bulk load, what an operator does (and what autovacuum would do a little
    later, in the middle of a measurement): refresh the planner's statistics and write the
    load out. Without fresh statistics PostgreSQL thinks the table is nearly empty and
    scans all 100,000 rows instead of using the search index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _seed_batch(source: Any, paragraph: str, start: Any, numbers: range) -> None:
    from datetime import timedelta

    from newsdesk.articles import fts
    from newsdesk.articles.models import Article, Attribution, Summary
    from newsdesk.intake.models import SourceItem

    items = SourceItem.objects.bulk_create([
        SourceItem(source=source, key=f"bench-{n}", title=f"Bench item {n}",
                   outlet="Bench Wire", text=paragraph, content_hash=f"bench-{n:058d}",
                   status="done") for n in numbers])
    articles = Article.objects.bulk_create([
        Article(headline=f"Harbour berth {n} opens to larger ships", slug=f"bench-{n}",
                body="\n\n".join([paragraph] * 3), status="published",
                published_at=start + timedelta(minutes=5 * n), source_item=item,
                made_by="offline", prompt_version="bench", guard_passed=True)
        for n, item in zip(numbers, items, strict=True)])
    fts.index_rows([(a.pk, a.headline, a.body) for a in articles])  # bulk_create sends no signals
    Attribution.objects.bulk_create([
        Attribution(article=a, source_item=a.source_item, label="Bench Wire",
                    url="https://wire.example/") for a in articles])
    Summary.objects.bulk_create([
        Summary(article=a, length=length, text=paragraph,
                sentences=[{"text": paragraph, "paragraph": 0}], made_by="bench")
        for a in articles for length in ("short", "standard", "long")])


def _seed_target(source: Any, paragraph: str, when: Any) -> None:
    """The measured article: about 30 KB of page, as in the issue, published normally so its
    summaries and stored page are made the way production makes them."""
    from newsdesk.articles.models import Article, Attribution
    from newsdesk.articles.workflow import publish
    from newsdesk.intake.models import SourceItem

    body = "\n\n".join(f"{paragraph} Paragraph {n} adds detail on tides, cranes and the "
                       f"dredging schedule for the outer channel." for n in range(90))
    item = SourceItem.objects.create(source=source, key="bench-target", title="Target",
                                     outlet="Bench Wire", text=body,
                                     content_hash="bench-target".rjust(64, "0"), status="done")
    article = Article.objects.create(
        headline="Harbour authority opens berth seven to the largest ships", slug=TARGET_SLUG,
        body=body, status="review", source_item=item, made_by="offline",
        prompt_version="bench", guard_passed=True, published_at=when)
    Attribution.objects.create(article=article, source_item=item, label="Bench Wire",
                               url="https://wire.example/")
    publish(article)


# -- the run ---------------------------------------------------------------------------------

def newsdesk(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([NEWSDESK, *args], env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"newsdesk {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Server:
    """`newsdesk serve`, exactly as docs/deploy.md starts it, on a free loopback port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [NEWSDESK, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(WORKERS)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.port)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Nginx:
    """nginx serving the same bytes as a static file: the ceiling on this machine."""

    def __init__(self, page: bytes, workdir: Path) -> None:
        root = workdir / "nginx"
        (root / "html").mkdir(parents=True)
        (root / "html" / "article.html").write_bytes(page)
        self.port = free_port()
        conf = root / "nginx.conf"
        conf.write_text(f"""
worker_processes {WORKERS};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
  fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  types {{ text/html html; }}
  server {{ listen 127.0.0.1:{self.port}; root {root}/html; }}
}}
""")
        for folder in (workdir.parent, workdir, root, root / "html"):
            folder.chmod(0o755)
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(root), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.port)

    def load(self, duration: int) -> Load:
        return wrk(f"http://127.0.0.1:{self.port}/article.html", duration)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlsplit(url)
    # Named after the database in the URL, so runs by different people stay apart.
    given = parts.path.lstrip("/") or "newsdesk_bench"
    name = f"{given}_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), admin


def drop_postgres(admin: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_database(label: str, database_url: str, workdir: Path, duration: int,
                 rows: list[tuple[str, int, str, Load]]) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "NEWSDESK_DATA_DIR": str(workdir / "data"),
           "NEWSDESK_SECRET_KEY": "bench-" + uuid.uuid4().hex * 2, "NEWSDESK_LOG_LEVEL": "WARNING"}
    newsdesk(env, "migrate", "--noinput")
    newsdesk(env, "collectstatic", "--noinput")
    for size in SIZES:
        started = time.monotonic()
        subprocess.run([sys.executable, __file__, "seed", str(size)], env=env, check=True)
        # Bulk inserts send no signals: render the measured pages as publishing would.
        newsdesk(env, "prerender", "/", f"/articles/{TARGET_SLUG}/",
                 f"/articles/{TARGET_SLUG}.json")
        print(f"[{label} {size:,}] seeded in {time.monotonic() - started:.0f}s", flush=True)
        # nginx is measured right before and right after newsdesk's endpoints, and the
        # ceiling is the mean of the two: a load change on the machine (another process
        # starting or stopping) then shifts both sides of the ratio alike.
        server = Server(env)
        nginx: Nginx | None = None
        try:
            page = urllib.request.urlopen(server.url(ENDPOINTS[0][1])).read()
            nginx = Nginx(page, workdir / f"ceiling-{size}")
            rows.append((label, size, "nginx (before)", nginx.load(duration)))
            for name, path, _kind in ENDPOINTS:
                load = wrk(server.url(path), duration)
                rows.append((label, size, name, load))
                print(f"[{label} {size:,}] {name}: {load.rps:,.0f} req/s", flush=True)
            rows.append((label, size, "nginx (after)", nginx.load(duration)))
        finally:
            server.stop()
            if nginx is not None:
                nginx.stop()
        print(f"[{label} {size:,}] nginx: {ceiling_of(rows, label, size):,.0f} req/s mean "
              f"({len(page):,} bytes page)", flush=True)


def ceiling_of(rows: list[tuple[str, int, str, Load]], db: str, size: int) -> float:
    runs = [load.rps for label, n, name, load in rows
            if (label, n) == (db, size) and name.startswith("nginx")]
    return sum(runs) / len(runs)


def judge(rows: list[tuple[str, int, str, Load]]) -> list[str]:
    """Print the table; return the targets lost."""
    lost: list[str] = []
    kinds = {name: kind for name, _, kind in ENDPOINTS}
    ceilings = {(db, size): ceiling_of(rows, db, size) for db, size, _, _ in rows}
    p99_small = {(db, name): load.p99_ms for db, size, name, load in rows if size == SIZES[0]}
    header = (f"{'database':<10} {'articles':>9} {'endpoint':<20} {'req/s':>9} {'of nginx':>9} "
              f"{'p50 ms':>8} {'p99 ms':>8} {'p99 vs 1k':>9}  verdict")
    print("\n" + header + "\n" + "-" * len(header))
    for db, size, name, load in rows:
        share = load.rps / ceilings[(db, size)]
        growth = load.p99_ms / p99_small[(db, name)] if p99_small.get((db, name)) else 1.0
        problems = []
        kind = kinds.get(name)
        if kind == "page":
            if share < PAGE_SHARE:
                problems.append(f"< {PAGE_SHARE:.0%} of nginx")
            if load.p99_ms >= PAGE_P99_MS:
                problems.append(f"p99 >= {PAGE_P99_MS:.0f} ms")
        if kind == "dynamic" and share < DYNAMIC_SHARE:
            problems.append(f"< {DYNAMIC_SHARE:.0%} of nginx")
        if kind and size != SIZES[0] and growth > GROWTH:
            problems.append(f"p99 grew {growth:.2f}x")
        if load.errors:
            problems.append(f"{load.errors} errors")
        verdict = "baseline" if kind is None else ("ok" if not problems else
                                                   "LOST: " + "; ".join(problems))
        lost += [f"{db} {size:,} {name}: {p}" for p in problems]
        print(f"{db:<10} {size:>9,} {name:<20} {load.rps:>9,.0f} {share:>9.1%} "
              f"{load.p50_ms:>8.2f} {load.p99_ms:>8.2f} {growth:>8.2f}x  {verdict}")
    return lost


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", default="",
                        help="also run on PostgreSQL (a fresh database on this server)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    options = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: run `make bench` (installs the Debian packages wrk and "
                  "nginx-light)", file=sys.stderr)
            return 2
    rows: list[tuple[str, int, str, Load]] = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as temporary:
        workdir = Path(temporary)
        workdir.chmod(0o755)  # nginx's workers (not root) read the saved page below it
        if not options.no_sqlite:
            run_database("sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", workdir / "sqlite",
                         options.duration, rows)
        if options.postgres:
            url, admin = fresh_postgres(options.postgres)
            try:
                run_database("postgres", url, workdir / "postgres", options.duration, rows)
            finally:
                drop_postgres(admin, url)
    lost = judge(rows)
    print(f"\nwrk -t2 -c64, {options.duration}s per run, {WORKERS} server processes; "
          f"targets: pages >= {PAGE_SHARE:.0%} of nginx with p99 < {PAGE_P99_MS:.0f} ms, "
          f"dynamic >= {DYNAMIC_SHARE:.0%}, p99 growth <= {GROWTH}x")
    if lost:
        print("TARGETS LOST:\n  " + "\n  ".join(lost))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
