"""BoundedDecoder: every Content-Encoding we advertise, and the cap."""

from __future__ import annotations

import gzip
import zlib

import pytest

from newsdesk.reader.decompress import BodyTooLarge, BoundedDecoder, DecodeError

TEXT = b"Evening edition: the harbour lights are switched on at dusk. " * 200


def _decode(encoding: str, body: bytes, limit: int = 1 << 20, chunk: int = 7) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    out = b"".join(decoder.feed(body[i : i + chunk]) for i in range(0, len(body), chunk))
    return out + decoder.flush()


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("GZIP", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _raw_deflate(TEXT)),
    ],
    ids=["none", "identity", "gzip", "gzip-upper", "x-gzip", "zlib-deflate", "raw-deflate"],
)
def test_decodes(encoding: str, body: bytes) -> None:
    assert _decode(encoding, body, chunk=4096) == TEXT


def test_small_chunks() -> None:
    assert _decode("gzip", gzip.compress(TEXT), chunk=3) == TEXT


def test_concatenated_gzip_members() -> None:
    assert _decode("gzip", gzip.compress(b"first ") + gzip.compress(b"second")) == b"first second"


def test_junk_after_gzip_is_ignored() -> None:
    assert _decode("gzip", gzip.compress(TEXT) + b"\r\n") == TEXT


def test_exactly_at_the_limit() -> None:
    assert _decode("gzip", gzip.compress(TEXT), limit=len(TEXT)) == TEXT


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_one_byte_over_the_limit(encoding: str) -> None:
    body = gzip.compress(TEXT) if encoding else TEXT
    with pytest.raises(BodyTooLarge):
        _decode(encoding, body, limit=len(TEXT) - 1)


def test_bomb_never_inflates_past_the_limit() -> None:
    bomb = gzip.compress(bytes(32 * 1024 * 1024), compresslevel=9)
    decoder = BoundedDecoder("gzip", 4096)
    produced = 0
    with pytest.raises(BodyTooLarge):
        for start in range(0, len(bomb), 65536):
            produced += len(decoder.feed(bomb[start : start + 65536]))
    assert produced <= 4096


def test_garbage_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="gzip"):
        _decode("gzip", b"this is not gzip at all")


@pytest.mark.parametrize("encoding", ["br", "zstd", "BR"])
def test_compression_we_never_asked_for_is_refused(encoding: str) -> None:
    """A brotli or zstd body would need a decoder without an output bound: refuse it."""
    with pytest.raises(DecodeError, match="not requested"):
        BoundedDecoder(encoding, 1024)
