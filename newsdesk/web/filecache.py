"""The embedded default's page cache: Django's file cache, made cheap to read.

Every web process on the machine shares the folder, so a publish in one process (bumping
the page-cache generation) reaches all of them. Django's ``FileBasedCache`` pays for that on
every hit: it checks the key for memcached's rules, opens the file, unpickles an expiry,
inflates zlib and unpickles the value — twice per cached page (generation, then page),
about a sixth of the CPU a cached search answer costs. Here:

- values are stored uncompressed (pages are a few dozen KB; the disk is not the limit);
- keys are not checked for memcached's rules: this cache hashes them into file names, so
  any key is valid, and the other supported backend (Redis) has no such rules either;
- an immutable value (number, string, bytes, frozen dataclass) read from a settled file is
  kept decoded in memory with that file's stamp (see ``newsdesk.utils.filestamp``). A hit costs
  one ``stat``: the file on disk stays the truth, so a value another process replaced or
  deleted is never served.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import time
from collections import OrderedDict
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

from newsdesk.utils.filestamp import Stamp, settled, stamp

MEMORY_ENTRIES = 512  # decoded values kept per process, least recently used dropped first


def _immutable(value: Any) -> bool:
    """Values safe to hand to every caller as the same object."""
    if type(value) in (int, float, str, bytes):
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return dataclasses.is_dataclass(value) and params is not None and bool(params.frozen)


class SharedFileCache(FileBasedCache):
    # Not Django's ".djcache": those files hold zlib data this class does not write.
    cache_suffix = ".page-cache"

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._memory: OrderedDict[str, tuple[Stamp, float | None, Any]] = OrderedDict()

    def path_for(self, key: str, version: int | None = None) -> str:
        """The file that holds ``key`` (Django's ``_key_to_file``, untyped in the stubs)."""
        return str(self._key_to_file(key, version))  # type: ignore[attr-defined]

    def validate_key(self, key: str) -> None:
        """Every key is valid: it only ever becomes an md5 file name (see module doc)."""

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        fname = self.path_for(key, version)
        try:
            info = os.stat(fname)
        except FileNotFoundError:
            self._memory.pop(fname, None)
            return default
        remembered = self._memory.get(fname)
        if (remembered is not None
                and remembered[0] == stamp(info)
                and (remembered[1] is None or remembered[1] >= time.time())):
            self._memory.move_to_end(fname)
            return remembered[2]
        self._memory.pop(fname, None)
        try:
            with open(fname, "rb") as handle:
                info = os.fstat(handle.fileno())  # the file read, even if replaced since
                expiry: float | None = pickle.load(handle)
                if expiry is not None and expiry < time.time():
                    handle.close()
                    self._delete(fname)  # type: ignore[attr-defined]
                    return default
                value = pickle.loads(handle.read())
        except FileNotFoundError:
            return default
        except (EOFError, pickle.UnpicklingError):  # empty, or being written in place by touch
            return default
        if _immutable(value) and settled(info):
            self._remember(fname, stamp(info), expiry, value)
        return value

    def _remember(self, fname: str, stamp: Stamp, expiry: float | None, value: Any) -> None:
        self._memory[fname] = (stamp, expiry, value)
        while len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)

    def _write_content(self, file: Any, timeout: Any, value: Any) -> None:
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
              ) -> bool:
        try:
            with open(self.path_for(key, version), "r+b") as handle:
                try:
                    locks.lock(handle, locks.LOCK_EX)
                    if self._is_expired(handle):  # type: ignore[attr-defined]
                        return False
                    previous = pickle.loads(handle.read())
                    handle.seek(0)
                    self._write_content(handle, timeout, previous)
                    handle.truncate()
                    return True
                finally:
                    locks.unlock(handle)
        except FileNotFoundError:
            return False
