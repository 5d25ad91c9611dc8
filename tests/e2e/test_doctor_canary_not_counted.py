"""garde-ia doctor's test request is a check, not use: the real guard blocks it and counts nothing."""

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from proxy.doctor.canary import send_canary
from proxy.storage import UsageLog
from proxy.storage.engine import DEFAULT_DB_FILE
from proxy.usage.canary import CANARY_PROMPT, CANARY_URL
from tests.support.guard import ProxyProcess
from tests.support.net import free_port

pytestmark = pytest.mark.spacy_model


def same_prompt_under_another_model(proxy_url: str) -> int:
    """A real use with the canary's words: blocked, and counted."""
    body = json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": CANARY_PROMPT}]}
    ).encode()
    request = urllib.request.Request(
        CANARY_URL, data=body, method="POST", headers={"content-type": "application/json"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy_url}))
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_the_canary_is_blocked_and_never_counted(tmp_path: Path) -> None:
    port = free_port()
    guard = ProxyProcess(
        [sys.executable, "-m", "proxy", "run", "--listen-port", str(port)], tmp_path / "home", port
    )
    try:
        blocked, _ = send_canary(guard.url, timeout=60)
        assert blocked
        assert same_prompt_under_another_model(guard.url) == 403
    finally:
        guard.stop()  # the background writer flushes on the way out
    log = UsageLog.open(f"sqlite:///{tmp_path / 'home' / DEFAULT_DB_FILE}")
    try:
        events = log.recent_events(10)
    finally:
        log.close()
    assert [(e.tool_id, e.action) for e in events] == [("openai_api", "block")]  # the real use only
