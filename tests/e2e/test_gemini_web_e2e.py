"""Gemini web through the real `garde-ia run` (French model): prompt pseudonymized, framed answer restored as it streams."""

import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.e2e.gemini_upstream import STREAM_PATH, GeminiUpstream, start_gemini_upstream
from tests.support.frames import read_frames
from tests.support.guard import LaunchGuard, ProxyProcess

pytestmark = pytest.mark.spacy_model
PROMPT = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."


@pytest.fixture(scope="module")
def gemini(test_ca: Path) -> Iterator[GeminiUpstream]:
    upstream, server = start_gemini_upstream(test_ca)
    yield upstream
    upstream.release.set()
    server.shutdown()


@pytest.fixture(scope="module")
def guard(launch_guard: LaunchGuard, gemini: GeminiUpstream) -> ProxyProcess:
    return launch_guard(
        "gemini-guard", gemini.port, ("gemini.google.com",), args=["--no-usage-log"]
    )


def f_req(prompt: str) -> str:
    inner = [[prompt, 0, None, None, None, None, 0], ["fr"], ["c_1", "r_1", "rc_1"]]
    return json.dumps([None, json.dumps(inner, ensure_ascii=False)])


def test_prompt_is_pseudonymized_and_the_framed_answer_restored_frame_by_frame(
    guard: ProxyProcess, gemini: GeminiUpstream
) -> None:
    body = urlencode({"at": "token", "f.req": f_req(PROMPT)})
    received = b""
    context = ssl.create_default_context(cafile=str(guard.ca))
    with (
        httpx.Client(proxy=guard.url, verify=context, timeout=120) as client,
        client.stream(
            "POST",
            f"https://gemini.google.com{STREAM_PATH}?bl=boq_test&_reqid=100001&rt=c",
            content=body,
            headers={
                "content-type": "application/x-www-form-urlencoded;charset=utf-8",
                "x-same-domain": "1",
            },
        ) as response,
    ):
        for chunk in response.iter_raw():
            received += chunk
            if b"wrb.fr" in received:
                gemini.release.set()  # the service sends the rest only once a frame got through
    [sent] = gemini.prompts
    assert "Dupont" not in sent and "[PERSONNE_1]" in sent
    assert gemini.released_in_time == [
        True
    ]  # the first frame arrived while the service still held the rest
    assert response.headers["content-type"].startswith("application/json")
    frames = read_frames(received.decode())  # lengths in UTF-16 units, recomputed after the restore
    texts = [json.loads(f[0][2])[4][0][1][0] for _, f in frames if f[0][0] == "wrb.fr"]
    assert texts[-1] == "Voici le mot pour Jean Dupont 🌻, bien cordialement."
    assert all("[PERSONNE_1]" not in t for t in texts)
