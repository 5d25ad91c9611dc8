"""The charter gate in the real `garde-ia run`: AI tools wait until `garde-ia charter accept`, a new version asks again."""

import json
import sys
import time
from pathlib import Path

import openai
import pytest
from sqlalchemy import select

from proxy.storage import UsageLog
from proxy.storage.engine import DEFAULT_DB_FILE, read_transaction
from proxy.storage.models import UsageEvent, table_of
from tests.support.guard import ProxyProcess, accept_charter, start_proxy
from tests.support.net import free_port
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
PROMPT = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."
PAGE_HEADERS = {"sec-fetch-dest": "document", "accept": "text/html,application/xhtml+xml"}
CHARTER_LINK = "http://127.0.0.1:8799/charte"


def launch(home: Path, upstream: Upstream, test_ca: Path, *policy: str) -> ProxyProcess:
    port = free_port()
    command = [sys.executable, "-m", "proxy", "run", "--listen-port", str(port), *policy]
    return start_proxy(home, command, upstream.port, test_ca / "ca.pem", port, acknowledge=False)


def ask(proxy: ProxyProcess) -> str:
    """One prompt through the OpenAI SDK; its answer, or raises the SDK's error."""
    with proxy.client() as http:
        sdk = openai.OpenAI(api_key="sk-test", http_client=http, max_retries=0)  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time
        answer = sdk.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}]
        )
    return answer.choices[0].message.content or ""


def device_ids_in_log(home: Path) -> list[str]:
    log = UsageLog.open(f"sqlite:///{home / DEFAULT_DB_FILE}")
    try:
        with read_transaction(log.engine) as connection:
            return [row.device_id for row in connection.execute(select(table_of(UsageEvent)))]
    finally:
        log.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(
        "GARDE_IA_DB", raising=False
    )  # the default: SQLite in the proxy's GARDE_IA_HOME
    return tmp_path / "home"


def test_tools_wait_for_the_charter_then_work_and_a_new_version_asks_again(
    home: Path, fresh_upstream: Upstream, test_ca: Path, tmp_path: Path
) -> None:
    proxy = launch(home, fresh_upstream, test_ca)
    try:
        with pytest.raises(openai.PermissionDeniedError) as refused:
            ask(proxy)
        with proxy.client() as http:
            page = http.get("https://chatgpt.com/", headers=PAGE_HEADERS)
        assert fresh_upstream.received == []  # neither the prompt nor the page reached the service
        message = refused.value.body["message"] if isinstance(refused.value.body, dict) else ""
        assert "prenez connaissance de la charte" in message and "version 2026-03" in message
        assert message.endswith(CHARTER_LINK) and "Dupont" not in str(refused.value)
        assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
        assert "avant d'utiliser ChatGPT" in page.text and f'href="{CHARTER_LINK}"' in page.text

        accept_charter(
            proxy.env, []
        )  # the real `garde-ia charter accept --yes`, same GARDE_IA_HOME
        deadline = time.monotonic() + 60  # the guard reads a "not yet" again every 2 seconds
        while True:
            try:
                answer = ask(proxy)
                break
            except openai.PermissionDeniedError:
                assert time.monotonic() < deadline, (
                    "the acknowledgement was never seen by the guard"
                )
                time.sleep(0.5)
        sent = fresh_upstream.bodies()
        assert b"Dupont" not in sent and b"[PERSONNE_1]" in sent  # checked and pseudonymized
        assert answer == "Voici le courrier pour Jean Dupont, bien cordialement."
        with proxy.client() as http:
            assert (
                "x-garde-ia" not in http.get("https://chatgpt.com/", headers=PAGE_HEADERS).headers
            )
    finally:
        proxy.stop()  # the writer drains its queue on shutdown
    own_id = (home / "device-id").read_text().strip()
    ids = device_ids_in_log(home)
    assert len(ids) >= 2 and set(ids) == {
        own_id
    }  # the refused prompt and the sent one, this device's id

    newer = tmp_path / "policy.toml"
    newer.write_text('[charter]\nversion = "2027-01"\n', encoding="utf-8")
    fresh_upstream.received.clear()
    proxy = launch(home, fresh_upstream, test_ca, "--policy", str(newer))
    try:
        with pytest.raises(openai.PermissionDeniedError) as again:
            ask(proxy)
    finally:
        proxy.stop()
    assert fresh_upstream.received == [] and "version 2027-01" in json.dumps(
        again.value.body, ensure_ascii=False
    )
