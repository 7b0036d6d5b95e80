"""Django wiring. Values come from ``newsdesk.conf``; nothing here reads the environment itself.

Only what Django and its apps read lives here; newsdesk's own options are read from
``newsdesk.conf.options()`` (typed groups), never from ``settings.NEWSDESK_*``."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from newsdesk import conf
from newsdesk.channels.briefing.mailconfig import email_settings

_server = conf.options().server

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = _server.data_dir

DEBUG: bool = _server.debug
ALLOWED_HOSTS: list[str] = list(_server.allowed_hosts)


def _secret_key() -> str:
    """The configured key, else one generated once and kept in the data folder, so that
    a fresh install is safe without a setup step and sessions survive restarts."""
    configured = _server.secret_key
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()


def database_config(url: str) -> dict[str, Any]:
    """PostgreSQL (or any dj-database-url URL) when given; else SQLite in WAL mode, whose
    readers never block the one writer — the embedded default's whole concurrency story."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'newsdesk.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        # Tests use a real file too: an in-memory shared-cache database locks whole tables
        # and ignores the busy timeout, which is not how the embedded default behaves.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-newsdesk.sqlite3")}
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_config(_server.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "newsdesk.ops",  # first: its admin/index.html adds the dashboard link to the admin's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "newsdesk.intake",
    "newsdesk.articles",
    "newsdesk.web",
    "newsdesk.cli",
    "newsdesk.prerender",
    "newsdesk.channels.briefing",
    "newsdesk.channels.activitypub",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsdesk.web.messages.LazyMessageMiddleware",  # storage made on first use
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsdesk.ops.csp.CSPMiddleware",  # django-csp's, the header built once
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.web.context.site",
            ],
        },
    },
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def cache_config(url: str) -> dict[str, Any]:
    """A cache every process sees: publishing in one process (a worker, the admin) bumps the
    page-cache generation for all web processes. A per-process memory cache would keep
    serving a rejected article from the other processes."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url:
        raise ValueError(f"NEWSDESK_CACHE_URL={url!r}: use redis://… or leave it empty")
    # Django's file cache, cheap to read: see newsdesk/web/filecache.py.
    return {"BACKEND": "newsdesk.web.filecache.SharedFileCache",
            "LOCATION": str(DATA_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}


CACHES = {"default": cache_config(_server.cache_url)}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Operator security (roles, hashing, throttling, CSP, headers): see newsdesk/ops/security.py.
from newsdesk.ops.security import *  # noqa: E402, F403

# Mail (the daily briefing): SMTP from one URL, or any Django backend such as anymail's.
_mail = conf.options().mail
globals().update(email_settings(_mail.smtp_url, _mail.backend, DATA_DIR / "outbox",
                                dict(_mail.anymail)))
DEFAULT_FROM_EMAIL: str = _mail.email_from
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Every record passes the redaction filter: configured secrets never reach a log line.
    "filters": {"redact": {"()": "newsdesk.ops.redact.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact"]}},
    "loggers": {
        "newsdesk": {"handlers": ["console"], "level": _server.log_level},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
