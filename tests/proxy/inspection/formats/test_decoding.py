import gzip
import zlib

import brotli
import pytest
from backports import zstd

from proxy.inspection.formats.decoding import decode_body, decode_text
from proxy.inspection.formats.errors import PayloadError

TEXT = b"Jean Dupont, 06 12 34 56 78"


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)[2:-4]),  # raw deflate
        ("br", brotli.compress(TEXT)),
        ("zstd", zstd.compress(TEXT)),
        ("zstd", zstd.compress(TEXT[:10]) + zstd.compress(TEXT[10:])),  # two frames
    ],
)
def test_decodes_supported_encodings(encoding: str, raw: bytes) -> None:
    assert decode_body(raw, encoding, 1000) == TEXT


@pytest.mark.parametrize(
    ("encoding", "raw", "problem"),
    [
        ("gzip, br", brotli.compress(gzip.compress(TEXT)), "bad_encoding"),  # stacked
        ("x-custom", TEXT, "bad_encoding"),
        ("gzip", gzip.compress(TEXT)[:-8] + b"garbage!", "bad_encoding"),
        ("gzip", gzip.compress(TEXT)[:10], "bad_encoding"),  # truncated
        ("br", b"not brotli", "bad_encoding"),
        ("zstd", b"not zstd", "bad_encoding"),
        ("zstd", zstd.compress(TEXT)[:-3], "bad_encoding"),  # truncated
        ("gzip", gzip.compress(b"\0" * 5_000_000), "too_large"),  # decompression bomb
        ("br", brotli.compress(b"\0" * 5_000_000), "too_large"),
        ("zstd", zstd.compress(b"\0" * 5_000_000), "too_large"),
        ("", b"x" * 1001, "too_large"),
    ],
)
def test_refuses_doubtful_bodies(encoding: str, raw: bytes, problem: str) -> None:
    with pytest.raises(PayloadError) as error:
        decode_body(raw, encoding, 1000)
    assert error.value.problem == problem


def test_text_is_decoded_strictly() -> None:
    assert decode_text("é".encode("latin-1"), "text/plain; charset=ISO-8859-1") == "é"
    with pytest.raises(PayloadError, match="invalid_utf8"):
        decode_text(b"\xff", "application/json")
    with pytest.raises(PayloadError, match="invalid_utf8"):
        decode_text(b"x", "text/plain; charset=nope")
