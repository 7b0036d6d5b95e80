"""The page cache is shared by every process, so a publish anywhere reaches every server."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string

from newsdesk.settings import cache_config

REDIS_URL = "redis://127.0.0.1:6379/15"


def build(url: str) -> BaseCache:
    config = cache_config(url)
    backend = import_string(config.pop("BACKEND"))
    location = config.pop("LOCATION")
    cache: BaseCache = backend(location, config)
    return cache


def test_the_default_is_a_folder_every_process_on_the_machine_reads() -> None:
    cache = build("")
    assert isinstance(cache, FileBasedCache)
    key = f"probe:{uuid.uuid4().hex}"
    cache.set(key, 41)
    # Another Python process, configured the same way, sees the value and changes it.
    script = (
        "from newsdesk.settings import cache_config; "
        "from django.utils.module_loading import import_string; "
        "c = cache_config(''); b = import_string(c.pop('BACKEND')); "
        f"cache = b(c.pop('LOCATION'), c); cache.incr({key!r})"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=60)
    assert cache.get(key) == 42
    cache.delete(key)


def test_redis_urls_give_a_cache_shared_across_machines() -> None:
    cache = build(REDIS_URL)
    assert isinstance(cache, RedisCache)
    key = f"probe:{uuid.uuid4().hex}"
    cache.set(key, 1)  # fails loudly when Redis is down: `make test` starts it
    assert cache.incr(key) == 2
    cache.delete(key)


def test_an_unknown_cache_url_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="NEWSDESK_CACHE_URL"):
        cache_config("memcached://127.0.0.1:11211")
