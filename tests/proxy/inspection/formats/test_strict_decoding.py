"""Issue 11, family 5: what is forwarded is exactly what was checked (every gzip member, no trailing bytes)."""

import gzip
import zlib

import brotli
import pytest

from proxy.inspection.formats.decoding import decode_body
from proxy.inspection.formats.errors import PayloadError


def test_every_gzip_member_is_read() -> None:
    raw = gzip.compress(b'{"a": "Bonjour"') + gzip.compress(b', "b": "Jean Dupont"}')
    assert decode_body(raw, "gzip", 10_000) == b'{"a": "Bonjour", "b": "Jean Dupont"}'


def test_the_limit_covers_all_members_together() -> None:
    raw = gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600)
    with pytest.raises(PayloadError) as error:
        decode_body(raw, "gzip", 1_000)
    assert error.value.problem == "too_large"


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("gzip", gzip.compress(b"Bonjour") + b"Jean Dupont"),
        (
            "gzip",
            gzip.compress(b"Bonjour") + gzip.compress(b"Jean")[:-3],
        ),  # a truncated second member
        ("deflate", zlib.compress(b"Bonjour") + b"Jean Dupont"),
        ("deflate", zlib.compress(b"Bonjour") + zlib.compress(b"Jean Dupont")),
        ("br", brotli.compress(b"Bonjour") + b"Jean Dupont"),
    ],
    ids=[
        "gzip-trailing",
        "gzip-truncated-member",
        "deflate-trailing",
        "deflate-two-streams",
        "br-trailing",
    ],
)
def test_bytes_after_the_stream_are_refused(encoding: str, raw: bytes) -> None:
    with pytest.raises(PayloadError) as error:
        decode_body(raw, encoding, 10_000)
    assert error.value.problem == "bad_encoding"
