"""Bounded decoding of request bodies: compression and text, refusing anything doubtful.

mitmproxy decodes compressed bodies without an output limit (a 400 KB gzip bomb becomes
400 MiB) and returns the compressed bytes when decoding fails with ``strict=False``. garde-ia
decodes itself, with a cap, and treats stacked, unknown or corrupt encodings as errors.
"""

import io
import sys
import zlib

import brotli  # type: ignore[import-untyped]

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # the same module, backported: mitmproxy itself decodes zstd with it
    from backports import zstd

from proxy.inspection.formats.errors import PayloadError


def _one_stream(raw: bytes, wbits: int, limit: int) -> tuple[bytes, bytes]:
    """One zlib/gzip/raw-deflate stream: its output and the bytes that follow it."""
    decoder = zlib.decompressobj(wbits)
    try:
        out = decoder.decompress(raw, limit + 1)
    except zlib.error as error:
        raise PayloadError("bad_encoding") from error
    if len(out) > limit:
        raise PayloadError("too_large")
    if not decoder.eof:
        raise PayloadError("bad_encoding")
    return out, decoder.unused_data


def _gzip_or_deflate(raw: bytes, wbits: int, limit: int) -> bytes:
    """The whole body: every gzip member (a server reads them all), and not one byte after the last.

    Reading only the first member, or ignoring bytes after the stream, would check a text other
    than the one forwarded.
    """
    out, rest = _one_stream(raw, wbits, limit)
    while rest and wbits == 16 + zlib.MAX_WBITS:
        more, rest = _one_stream(rest, wbits, limit - len(out))
        out += more
    if rest:
        raise PayloadError("bad_encoding")
    return out


def _deflate(raw: bytes, limit: int) -> bytes:
    try:
        return _gzip_or_deflate(raw, zlib.MAX_WBITS, limit)
    except PayloadError as error:
        if error.problem == "too_large":
            raise
        return _gzip_or_deflate(
            raw, -zlib.MAX_WBITS, limit
        )  # raw deflate, as browsers sometimes send


def _brotli(raw: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    try:
        out = decoder.process(raw, output_buffer_limit=limit + 1)
    except brotli.error as error:
        raise PayloadError("bad_encoding") from error
    if len(out) > limit or not decoder.is_finished():
        raise PayloadError("too_large" if len(out) > limit else "bad_encoding")
    return bytes(out)


def _zstd(raw: bytes, limit: int) -> bytes:
    try:
        with zstd.ZstdFile(io.BytesIO(raw)) as reader:  # reads every frame, stops at limit + 1
            out = reader.read(limit + 1)
    except (zstd.ZstdError, EOFError) as error:
        raise PayloadError("bad_encoding") from error
    if len(out) > limit:
        raise PayloadError("too_large")
    return out


def decode_body(raw: bytes, content_encoding: str, limit: int) -> bytes:
    """The body without its ``Content-Encoding``, at most ``limit`` bytes, or a PayloadError."""
    if len(raw) > limit:
        raise PayloadError("too_large")
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding in ("gzip", "x-gzip"):
        return _gzip_or_deflate(raw, 16 + zlib.MAX_WBITS, limit)
    if encoding == "deflate":
        return _deflate(raw, limit)
    if encoding == "br":
        return _brotli(raw, limit)
    if encoding == "zstd":
        return _zstd(raw, limit)
    raise PayloadError("bad_encoding")  # unknown or stacked ("gzip, br")


def charset_of(content_type: str) -> str:
    """The charset named in a Content-Type header (UTF-8 when absent)."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"').lower()
    return "utf-8"


def decode_text(body: bytes, content_type: str = "") -> str:
    """Strictly decode a body to text; invalid bytes are an error, never replaced."""
    charset = charset_of(content_type)
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError) as error:
        raise PayloadError("invalid_utf8") from error
