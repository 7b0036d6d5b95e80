"""When a value read from a file may be kept in memory: the rule the front layer and the
shared page cache both follow.

A file's stamp is its (inode, mtime, size). While the stamp on disk is unchanged, what
was read from it still holds, so a hit costs one ``stat`` and the file stays the truth
for every process. A file is remembered only once it has *settled* (older than
``SETTLED_SECONDS``): one replaced within the same filesystem clock tick could reuse the
inode, mtime and size of the one remembered.
"""

from __future__ import annotations

import os
import time

SETTLED_SECONDS = 1.0

Stamp = tuple[int, int, int]


def stamp(info: os.stat_result) -> Stamp:
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def settled(info: os.stat_result) -> bool:
    return time.time() - info.st_mtime > SETTLED_SECONDS
