"""The e-mail recognizer never touches the network (tldextract would fetch the suffix list)."""

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anonymizer.recognizers.email import email_recognizer, offline_extractor


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Record (and refuse) every DNS lookup and socket connection made during the test."""
    attempts: list[str] = []

    def refuse_connect(self: socket.socket, address: Any) -> None:
        attempts.append(f"connect {address}")
        raise OSError("network forbidden in this test")

    def refuse_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(f"getaddrinfo {host}")
        raise OSError("network forbidden in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    # No suffix list cached on disk may hide a fetch attempt.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "cache" / "tldextract"))
    offline_extractor.cache_clear()
    yield attempts
    offline_extractor.cache_clear()


def test_email_validation_opens_no_socket(network_attempts: list[str]) -> None:
    text = "Écrivez à jp.martin@orange.fr ou à contact@asso.co.uk."
    results = email_recognizer().analyze(text, ["EMAIL"], None)
    assert sorted(text[r.start : r.end] for r in results) == [
        "contact@asso.co.uk",
        "jp.martin@orange.fr",
    ]
    assert all(r.score == 1.0 for r in results)
    assert network_attempts == []
