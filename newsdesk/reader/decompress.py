"""Content-Encoding decoding that never produces more than a fixed number of bytes.

httpx inflates each network chunk in one go, so a few kilobytes of gzip can turn
into hundreds of megabytes before a size check ever sees them. Decoding ourselves
with ``max_length`` lets the fetcher stop a compression bomb at the cap.
"""

from __future__ import annotations

import zlib
from typing import Final

_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS
_ZLIB_WBITS: Final = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS: Final = -zlib.MAX_WBITS
_GZIP_MAGIC: Final = b"\x1f\x8b"
_UNASKED_COMPRESSION: Final = frozenset({"br", "zstd", "compress", "x-compress"})

# Encodings we advertise in Accept-Encoding and therefore must be able to decode.
ACCEPTED_ENCODINGS: Final = "gzip, deflate"


class DecodeError(ValueError):
    """The body does not decode under its declared Content-Encoding."""


class BodyTooLarge(ValueError):
    """The decoded body grew past the limit."""


class BoundedDecoder:
    """Decode a body chunk by chunk, refusing to yield more than ``limit`` bytes in total."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        self._encoding = content_encoding.strip().lower()
        self._limit = limit
        self._produced = 0
        self._inflater: zlib._Decompress | None = self._new_inflater()
        self._deflate_fallback_tried = False

    def _new_inflater(self) -> zlib._Decompress | None:
        if self._encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(_GZIP_WBITS)
        if self._encoding == "deflate":
            return zlib.decompressobj(_ZLIB_WBITS)
        if self._encoding in _UNASKED_COMPRESSION:
            # We never advertise these, so a server sending them anyway gets no decoder
            # (and a brotli bomb gets no chance to inflate).
            raise DecodeError(f"Content-Encoding {self._encoding!r} was not requested")
        # identity, absent, or something we never asked for: pass bytes through as
        # httpx would, and let the size cap and the parser judge them.
        return None

    def feed(self, chunk: bytes) -> bytes:
        """Decode one network chunk; raise BodyTooLarge once the limit is passed."""
        if self._inflater is None:
            return self._count(chunk)
        out = bytearray()
        data = chunk
        while data:
            room = self._limit - self._produced - len(out) + 1
            try:
                piece = self._inflater.decompress(data, room)
            except zlib.error as exc:
                if self._retry_as_raw_deflate():
                    continue
                raise DecodeError(f"body is not valid {self._encoding}: {exc}") from exc
            out += piece
            if self._produced + len(out) > self._limit:
                raise BodyTooLarge(f"decoded body exceeds {self._limit} bytes")
            data = self._inflater.unconsumed_tail
            if not data and self._inflater.eof:
                trailing = self._inflater.unused_data
                if not trailing.startswith(_GZIP_MAGIC) or self._encoding == "deflate":
                    break  # Junk after the end of the stream: ignore it, as browsers do.
                # Concatenated gzip members are legal; start the next one.
                data = trailing
                self._inflater = zlib.decompressobj(_GZIP_WBITS)
        return self._count(bytes(out))

    def flush(self) -> bytes:
        """Decode whatever the inflater still holds at the end of the body."""
        if self._inflater is None:
            return b""
        try:
            rest = self._inflater.flush()
        except zlib.error as exc:
            raise DecodeError(f"body is not valid {self._encoding}: {exc}") from exc
        return self._count(rest)

    def _retry_as_raw_deflate(self) -> bool:
        """Some servers send raw deflate without the zlib header; accept it once."""
        if self._encoding != "deflate" or self._deflate_fallback_tried or self._produced:
            return False
        self._deflate_fallback_tried = True
        self._inflater = zlib.decompressobj(_RAW_DEFLATE_WBITS)
        return True

    def _count(self, data: bytes) -> bytes:
        self._produced += len(data)
        if self._produced > self._limit:
            raise BodyTooLarge(f"decoded body exceeds {self._limit} bytes")
        return data
