"""Django wiring. Values come from ``newsdesk.conf``; nothing here reads the environment itself."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from newsdesk import conf

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(conf.get("NEWSDESK_DATA_DIR")).resolve()

DEBUG: bool = conf.get("NEWSDESK_DEBUG")
ALLOWED_HOSTS: list[str] = conf.get("NEWSDESK_ALLOWED_HOSTS")


def _secret_key() -> str:
    """The configured key, else one generated once and kept in the data folder, so that
    a fresh install is safe without a setup step and sessions survive restarts."""
    configured: str = conf.get("NEWSDESK_SECRET_KEY")
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


DATABASES = {"default": database_config(conf.get("DATABASE_URL"))}
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


CACHES = {"default": cache_config(conf.get("NEWSDESK_CACHE_URL"))}

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

NEWSDESK_SITE_NAME: str = conf.get("NEWSDESK_SITE_NAME")
NEWSDESK_PAGE_SIZE: int = conf.get("NEWSDESK_PAGE_SIZE")
NEWSDESK_PRERENDER: bool = conf.get("NEWSDESK_PRERENDER")
NEWSDESK_SITE_URL: str = conf.get("NEWSDESK_SITE_URL").rstrip("/")
NEWSDESK_AUTO_PUBLISH: bool = conf.get("NEWSDESK_AUTO_PUBLISH")
NEWSDESK_FETCH_TIMEOUT: float = conf.get("NEWSDESK_FETCH_TIMEOUT")
NEWSDESK_FETCH_MAX_BYTES: int = conf.get("NEWSDESK_FETCH_MAX_BYTES")
NEWSDESK_STORY_WINDOW_DAYS: int = conf.get("NEWSDESK_STORY_WINDOW_DAYS")
NEWSDESK_STORY_SIMILARITY: float = conf.get("NEWSDESK_STORY_SIMILARITY")
NEWSDESK_REFRESH_MIN_SECONDS: int = conf.get("NEWSDESK_REFRESH_MIN_SECONDS")
NEWSDESK_REFRESH_MAX_SECONDS: int = conf.get("NEWSDESK_REFRESH_MAX_SECONDS")
NEWSDESK_REFRESH_DEFAULT_SECONDS: int = conf.get("NEWSDESK_REFRESH_DEFAULT_SECONDS")
NEWSDESK_CLAIM_LEASE_SECONDS: int = conf.get("NEWSDESK_CLAIM_LEASE_SECONDS")
NEWSDESK_FETCH_ALLOW_NETWORKS: list[str] = conf.get("NEWSDESK_FETCH_ALLOW_NETWORKS")
NEWSDESK_LLM_BACKEND: str = conf.get("NEWSDESK_LLM_BACKEND")
NEWSDESK_LLM_FALLBACK: str = conf.get("NEWSDESK_LLM_FALLBACK")

# Named LLM backends, configured like CACHES: a dotted class path and its options.
NEWSDESK_LLM_BACKENDS: dict[str, dict[str, Any]] = {
    "offline": {"BACKEND": "newsdesk.llm.offline.OfflineBackend", "OPTIONS": {}},
    "openai": {
        "BACKEND": "newsdesk.llm.openai_compat.OpenAICompatBackend",
        "OPTIONS": {
            "base_url": conf.get("NEWSDESK_OPENAI_BASE_URL"),
            "model": conf.get("NEWSDESK_OPENAI_MODEL"),
            "timeout": conf.get("NEWSDESK_OPENAI_TIMEOUT"),
            "api_key_env": conf.get("NEWSDESK_OPENAI_KEY_ENV"),
        },
        # Per process, shared by every worker thread (see newsdesk.llm.limits).
        "LIMITS": {
            "MAX_CONCURRENCY": conf.get("NEWSDESK_OPENAI_MAX_CONCURRENCY") or None,
            "REQUESTS_PER_MINUTE": conf.get("NEWSDESK_OPENAI_RPM") or None,
        },
    },
}
NEWSDESK_LLM_SUMMARIES: bool = conf.get("NEWSDESK_LLM_SUMMARIES")
if conf.get("NEWSDESK_LOCAL_MODEL_PATH"):
    NEWSDESK_LLM_BACKENDS["local"] = {
        "BACKEND": "newsdesk.llm.local.LocalBackend",
        "OPTIONS": {
            "model_path": conf.get("NEWSDESK_LOCAL_MODEL_PATH"),
            "threads": conf.get("NEWSDESK_LOCAL_THREADS") or None,
        },
        "LIMITS": {"MAX_CONCURRENCY": 1},  # one model in memory computes one reply at a time
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Every record passes the redaction filter: configured secrets never reach a log line.
    "filters": {"redact": {"()": "newsdesk.ops.redact.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact"]}},
    "loggers": {
        "newsdesk": {"handlers": ["console"], "level": conf.get("NEWSDESK_LOG_LEVEL")},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
