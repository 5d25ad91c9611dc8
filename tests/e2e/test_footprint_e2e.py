"""The footprint estimate end to end: OpenAI SDK through the real `garde-ia run`, usage rows, then `garde-ia report`."""

import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam
from sqlalchemy import select

from proxy.storage import UsageLog
from proxy.storage.engine import DEFAULT_DB_FILE, read_transaction
from proxy.storage.models import UsageEvent, table_of
from tests.support.csv_rows import csv_rows
from tests.support.guard import start_proxy
from tests.support.net import free_port
from tests.support.paths import ROOT
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
NEUTRAL = "Propose trois idées d'activités pour une fête de quartier."
PERSONAL = "Rédige un mot de remerciement pour Jean Dupont, bénévole depuis dix ans."
# What the fake upstream answers (tests/e2e/upstream.py): the first placeholder it got, or "vous".
NEUTRAL_ANSWER = "Voici le courrier pour vous, bien cordialement."
PERSONAL_ANSWER = "Voici le courrier pour [PERSONNE_1], bien cordialement."


@pytest.fixture(scope="module")
def footprint_run(
    tmp_path_factory: pytest.TempPathFactory, upstream: Upstream, test_ca: Path
) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("footprint")
    port = free_port()
    proxy = start_proxy(
        home,
        [sys.executable, "-m", "proxy", "run", "--listen-port", str(port)],
        upstream.port,
        test_ca / "ca.pem",
        port,
    )
    try:
        verify = ssl.create_default_context(cafile=str(proxy.ca))
        with httpx.Client(proxy=proxy.url, verify=verify, timeout=60) as http_client:
            client = openai.OpenAI(api_key="sk-test", http_client=http_client, max_retries=0)  # type: ignore[arg-type]  # the openai SDK types http_client against httpx2; it takes an httpx client at run time

            def ask(text: str, stream: bool) -> str:
                messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": text}]
                if stream:
                    chunks = client.chat.completions.create(
                        model="gpt-4o-mini", messages=messages, stream=True
                    )
                    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
                answer = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
                return answer.choices[0].message.content or ""

            # Nothing to restore yet: the stream is counted by the pass-through counter.
            answers = [ask(NEUTRAL, stream=True)]
            # A placeholder in the conversation: the stream goes through the restorer, which counts it.
            answers += [ask(PERSONAL, stream=True), ask(PERSONAL, stream=False)]
    finally:
        proxy.stop()  # the writer drains its queue on shutdown
    assert answers == [
        NEUTRAL_ANSWER,
        *[PERSONAL_ANSWER.replace("[PERSONNE_1]", "Jean Dupont")] * 2,
    ]
    return home, proxy.env


def test_each_answer_has_its_text_size_and_a_footprint(
    footprint_run: tuple[Path, dict[str, str]],
) -> None:
    home, _ = footprint_run
    usage_log = UsageLog.open(f"sqlite:///{home / DEFAULT_DB_FILE}")
    try:
        with read_transaction(usage_log.engine) as connection:
            events = connection.execute(
                select(table_of(UsageEvent)).order_by(UsageEvent.occurred_at)
            ).all()
    finally:
        usage_log.close()
    assert [(e.tool_id, e.action, e.provider, e.model) for e in events] == [
        ("openai_api", "allow", "openai", "gpt-4o-mini"),
        ("openai_api", "pseudonymize", "openai", "gpt-4o-mini"),
        ("openai_api", "pseudonymize", "openai", "gpt-4o-mini"),
    ]
    # The text the model wrote, not the SSE/JSON framing around it (several times longer).
    assert [e.output_chars for e in events] == [
        len(NEUTRAL_ANSWER),
        len(PERSONAL_ANSWER),
        len(PERSONAL_ANSWER),
    ]
    assert (
        events[2].response_bytes > 2 * events[2].output_chars
    )  # streamed answers have no body size
    for event in events:
        assert event.energy_kwh is not None and event.energy_kwh > 0
        assert event.gwp_kgco2eq is not None and event.gwp_kgco2eq > 0


def test_report_csv_shows_the_footprint_of_the_tool(
    footprint_run: tuple[Path, dict[str, str]],
) -> None:
    _, env = footprint_run
    result = subprocess.run(
        [sys.executable, "-m", "proxy", "report", "--format", "csv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [row for row in csv_rows(result.stdout) if row["outil"] == "API OpenAI"]
    footprint = {row["élément"]: row for row in rows if row["rubrique"] == "empreinte"}
    assert set(footprint) == {"énergie", "émissions"}  # no "modèle inconnu" line
    for item, unit in (("énergie", "kWh"), ("émissions", "kgCO2eq")):
        value = footprint[item]["valeur"]
        assert "e" not in value.lower() and "." not in value  # decimal comma, never 3.39906e-06
        assert float(value.replace(",", ".")) > 0 and footprint[item]["unité"] == unit
